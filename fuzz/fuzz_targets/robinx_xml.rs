//! RobinX (ITC2021) XML import, as `cunba schedule validate INSTANCE SOLUTION` reads it: the
//! fuzzer's bytes are an instance file and a solution file separated by the first NUL byte
//! (without one, both are read from the whole input). Each is parsed
//! (`Instance::from_xml`, `Solution::from_xml`); a solution read is written back and read
//! again; when both parse, the solution is scored against the instance.
#![no_main]
use cunba_domain::schedule::{evaluate, Instance, Solution};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (instance, solution) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let (Ok(instance), Ok(solution)) =
        (std::str::from_utf8(instance), std::str::from_utf8(solution))
    else {
        return;
    };
    let instance = Instance::from_xml(instance);
    let solution = Solution::from_xml(solution);
    if let Ok(solution) = &solution {
        let again = Solution::from_xml(&solution.to_xml()).expect("a written solution reads back");
        assert_eq!(again.games.len(), solution.games.len());
    }
    if let (Ok(instance), Ok(solution)) = (&instance, &solution) {
        let _ = evaluate(instance, &solution.games);
    }
});

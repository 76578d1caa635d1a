//! The validator against the published ITC2021 data: it must reproduce the objective stated in
//! every best-known solution, and find every feasibility-set solution free of hard violations.

use std::path::PathBuf;

use cunba_domain::schedule::{assess, Instance, Solution};

/// `shared/robinx` sits beside the repository clone; `ROBINX_DIR` overrides that.
fn robinx_dir() -> PathBuf {
    match std::env::var_os("ROBINX_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/robinx"),
    }
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn xml_files(dir: PathBuf) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// "ITC2021_Early_01.xml" (solution) names the instance "ITC2021_Early_1.xml".
fn instance_file_for(solution: &std::path::Path) -> PathBuf {
    let stem = solution.file_stem().unwrap().to_str().unwrap();
    let (prefix, number) = stem.rsplit_once('_').unwrap();
    let number: u32 = number.parse().unwrap();
    robinx_dir().join(format!("itc2021/instances/{prefix}_{number}.xml"))
}

#[test]
fn validator_reproduces_every_best_known_objective() {
    let solutions = xml_files(robinx_dir().join("itc2021/best-known-solutions"));
    assert_eq!(
        solutions.len(),
        45,
        "expected the 45 ITC2021 competition instances"
    );
    let mut mismatches = Vec::new();
    for path in &solutions {
        let instance = Instance::from_xml(&read(&instance_file_for(path))).unwrap();
        let solution = Solution::from_xml(&read(path)).unwrap();
        let claimed = solution
            .claimed_objective
            .expect("best-known files state their objective");
        let assessment = assess(&instance, &solution.games);
        if assessment.evaluation.infeasibility != 0 || assessment.evaluation.objective != claimed {
            mismatches.push(format!(
                "{}: got {}, file says objective={claimed} (structure faults: {:?})",
                path.file_name().unwrap().to_string_lossy(),
                assessment.evaluation,
                assessment.structure.first(),
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of 45 differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn feasibility_set_solutions_have_no_hard_violations() {
    for size in ["Tiny", "Small", "Medium"] {
        let base = robinx_dir().join("feasibility").join(size);
        let instances = xml_files(base.join("instances"));
        assert!(
            instances.len() >= 50,
            "{size}: only {} instances",
            instances.len()
        );
        for instance_path in instances {
            let solution_path = base
                .join("solutions")
                .join(instance_path.file_name().unwrap());
            let instance = Instance::from_xml(&read(&instance_path)).unwrap();
            let solution = Solution::from_xml(&read(&solution_path)).unwrap();
            let assessment = assess(&instance, &solution.games);
            assert_eq!(
                assessment.evaluation.infeasibility,
                0,
                "{}: structure {:?}, violated hard constraints {:?}",
                instance_path.display(),
                assessment.structure,
                assessment.violated_hard(&instance)
            );
        }
    }
}

#[test]
fn every_instance_file_parses() {
    let instances = xml_files(robinx_dir().join("itc2021/instances"));
    assert_eq!(instances.len(), 54);
    for path in instances {
        let instance =
            Instance::from_xml(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            instance.slot_count(),
            2 * (instance.team_count() - 1),
            "{}",
            path.display()
        );
    }
}

#[test]
fn solve_then_validate_round_trips_through_xml() {
    let instance_xml = read(&robinx_dir().join("itc2021/instances/ITC2021_Test1.xml"));
    let mut reports = Vec::new();
    let solution_xml =
        cunba_domain::schedule::solve_robinx(&instance_xml, 0.5, 5, |p| reports.push(*p)).unwrap();
    let evaluation = cunba_domain::schedule::validate_robinx(&instance_xml, &solution_xml).unwrap();
    let solution = Solution::from_xml(&solution_xml).unwrap();
    assert_eq!(solution.games.len(), 30);
    assert_eq!(solution.claimed_objective, Some(evaluation.objective));
    assert_eq!(
        solution.claimed_infeasibility,
        Some(evaluation.infeasibility)
    );
    assert!(!reports.is_empty());
    assert!(cunba_domain::schedule::validate_robinx("<Instance>", &solution_xml).is_err());
}

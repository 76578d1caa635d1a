//! Shared by the form targets: the fuzzer's bytes read as an `application/x-www-form-urlencoded`
//! body already decoded into (name, value) pairs — `&` between fields, the first `=` between
//! a name and its value — which is what the server hands the domain parsers.

pub fn fields(data: &[u8]) -> Vec<(&str, &str)> {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&data[..error.valid_up_to()]).unwrap_or_default(),
    };
    text.split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect()
}

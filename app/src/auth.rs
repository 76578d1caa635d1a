//! Who is signed in, as pages and server functions see it.
//!
//! The server's session layer reads the session cookie once per request (only when there is
//! one: residents pay nothing) and leaves a [`CurrentViewer`] in the request's extensions,
//! which Leptos hands to every page and server function with the request's `Parts`.
use crate::model::Viewer;

/// The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS.
pub const SESSION_COOKIE: &str = "cunba_session";

#[derive(Clone, Debug, Default)]
pub struct CurrentViewer(pub Option<Viewer>);

/// The signed-in user of the request being rendered, if any.
pub fn viewer() -> Option<Viewer> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CurrentViewer>().cloned())
            .and_then(|current| current.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// How many things the signed-in person has to do ([`crate::db::todo`]), counted by the
/// server's session layer for each page it renders.
#[derive(Clone, Copy, Debug)]
pub struct TodoCount(pub u64);

/// The count for this page, if the server counted one.
pub fn todo_count() -> Option<u64> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<TodoCount>().copied())
            .map(|TodoCount(count)| count)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Who may open an organisers' page: `Some(answer)` — sign in first, or not allowed — for
/// anybody but an organiser, who gets `None` and the data.
#[cfg(feature = "ssr")]
pub fn organisers_only<T>() -> Option<crate::model::Guarded<T>> {
    use crate::model::Guarded;
    match viewer() {
        None => Some(Guarded::NeedSignIn),
        Some(viewer) if !viewer.organises() => Some(Guarded::NotAllowed),
        Some(_) => None,
    }
}

/// The session token a request carries in its `Cookie` headers, if any: the one reader of
/// the session cookie (the session layer, signing out, the scorer's device).
#[cfg(feature = "ssr")]
pub fn session_token(headers: &http::HeaderMap) -> Option<&str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|header| cookie(header, SESSION_COOKIE))
}

/// The device the request being rendered comes from: the hash of its session (never the
/// session itself), as the scorer's sheet knows the phone that keeps it.
#[cfg(feature = "ssr")]
pub fn device() -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| session_token(&parts.headers).map(crate::db::live::device_of))
}

/// A cookie's value from a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Whether `next` is a path on this site, safe to redirect to: it starts with one `/`, and
/// neither it nor its percent-decoded form holds a second leading slash, a backslash, a
/// control character (browsers drop tabs and newlines, so `/\t/evil.example` becomes
/// `//evil.example`), a space or anything outside ASCII. One check for every redirect.
pub fn is_local_path(next: &str) -> bool {
    fn stays_here(path: &[u8]) -> bool {
        path.first() == Some(&b'/')
            && !matches!(path.get(1), Some(b'/' | b'\\'))
            && !path.iter().any(|&b| b == b'\\' || b.is_ascii_control())
    }
    if !next.bytes().all(|b| b.is_ascii_graphic()) || !stays_here(next.as_bytes()) {
        return false;
    }
    // Decoded once and again (a proxy or a browser may decode what it is given).
    let mut text = next.as_bytes().to_vec();
    for _ in 0..2 {
        text = percent_decode(&text);
        if !stays_here(&text) {
            return false;
        }
    }
    true
}

/// `next` when it is a path on this site, otherwise `fallback`.
pub fn local_path_or(next: Option<&str>, fallback: &str) -> String {
    next.filter(|next| is_local_path(next))
        .unwrap_or(fallback)
        .to_owned()
}

fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high << 4) | low);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_pass() {
        for ok in [
            "/",
            "/me",
            "/games/12?tab=box",
            "/signin?next=%2Fme",
            "/camp#form",
            "/a%20b",
        ] {
            assert!(is_local_path(ok), "{ok}");
        }
    }

    #[test]
    fn anything_that_can_leave_the_site_is_refused() {
        for bad in [
            "",
            "me",
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5C/evil.example",
            "/%5cevil.example",
            "/%252F/evil.example",
            "/%2509/evil.example",
            "/ /evil.example",
            "/x\\y",
            "/\u{3000}/evil.example",
            "/队/",
            "/\u{7f}",
            "/\0",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
        assert_eq!(local_path_or(Some("/%09/evil.example"), "/me"), "/me");
        assert_eq!(local_path_or(Some("/teams"), "/me"), "/teams");
        assert_eq!(local_path_or(None, "/"), "/");
    }
}

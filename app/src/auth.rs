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

/// A cookie's value from a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

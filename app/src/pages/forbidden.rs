//! The 403 page: what a signed-in user who may not do something gets, in the site's frame —
//! for a page here ([`refused`]) or for a form posted to `/actions/…` (the server renders
//! [`ForbiddenPage`] for those, see `server/src/actions/mod.rs`).
use leptos::prelude::*;

use crate::components::{use_lang, Layout, PageTitle};
use crate::i18n::Key;
use crate::model::Guarded;

/// Asks the app to show the 403 page whatever the address: provided by the server when an
/// action refuses a signed-in user.
#[derive(Clone, Copy, Debug)]
pub struct ShowForbidden;

/// Answers this request with `status` (the page still renders in the layout).
pub(crate) fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// `403 Forbidden`, a page of its own.
#[component]
pub fn ForbiddenPage() -> impl IntoView {
    let lang = use_lang();
    set_status(403);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::ForbiddenTitle)/>
            <p class="error" role="alert">{lang.t(Key::NotAllowed)}</p>
            <p><a href="/">{lang.t(Key::BackHome)}</a></p>
        </Layout>
    }
}

/// What an organisers' page shows instead of its data: 401 with a sign-in link back to
/// `back`, 403, or 404 saying `missing` — never any data.
pub(crate) fn refused<T>(answer: &Guarded<T>, back: String, missing: Key) -> AnyView {
    let lang = use_lang();
    match answer {
        Guarded::NeedSignIn => {
            set_status(401);
            let href = format!("/signin?next={back}");
            view! {
                <p>{lang.t(Key::NeedSignIn)}</p>
                <p><a class="button primary" href=href>{lang.t(Key::SignIn)}</a></p>
            }
            .into_any()
        }
        Guarded::NotAllowed => {
            set_status(403);
            view! { <p class="error" role="alert">{lang.t(Key::NotAllowed)}</p> }.into_any()
        }
        _ => {
            set_status(404);
            view! { <p class="empty">{lang.t(missing)}</p> }.into_any()
        }
    }
}

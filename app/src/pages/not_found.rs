use leptos::prelude::*;

use crate::components::{use_lang, Layout, PageTitle};
use crate::i18n::Key;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    set_404();
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::NotFound)/>
            <p><a href="/">{lang.t(Key::BackHome)}</a></p>
        </Layout>
    }
}

/// Answers this request with 404 Not Found (the page still renders in the layout).
pub fn set_404() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

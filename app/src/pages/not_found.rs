use leptos::prelude::*;

use crate::components::{use_lang, Layout, PageTitle};
use crate::i18n::Key;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::NotFound)/>
            <p><a href="/">{lang.t(Key::BackHome)}</a></p>
        </Layout>
    }
}

use leptos::prelude::*;

use crate::components::{use_lang, Layout, PageTitle};
use crate::i18n::Key;

/// 训练营: the summer camp. Enrolment itself arrives with the camp issue; until then the
/// page says plainly that it has not opened.
#[component]
pub fn CampPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CampTitle)/>
            <p class="empty">{lang.t(Key::CampNotOpen)}</p>
        </Layout>
    }
}

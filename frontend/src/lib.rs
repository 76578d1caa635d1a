//! The browser side: hydrate the islands, nothing else. Everything outside an `#[island]`
//! stays server-rendered HTML and ships no code.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

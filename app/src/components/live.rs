//! The live refresh: a page that asks for it (through `Layout`'s `live` prop) gets a small
//! island outside `<main>` that listens to `/live` and, when something it shows changes,
//! fetches the page again and swaps in the new `<main>`. Without JavaScript the island is an
//! empty status line and every load shows the latest.
use leptos::prelude::*;

/// Which changes a page wants to hear about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveTopic {
    pub competition: Option<i32>,
    pub game: Option<i32>,
    /// Only confirmed results (a table does not change when a game is moved).
    pub results_only: bool,
}

impl LiveTopic {
    /// Every result and schedule change (the today page).
    pub fn everything() -> LiveTopic {
        LiveTopic::default()
    }

    /// One game's changes.
    pub fn game(id: i32) -> LiveTopic {
        LiveTopic {
            game: Some(id),
            ..LiveTopic::default()
        }
    }

    /// Results of one competition, or of all when none is named.
    pub fn results(competition: Option<i32>) -> LiveTopic {
        LiveTopic {
            competition,
            results_only: true,
            ..LiveTopic::default()
        }
    }

    /// The stream's address, with its filter.
    pub fn src(&self) -> String {
        let filters: Vec<String> = [("competition", self.competition), ("game", self.game)]
            .into_iter()
            .filter_map(|(name, id)| id.map(|id| format!("{name}={id}")))
            .collect();
        if filters.is_empty() {
            "/live".into()
        } else {
            format!("/live?{}", filters.join("&"))
        }
    }
}

/// Where the page says what to listen to: the element around the island. Its attributes
/// (`data-src`, `data-kinds`, `data-label`) carry the settings instead of island props, which
/// would bring serde_json's deserializer and float formatting into the wasm (about 40 KB).
pub const SETTINGS_ID: &str = "live";
/// The status line the island writes "已更新 HH:MM" into.
pub const NOTE_ID: &str = "live-note";

/// The live refresh, for `Layout`: the settings element with the island inside.
#[component]
pub fn LiveUpdates(topic: LiveTopic, label: &'static str) -> impl IntoView {
    let kinds = if topic.results_only {
        "result"
    } else {
        "result schedule"
    };
    view! {
        <div id=SETTINGS_ID data-src=topic.src() data-kinds=kinds data-label=label>
            <LiveRefresh/>
        </div>
    }
}

/// The island: an empty polite status line on the server; in the browser it opens the
/// stream and says when the page last updated itself.
#[island]
pub fn LiveRefresh() -> impl IntoView {
    // `cargo test --workspace` builds `app` for the host with `ssr` and `hydrate` at once:
    // the browser code is checked there but runs only in wasm. The note is written into
    // the element directly: an empty reactive text node does not survive the HTML parser,
    // and hydrating it fails.
    #[cfg(feature = "hydrate")]
    if cfg!(target_arch = "wasm32") {
        browser::listen();
    }
    view! { <p class="live-note" id=NOTE_ID role="status" aria-live="polite"></p> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use std::rc::Rc;

    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        Document, DomParser, EventSource, RequestCache, RequestCredentials, RequestInit, Response,
        SupportedType,
    };

    struct Refresh {
        /// A fetch is under way.
        busy: Cell<bool>,
        /// Another event came during the fetch: fetch once more after it.
        again: Cell<bool>,
        /// The stream dropped; the browser reconnects by itself, and what changed in
        /// between was missed, so refresh once it is back.
        lost: Cell<bool>,
        label: String,
    }

    pub fn listen() {
        let Some(settings) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id(super::SETTINGS_ID))
        else {
            return;
        };
        let setting = |name: &str| settings.get_attribute(name).unwrap_or_default();
        let Ok(source) = EventSource::new(&setting("data-src")) else {
            return;
        };
        let state = Rc::new(Refresh {
            busy: Cell::new(false),
            again: Cell::new(false),
            lost: Cell::new(false),
            label: setting("data-label"),
        });
        let on_change = {
            let state = state.clone();
            Closure::<dyn Fn()>::new(move || refresh(state.clone()))
        };
        for kind in setting("data-kinds").split_whitespace() {
            let _ =
                source.add_event_listener_with_callback(kind, on_change.as_ref().unchecked_ref());
        }
        let on_error = {
            let state = state.clone();
            Closure::<dyn Fn()>::new(move || state.lost.set(true))
        };
        let on_open = Closure::<dyn Fn()>::new(move || {
            if state.lost.replace(false) {
                refresh(state.clone());
            }
        });
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        // The page keeps the stream for as long as it is open.
        on_change.forget();
        on_error.forget();
        on_open.forget();
        std::mem::forget(source);
    }

    fn refresh(state: Rc<Refresh>) {
        if state.busy.replace(true) {
            state.again.set(true);
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                state.again.set(false);
                if let Ok(true) = reload_main().await {
                    if let Some(line) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id(super::NOTE_ID))
                    {
                        line.set_text_content(Some(&format!("{} {}", state.label, now_hh_mm())));
                    }
                }
                if !state.again.get() {
                    break;
                }
            }
            state.busy.set(false);
        });
    }

    /// Fetches this page again and puts its `<main>` in place of ours, keeping open
    /// `<details>` open. `Ok(false)` when there was nothing to swap.
    async fn reload_main() -> Result<bool, JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let document = window.document().ok_or(JsValue::NULL)?;
        let init = RequestInit::new();
        init.set_credentials(RequestCredentials::SameOrigin);
        init.set_cache(RequestCache::NoStore);
        let href = window.location().href()?;
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(&href, &init))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Ok(false);
        }
        let html = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        let fetched = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
        let (Some(main), Some(fresh)) = (
            document.query_selector("main")?,
            fetched.query_selector("main")?,
        ) else {
            return Ok(false);
        };
        let open = open_details(&document)?;
        main.set_inner_html(&fresh.inner_html());
        let details = document.query_selector_all("main details")?;
        for index in open {
            if let Some(element) = details
                .item(index)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = element.set_attribute("open", "");
            }
        }
        document.set_title(&fetched.title());
        Ok(true)
    }

    fn open_details(document: &Document) -> Result<Vec<u32>, JsValue> {
        let details = document.query_selector_all("main details")?;
        Ok((0..details.length())
            .filter(|&index| {
                details
                    .item(index)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|element| element.has_attribute("open"))
            })
            .collect())
    }

    /// The time now in Asia/Shanghai (UTC+8 all year), as HH:MM.
    fn now_hh_mm() -> String {
        let minutes = (js_sys::Date::now() / 60_000.0) as i64 + 8 * 60;
        format!(
            "{:02}:{:02}",
            minutes.div_euclid(60).rem_euclid(24),
            minutes.rem_euclid(60)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_address_carries_the_filter() {
        assert_eq!(LiveTopic::everything().src(), "/live");
        assert_eq!(LiveTopic::game(4).src(), "/live?game=4");
        assert_eq!(LiveTopic::results(Some(2)).src(), "/live?competition=2");
        assert_eq!(LiveTopic::results(None).src(), "/live");
    }
}

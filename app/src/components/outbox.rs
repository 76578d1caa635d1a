//! Score reports that survive a dropped signal.
//!
//! The score form is a plain form post. With this island hydrated, submitting it sends the
//! same fields with `fetch`; when that fails because the phone is offline, the report is
//! kept in the phone's `localStorage` ("saved on this phone, will be sent") and sent when
//! the connection returns — on the `online` event, or when any page of the site is opened
//! again. Each report carries the idempotency key the form was rendered with, so a report
//! that did reach the server before the signal dropped is stored once.
//!
//! Each kept report belongs to the user who was signed in when it was kept (the page says
//! who is signed in, `data-user`): on a shared phone the next captain never sends the
//! previous one's report; it waits for its own user to sign in again.
use leptos::prelude::*;

use crate::components::use_lang;
use crate::i18n::Key;

/// The element around the island whose `data-saved` and `data-sent` hold the status texts
/// in the reader's language: the island itself carries no dictionary (nor serde_json), which
/// keeps the wasm every page loads small.
pub const TEXTS_ID: &str = "outbox-texts";

/// A report kept on the phone: where it goes, the form fields (URL-encoded) and the user
/// who was signed in when it was kept.
#[cfg(any(feature = "hydrate", test))]
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub url: String,
    pub body: String,
    pub user: String,
}

/// The kept reports `user` may send now (theirs, oldest first), and those to keep for
/// others. A report kept before reports named their user is nobody's: it is dropped.
#[cfg(any(feature = "hydrate", test))]
pub fn for_user(items: Vec<Kept>, user: &str) -> (Vec<Kept>, Vec<Kept>) {
    let (mine, others): (Vec<Kept>, Vec<Kept>) = items
        .into_iter()
        .filter(|item| !item.user.is_empty())
        .partition(|item| !user.is_empty() && item.user == user);
    (mine, others)
}

/// The outbox for `Layout`: its texts and who is signed in, with the island inside.
#[component]
pub fn OutboxLine() -> impl IntoView {
    let lang = use_lang();
    let user = crate::auth::viewer()
        .map(|viewer| viewer.id.to_string())
        .unwrap_or_default();
    view! {
        <div id=TEXTS_ID class="outbox-texts" data-saved=lang.t(Key::SavedOnPhone)
            data-sent=lang.t(Key::SentFromPhone) data-user=user>
            <Outbox/>
        </div>
    }
}

/// The status line the island writes into; server-rendered empty.
#[island]
pub fn Outbox() -> impl IntoView {
    // `cargo test --workspace` builds `app` for the host with `ssr` and `hydrate` at once:
    // the browser code runs only in wasm.
    #[cfg(feature = "hydrate")]
    if cfg!(target_arch = "wasm32") {
        Effect::new(move |_| browser::start());
    }
    view! { <p class="outbox" id="outbox" role="status" aria-live="polite"></p> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use js_sys::{Array, Object, Reflect, JSON};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{HtmlFormElement, UrlSearchParams};

    use super::Kept as Item;
    use crate::components::browser::{field, post_form, storage, stored_list};

    const STORE: &str = "cunba_outbox";

    /// A status text the page put beside the island (`saved` or `sent`).
    fn text(name: &str) -> String {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(super::TEXTS_ID))
            .and_then(|e| e.get_attribute(&format!("data-{name}")))
            .unwrap_or_default()
    }

    fn say(text: &str) {
        if let Some(line) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("outbox"))
        {
            line.set_text_content(Some(text));
        }
    }

    fn load() -> Vec<Item> {
        stored_list(STORE, |item| {
            Some(Item {
                url: field(&item, "url")?,
                body: field(&item, "body")?,
                user: field(&item, "user").unwrap_or_default(),
            })
        })
    }

    fn save(items: &[Item]) {
        let list = Array::new();
        for item in items {
            let object = Object::new();
            let _ = Reflect::set(&object, &"url".into(), &JsValue::from_str(&item.url));
            let _ = Reflect::set(&object, &"body".into(), &JsValue::from_str(&item.body));
            let _ = Reflect::set(&object, &"user".into(), &JsValue::from_str(&item.user));
            list.push(&object);
        }
        if let (Some(storage), Some(text)) = (
            storage(),
            JSON::stringify(&list)
                .ok()
                .and_then(|text| text.as_string()),
        ) {
            let _ = storage.set_item(STORE, &text);
        }
    }

    fn online() -> bool {
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }

    fn go(to: &str) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(to);
        }
    }

    fn keep(item: Item) {
        let mut items = load();
        if !items.iter().any(|kept| kept.body == item.body) {
            items.push(item);
        }
        save(&items);
        say(&text("saved"));
    }

    /// Sends what the phone kept for the signed-in user, oldest first; stops at the first
    /// that cannot get through. Other users' reports stay for them.
    async fn flush() {
        let (mut items, others) = super::for_user(load(), &text("user"));
        let store = |items: &[Item]| {
            let mut all = items.to_vec();
            all.extend(others.iter().cloned());
            save(&all);
        };
        store(&items);
        while let Some(item) = items.first().cloned() {
            match post_form(&item.url, &item.body, None).await {
                // Not there yet, or signed out / a server error: keep it for later.
                None => return,
                Some((status, _)) if status == 401 || status >= 500 => return,
                Some((_, json)) => {
                    items.remove(0);
                    store(&items);
                    let message = field(&json, "message").unwrap_or_default();
                    say(&format!("{} {message}", text("sent")));
                }
            }
        }
    }

    pub fn start() {
        let Some(window) = web_sys::window() else {
            return;
        };
        leptos::task::spawn_local(flush());
        let on_online = Closure::<dyn Fn()>::new(|| leptos::task::spawn_local(flush()));
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();

        let Some(form) = window
            .document()
            .and_then(|d| d.get_element_by_id("score-form"))
            .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let target = form.clone();
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let Ok(data) = web_sys::FormData::new_with_form(&target) else {
                return;
            };
            let Ok(params) = UrlSearchParams::new_with_str_sequence_sequence(&data) else {
                return;
            };
            let item = Item {
                url: target.action(),
                body: String::from(params.to_string()),
                user: text("user"),
            };
            if !online() {
                keep(item);
                return;
            }
            leptos::task::spawn_local(async move {
                match post_form(&item.url, &item.body, None).await {
                    None => keep(item),
                    Some((_, json)) => match field(&json, "redirect") {
                        Some(to) => go(&to),
                        None => say(&field(&json, "message").unwrap_or_default()),
                    },
                }
            });
        });
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(user: &str, body: &str) -> Kept {
        Kept {
            url: "/actions/games/1/report".into(),
            body: body.into(),
            user: user.into(),
        }
    }

    #[test]
    fn a_user_sends_only_their_own_kept_reports() {
        let items = vec![
            kept("7", "a"),
            kept("9", "b"),
            kept("", "old"),
            kept("7", "c"),
        ];
        let (mine, others) = for_user(items.clone(), "7");
        assert_eq!(mine, vec![kept("7", "a"), kept("7", "c")]);
        assert_eq!(others, vec![kept("9", "b")]);
        let (mine, others) = for_user(items, "");
        assert!(mine.is_empty());
        assert_eq!(others.len(), 3, "nobody signed in sends nothing");
    }
}

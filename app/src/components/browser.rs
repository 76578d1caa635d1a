//! What the islands share in the browser: the phone's `localStorage` (and a list kept in
//! it), a field of a JavaScript object, and a form post that asks for the JSON answer.
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The list kept as JSON under `key` in `localStorage`, each item as `read` takes it (an
/// item it cannot read is left out); empty when there is none.
pub fn stored_list<T>(key: &str, read: impl FnMut(JsValue) -> Option<T>) -> Vec<T> {
    let Some(list) = storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|text| JSON::parse(&text).ok())
        .and_then(|value| value.dyn_into::<Array>().ok())
    else {
        return Vec::new();
    };
    list.iter().filter_map(read).collect()
}

/// A string field of a JavaScript object (the browser's own JSON, not serde_json).
pub fn field(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// Posts a URL-encoded form with `Accept: application/json`: what the server answered
/// (status and JSON, `null` when it sent none), or `None` when the request never got there
/// (or, with `timeout_ms`, took longer than that).
pub async fn post_form(url: &str, body: &str, timeout_ms: Option<u32>) -> Option<(u16, JsValue)> {
    let window = web_sys::window()?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(ms) = timeout_ms {
        init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(ms)));
    }
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Accept", "application/json").ok()?;
    headers
        .set("Content-Type", "application/x-www-form-urlencoded")
        .ok()?;
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    Some((response.status(), json.unwrap_or(JsValue::NULL)))
}

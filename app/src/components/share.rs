//! Share cards: the PNG the server draws for a game, a competition's standings and today's
//! games (`/cards/…`), announced in the page's `<head>` as Open Graph tags and offered as a
//! link to save and forward in a chat.
use leptos::prelude::*;
use leptos_meta::Meta;

use super::use_lang;
use crate::i18n::Key;

/// The size of every card: the common link-preview size (1.91:1), sharp on a phone.
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;

/// Whether this server can draw cards (it found a Chinese font at start-up); provided by
/// the server for every page. Without it the pages leave the image out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShareCards(pub bool);

fn available() -> bool {
    use_context::<ShareCards>().is_some_and(|cards| cards.0)
}

/// The card's path for a game.
pub fn game_card(id: i32) -> String {
    format!("/cards/games/{id}.png")
}

/// The card's path for a competition's standings.
pub fn standings_card(competition_id: i32) -> String {
    format!("/cards/standings/{competition_id}.png")
}

/// The card's path for today's games.
pub const TODAY_CARD: &str = "/cards/today.png";

/// `path` on this site as an absolute URL, as the reader's request named the site (the
/// `Host` header, and `X-Forwarded-Proto` from a proxy that terminates HTTPS).
pub fn absolute(path: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        let (scheme, host) = request_site();
        format!("{scheme}://{host}{path}")
    }
    #[cfg(not(feature = "ssr"))]
    {
        path.to_owned()
    }
}

/// `path` on this site as a `webcal://` URL (the same host as [`absolute`]): a phone opens
/// it in its calendar app, which subscribes to the feed and fetches it again by itself,
/// where an `http(s)://` link only imports the games once.
pub fn webcal(path: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        let (_, host) = request_site();
        format!("webcal://{host}{path}")
    }
    #[cfg(not(feature = "ssr"))]
    {
        path.to_owned()
    }
}

/// The scheme and host the reader's request came in on.
#[cfg(feature = "ssr")]
fn request_site() -> (&'static str, String) {
    use_context::<http::request::Parts>()
        .map(|parts| site_of(&parts.headers))
        .unwrap_or(("http", "localhost".to_owned()))
}

/// The site a request names, e.g. `https://cunba.example`: the one rule for every absolute
/// link (share links, feeds, invite links). The scheme is `https` when a proxy that
/// terminates HTTPS says so (`X-Forwarded-Proto`); the host is `X-Forwarded-Host`, else
/// `Host`, and only when it reads as a host name (else `localhost`).
#[cfg(feature = "ssr")]
pub fn origin(headers: &http::HeaderMap) -> String {
    let (scheme, host) = site_of(headers);
    format!("{scheme}://{host}")
}

#[cfg(feature = "ssr")]
fn site_of(headers: &http::HeaderMap) -> (&'static str, String) {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let scheme = match text("x-forwarded-proto") {
        Some("https") => "https",
        _ => "http",
    };
    let host = text("x-forwarded-host")
        .or_else(|| text("host"))
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    (scheme, host.to_owned())
}

/// Open Graph tags for a page: title, description and, when cards can be drawn, the card.
#[component]
pub fn ShareMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    #[prop(into)] card: String,
) -> impl IntoView {
    let lang = use_lang();
    let image = available().then(|| {
        let url = absolute(&card);
        view! {
            <Meta property="og:image" content=url/>
            <Meta property="og:image:type" content="image/png"/>
            <Meta property="og:image:width" content=CARD_WIDTH.to_string()/>
            <Meta property="og:image:height" content=CARD_HEIGHT.to_string()/>
        }
    });
    view! {
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content=lang.t(Key::AppName)/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        {image}
    }
}

/// A link to the card, to open, save and send in a chat; nothing when cards are off.
#[component]
pub fn ShareLink(#[prop(into)] card: String) -> impl IntoView {
    let lang = use_lang();
    available().then(|| {
        view! {
            <p class="share"><a href=card>{lang.t(Key::ShareImage)}</a></p>
        }
    })
}

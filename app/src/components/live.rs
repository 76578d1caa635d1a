//! The live refresh: a page that asks for it (through `Layout`'s `live` prop) gets a small
//! script outside `<main>` (`public/live.js`) that listens to `/live` and, when something it
//! shows changes, fetches the page again and swaps in the new `<main>`. Without JavaScript
//! it is an empty status line and every load shows the latest.
use leptos::prelude::*;

/// Which changes a page wants to hear about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveTopic {
    pub competition: Option<i32>,
    pub game: Option<i32>,
    pub team: Option<i32>,
    pub hears: Hears,
}

/// The kinds of event a page refreshes for (`data-kinds`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hears {
    /// Results, schedule changes and live scores.
    #[default]
    Everything,
    /// Results and schedule changes: a list that does not show every game being scored now
    /// (a score of a game it does not list would fetch the page for nothing).
    NoScores,
    /// Confirmed results only (a table does not change when a game is moved).
    Results,
}

impl Hears {
    fn kinds(self) -> &'static str {
        match self {
            Hears::Everything => "result schedule score",
            Hears::NoScores => "result schedule",
            Hears::Results => "result",
        }
    }
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

    /// One team's games (its page lists them with their live scores).
    pub fn team(id: i32) -> LiveTopic {
        LiveTopic {
            team: Some(id),
            ..LiveTopic::default()
        }
    }

    /// Results of one competition, or of all when none is named.
    pub fn results(competition: Option<i32>) -> LiveTopic {
        LiveTopic {
            competition,
            hears: Hears::Results,
            ..LiveTopic::default()
        }
    }

    /// The stream's address, with its filter.
    pub fn src(&self) -> String {
        let filters: Vec<String> = [
            ("competition", self.competition),
            ("game", self.game),
            ("team", self.team),
        ]
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

/// The live script's address as the shell names it (with its version, see
/// `crate::site_files`).
#[derive(Clone, Debug)]
pub struct SiteScript(pub String);

/// Where the page says what to listen to: the element `public/live.js` reads
/// (`data-src`, `data-kinds`, `data-label`).
pub const SETTINGS_ID: &str = "live";
/// The status line the script writes "已更新 HH:MM" into.
pub const NOTE_ID: &str = "live-note";

/// The live refresh, for `Layout`: the settings, the empty polite status line, and the
/// script (`/live.js`, plain JavaScript of a few hundred bytes: a page that only listens
/// for updates loads no wasm).
///
/// A `score` event carries the game's live score: where the page shows that game's score
/// (`data-live-score`, `data-live-period`, `data-live-facts`), the script writes it in place,
/// with the period named by `data-quarter` / `data-overtime` / `data-ended`, and fetches
/// nothing; a page without those places is fetched again as for any event.
#[component]
pub fn LiveUpdates(topic: LiveTopic, label: &'static str) -> impl IntoView {
    let lang = crate::components::use_lang();
    let live_script = use_context::<SiteScript>().map_or_else(|| "/live.js".to_owned(), |s| s.0);
    let kinds = topic.hears.kinds();
    view! {
        <div id=SETTINGS_ID data-src=topic.src() data-kinds=kinds data-label=label
            data-quarter=lang.t(crate::i18n::Key::QuarterShort)
            data-overtime=lang.t(crate::i18n::Key::OvertimeShort)
            data-ended=lang.t(crate::i18n::Key::SheetEndGame)>
            <p class="live-note" id=NOTE_ID role="status" aria-live="polite"></p>
        </div>
        <script src=live_script defer></script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_address_carries_the_filter() {
        assert_eq!(LiveTopic::everything().src(), "/live");
        assert_eq!(LiveTopic::game(4).src(), "/live?game=4");
        assert_eq!(LiveTopic::team(7).src(), "/live?team=7");
        assert_eq!(LiveTopic::results(Some(2)).src(), "/live?competition=2");
        assert_eq!(LiveTopic::results(None).src(), "/live");
    }
}

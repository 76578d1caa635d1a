//! The scorer's sheet on a phone with a weak signal.
//!
//! The sheet's page is one plain form that works without JavaScript (each tap a post and
//! a new page). With this island hydrated, a tap becomes a line in the phone's own queue
//! (`localStorage`, kept per game): the line is checked by the same rules the server uses
//! (the domain's [`Sheet`], compiled into the wasm), numbered, given an id, shown at once —
//! the score, the fouls, the players greyed out — and sent in order, exactly once, whenever
//! there is a signal. The page says how many lines are not sent yet; a reload or a phone
//! restarted loses nothing. When the server has the lines, the page draws its sheet again
//! from the server's answer.
//!
//! The island carries no dictionary: the words it needs are on the page (`data-*` of the
//! `#sheet` section), in the reader's language.
use leptos::prelude::*;

#[cfg(any(feature = "hydrate", test))]
use crate::domain::scoresheet::{Entry, Sheet};

/// A line in the phone's queue: its number, its id, its code.
#[cfg(any(feature = "hydrate", test))]
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    pub line: u32,
    pub id: String,
    pub entry: String,
}

/// The sheet the page was drawn with (`codes`: every line the server has, in order) and
/// the phone's queued lines after it; lines the server already has are dropped from the
/// queue. `None` when the lines do not make a sheet (then the queue is dropped).
#[cfg(any(feature = "hydrate", test))]
pub fn replay(codes: &[&str], queue: Vec<Queued>) -> (Sheet, Vec<Queued>) {
    let stored: Vec<Entry> = codes.iter().filter_map(|code| Entry::parse(code)).collect();
    let mut sheet = Sheet::from_lines(stored).unwrap_or_default();
    let next = sheet.lines() + 1;
    let mut kept = Vec::new();
    for queued in queue.into_iter().filter(|q| q.line >= next) {
        let fits = queued.line == sheet.lines() + 1
            && Entry::parse(&queued.entry).is_some_and(|entry| sheet.push(entry).is_ok());
        if !fits {
            break;
        }
        kept.push(queued);
    }
    (sheet, kept)
}

/// Hydrates the sheet's page (server-rendered: this draws nothing of its own).
#[island]
pub fn SheetKeeper() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    if cfg!(target_arch = "wasm32") {
        Effect::new(move |_| browser::start());
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, RefCell};

    use js_sys::{Array, Object, Reflect, JSON};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Element, Response};

    use super::{replay, Queued};
    use crate::components::browser::{field, post_form, storage, stored_list};
    use crate::domain::score::Side;
    use crate::domain::scoresheet::{compose, fields, Action, Entry, SentProblem, Sheet};

    /// How long a post may take before it counts as not sent.
    const TIMEOUT_MS: u32 = 10_000;
    /// How often a queue left unsent is tried again.
    const RETRY_MS: i32 = 5_000;

    thread_local! {
        static QUEUE: RefCell<Vec<Queued>> = const { RefCell::new(Vec::new()) };
        static SENDING: Cell<bool> = const { Cell::new(false) };
    }

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    fn by_id(id: &str) -> Option<Element> {
        document()?.get_element_by_id(id)
    }

    /// A `data-*` value of the `#sheet` section (as it is now: it is drawn again).
    fn data(name: &str) -> String {
        by_id("sheet")
            .and_then(|sheet| sheet.get_attribute(&format!("data-{name}")))
            .unwrap_or_default()
    }

    fn game() -> String {
        data("game")
    }

    fn store_key() -> String {
        format!("cunba_sheet_{}", game())
    }

    fn flag(object: &JsValue, name: &str) -> bool {
        Reflect::get(object, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Lines the server stored: added to the sheet the page shows (a tap before the page is
    /// drawn again builds on them), and out of the queue.
    fn stored(sent: &[Queued]) {
        if let Some(section) = by_id("sheet") {
            let mut codes = data("codes");
            for queued in sent {
                codes.push(' ');
                codes.push_str(&queued.entry);
            }
            let _ = section.set_attribute("data-codes", codes.trim());
        }
        let ids: Vec<&str> = sent.iter().map(|q| q.id.as_str()).collect();
        QUEUE.with(|q| {
            q.borrow_mut()
                .retain(|queued| !ids.contains(&queued.id.as_str()))
        });
        QUEUE.with(|q| save(&q.borrow()));
    }

    fn load() -> Vec<Queued> {
        stored_list(&store_key(), |item| {
            Some(Queued {
                line: field(&item, "line")?.parse().ok()?,
                id: field(&item, "id")?,
                entry: field(&item, "entry")?,
            })
        })
    }

    fn save(queue: &[Queued]) {
        let Some(storage) = storage() else {
            return;
        };
        if queue.is_empty() {
            let _ = storage.remove_item(&store_key());
            return;
        }
        let list = Array::new();
        for queued in queue {
            let object = Object::new();
            let _ = Reflect::set(&object, &"line".into(), &queued.line.to_string().into());
            let _ = Reflect::set(&object, &"id".into(), &JsValue::from_str(&queued.id));
            let _ = Reflect::set(&object, &"entry".into(), &JsValue::from_str(&queued.entry));
            list.push(&object);
        }
        if let Some(text) = JSON::stringify(&list).ok().and_then(|t| t.as_string()) {
            let _ = storage.set_item(&store_key(), &text);
        }
    }

    /// The sheet as drawn by the server plus the queue (lines the server has leave it).
    fn current() -> Sheet {
        let codes = data("codes");
        let codes: Vec<&str> = codes.split_whitespace().collect();
        let queue = QUEUE.with(|q| q.borrow().clone());
        let (sheet, kept) = replay(&codes, queue);
        QUEUE.with(|q| *q.borrow_mut() = kept.clone());
        save(&kept);
        sheet
    }

    fn say(text: &str) {
        if let Some(line) = by_id("sheet-status") {
            line.set_text_content(Some(text));
        }
    }

    fn set_text(id: &str, text: &str) {
        if let Some(element) = by_id(id) {
            element.set_text_content(Some(text));
        }
    }

    fn toggle(element: &Element, class: &str, on: bool) {
        let list = element.class_list();
        let _ = if on {
            list.add_1(class)
        } else {
            list.remove_1(class)
        };
    }

    /// The words of a button on the page (its label), by the code it sends.
    fn button_text(act: &str) -> String {
        document()
            .and_then(|d| {
                d.query_selector(&format!("#sheet-form button[value=\"{act}\"]"))
                    .ok()
                    .flatten()
            })
            .and_then(|b| b.text_content())
            .unwrap_or_else(|| act.to_owned())
    }

    fn player_text(side: Side, player: i32) -> String {
        let side = match side {
            Side::Home => "home",
            Side::Away => "away",
        };
        let Some(tile) = document().and_then(|d| {
            d.query_selector(&format!("label[data-player=\"{side}.{player}\"]"))
                .ok()
                .flatten()
        }) else {
            return String::new();
        };
        let part = |class: &str| {
            tile.query_selector(class)
                .ok()
                .flatten()
                .and_then(|e| e.text_content())
                .unwrap_or_default()
        };
        format!("#{} {}", part(".no"), part(".nm"))
    }

    /// A queued line in words, for the log.
    fn describe(entry: &str) -> String {
        match Entry::parse(entry) {
            Some(Entry::Act(Action::Score {
                side,
                player,
                points,
            })) => {
                format!("+{points} {}", player_text(side, player))
            }
            Some(Entry::Act(Action::Foul { side, player })) => {
                format!("{} {}", button_text("foul"), player_text(side, player))
            }
            Some(Entry::Undo { line }) => format!("× {line}"),
            _ => button_text(entry),
        }
    }

    fn period_text(period: u8) -> String {
        use crate::domain::scoresheet::QUARTERS;
        if period == 0 {
            String::new()
        } else if period > QUARTERS {
            data("overtime").replacen("{}", &(period - QUARTERS).to_string(), 1)
        } else {
            data("quarter").replacen("{}", &period.to_string(), 1)
        }
    }

    /// Draws what follows from the sheet and the queue onto the page.
    fn render(sheet: &Sheet) {
        let state = sheet.state();
        let (home, away) = state.score();
        set_text("pts-home", &home.to_string());
        set_text("pts-away", &away.to_string());
        for (side, fouls, timeouts) in [
            ("home", state.team_fouls.0, state.timeouts_left.0),
            ("away", state.team_fouls.1, state.timeouts_left.1),
        ] {
            if let Some(tf) = by_id(&format!("tf-{side}")) {
                if let Ok(Some(b)) = tf.query_selector("b") {
                    b.set_text_content(Some(&fouls.to_string()));
                }
                toggle(
                    &tf,
                    "penalty",
                    fouls >= crate::domain::scoresheet::TEAM_FOULS_FREE,
                );
            }
            set_text(&format!("to-{side}"), &timeouts.to_string());
        }
        let period = if state.finished {
            data("over")
        } else {
            period_text(state.period)
        };
        set_text("period", &period);
        let phase = match (state.started, state.finished) {
            (false, _) => "waiting",
            (true, false) => "running",
            (true, true) => "over",
        };
        if let Some(section) = by_id("sheet") {
            let _ = section.set_attribute("data-phase", phase);
        }
        if let Some(tiles) =
            document().and_then(|d| d.query_selector_all("label[data-player]").ok())
        {
            for index in 0..tiles.length() {
                let Some(tile) = tiles.item(index).and_then(|n| n.dyn_into::<Element>().ok())
                else {
                    continue;
                };
                let code = tile.get_attribute("data-player").unwrap_or_default();
                let Some((side, id)) = code.split_once('.') else {
                    continue;
                };
                let side = if side == "home" {
                    Side::Home
                } else {
                    Side::Away
                };
                let id: i32 = id.parse().unwrap_or_default();
                let crate::domain::scoresheet::Tally { points, fouls, .. } = state.player(side, id);
                for (class, value) in [(".p", points), (".f", fouls)] {
                    if let Ok(Some(figure)) = tile.query_selector(class) {
                        figure.set_text_content(Some(&value.to_string()));
                    }
                }
                let out = state.fouled_out(side, id);
                toggle(&tile, "out", out);
                if let Ok(Some(radio)) = tile.query_selector("input") {
                    let _ = if out {
                        radio.set_attribute("disabled", "")
                    } else {
                        radio.remove_attribute("disabled")
                    };
                }
            }
        }
        // The queued lines on top of the log, newest first.
        if let Some(log) = by_id("sheet-log") {
            if let Ok(old) = log.query_selector_all("li.pending") {
                for index in 0..old.length() {
                    if let Some(node) = old.item(index).and_then(|n| n.dyn_into::<Element>().ok()) {
                        node.remove();
                    }
                }
            }
            let queue = QUEUE.with(|q| q.borrow().clone());
            for queued in &queue {
                if let Some(li) = document().and_then(|d| d.create_element("li").ok()) {
                    li.set_class_name("pending");
                    li.set_text_content(Some(&format!(
                        "{} {}",
                        queued.line,
                        describe(&queued.entry)
                    )));
                    let _ = log.prepend_with_node_1(&li);
                }
            }
        }
        let waiting = QUEUE.with(|q| q.borrow().len());
        if waiting > 0 {
            say(&data("unsent").replacen("{}", &waiting.to_string(), 1));
        } else {
            say(&data("sent"));
        }
    }

    fn refusal_text(code: &str) -> String {
        data("refusals")
            .lines()
            .find_map(|line| {
                line.strip_prefix(code)?
                    .strip_prefix('=')
                    .map(str::to_owned)
            })
            .unwrap_or_default()
    }

    fn new_id() -> String {
        let now = js_sys::Date::now() as u64;
        let random = (js_sys::Math::random() * 1e15) as u64;
        format!("{now:x}-{random:x}")
    }

    /// A tap: the button pressed, with the player chosen, as the next queued line.
    fn tap(act: &str, form: &web_sys::HtmlFormElement) {
        let player = form
            .query_selector(&format!("input[name=\"{}\"]:checked", fields::PLAYER))
            .ok()
            .flatten()
            .and_then(|radio| radio.get_attribute("value"));
        let entry = match compose(player.as_deref(), act) {
            Ok(entry) => entry,
            Err(SentProblem::ChoosePlayer) => return say(&data("choose")),
            Err(_) => return,
        };
        let mut sheet = current();
        if let Err(refusal) = sheet.push(entry) {
            return say(&refusal_text(refusal.code()));
        }
        let queued = Queued {
            line: sheet.lines(),
            id: new_id(),
            entry: entry.code(),
        };
        QUEUE.with(|q| q.borrow_mut().push(queued));
        QUEUE.with(|q| save(&q.borrow()));
        form.reset();
        render(&sheet);
        leptos::task::spawn_local(flush());
    }

    /// Draws the sheet again from the server (the log with its undo buttons, the next
    /// line's number), keeping the player chosen meanwhile and the lines queued since.
    async fn redraw() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let href = window.location().href().unwrap_or_default();
        let Ok(fetched) = JsFuture::from(window.fetch_with_str(&href)).await else {
            return;
        };
        let Ok(response) = fetched.dyn_into::<Response>() else {
            return;
        };
        if !response.ok() {
            return;
        }
        let Ok(promise) = response.text() else {
            return;
        };
        let Some(html) = JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
        else {
            return;
        };
        let Ok(parser) = web_sys::DomParser::new() else {
            return;
        };
        let Ok(fresh) = parser.parse_from_string(&html, web_sys::SupportedType::TextHtml) else {
            return;
        };
        let (Some(old), Some(new)) = (by_id("sheet"), fresh.get_element_by_id("sheet")) else {
            return;
        };
        let chosen = old
            .query_selector("input[type=radio]:checked")
            .ok()
            .flatten()
            .and_then(|radio| radio.get_attribute("value"));
        let _ = old.replace_with_with_node_1(&new);
        if let Some(value) = chosen {
            if let Ok(Some(radio)) = new.query_selector(&format!("input[value=\"{value}\"]")) {
                if let Ok(radio) = radio.dyn_into::<web_sys::HtmlInputElement>() {
                    radio.set_checked(true);
                }
            }
        }
        render(&current());
    }

    /// Sends the queue, in order, until it is empty or the signal is gone.
    async fn flush() {
        if SENDING.with(|s| s.replace(true)) {
            return;
        }
        let url = format!("/actions/games/{}/live/lines", game());
        let mut sent_any = false;
        loop {
            let queue = QUEUE.with(|q| q.borrow().clone());
            if queue.is_empty() {
                break;
            }
            let body = queue
                .iter()
                .map(|q| {
                    let params = web_sys::UrlSearchParams::new().expect("empty params");
                    params.append(fields::LINE, &q.line.to_string());
                    params.append(fields::ID, &q.id);
                    params.append(fields::ENTRY, &q.entry);
                    String::from(params.to_string())
                })
                .collect::<Vec<_>>()
                .join("&");
            match post_form(&url, &body, Some(TIMEOUT_MS)).await {
                // Stored (the server says so, not just any page answering): the lines join
                // the sheet the page was drawn with, and leave the queue.
                Some((200, json)) if flag(&json, "ok") => {
                    stored(&queue);
                    sent_any = true;
                }
                // The server has more lines than the page knew (sent before a reload that
                // lost the answer): draw the sheet again, which drops what it already has.
                Some((409, json)) if field(&json, "code").as_deref() == Some("LiveOutOfOrder") => {
                    sent_any = true;
                    break;
                }
                // A line the rules or the rosters refuse: those before it are stored, it and
                // the ones after it never will be. Say why and draw the server's sheet.
                Some((422, json)) => {
                    QUEUE.with(|q| q.borrow_mut().clear());
                    save(&[]);
                    SENDING.with(|s| s.set(false));
                    redraw().await;
                    say(&field(&json, "message").unwrap_or_default());
                    return;
                }
                // No signal, a slow one, signed out, another device holding the sheet, the
                // server busy: the queue stays on the phone, and is tried again later.
                answer => {
                    if let Some(message) = answer.and_then(|(_, json)| field(&json, "message")) {
                        say(&message);
                    }
                    break;
                }
            }
        }
        SENDING.with(|s| s.set(false));
        if sent_any {
            redraw().await;
        }
    }

    pub fn start() {
        let Some(window) = web_sys::window() else {
            return;
        };
        QUEUE.with(|q| *q.borrow_mut() = load());
        render(&current());
        leptos::task::spawn_local(flush());
        let on_online = Closure::<dyn Fn()>::new(|| leptos::task::spawn_local(flush()));
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();
        let retry = Closure::<dyn Fn()>::new(|| {
            if QUEUE.with(|q| !q.borrow().is_empty()) {
                leptos::task::spawn_local(flush());
            }
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            retry.as_ref().unchecked_ref(),
            RETRY_MS,
        );
        retry.forget();
        // On the document: the sheet is drawn again (new elements) after each answer.
        let on_submit =
            Closure::<dyn Fn(web_sys::SubmitEvent)>::new(|event: web_sys::SubmitEvent| {
                let Some(form) = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                else {
                    return;
                };
                // Not `form.id`: the sheet's form has a field named `id`, which that property
                // names instead (the DOM lets a form's fields shadow its properties).
                match form.get_attribute("id").unwrap_or_default().as_str() {
                    // Without the button pressed (an old browser) the plain post goes ahead.
                    "sheet-form" => {
                        if let Some(act) = event.submitter().and_then(|b| b.get_attribute("value"))
                        {
                            event.prevent_default();
                            tap(&act, &form);
                        }
                    }
                    // The result is handed in only once every line has reached the server.
                    "sheet-finish" if QUEUE.with(|q| !q.borrow().is_empty()) => {
                        event.prevent_default();
                        leptos::task::spawn_local(flush());
                    }
                    _ => {}
                }
            });
        if let Some(document) = window.document() {
            let _ = document
                .add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        }
        on_submit.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(line: u32, entry: &str) -> Queued {
        Queued {
            line,
            id: format!("q{line}"),
            entry: entry.into(),
        }
    }

    #[test]
    fn the_queue_keeps_what_the_server_has_not_got_in_order() {
        let codes = ["start", "pts.home.7.2"];
        // Line 2 reached the server before the page was drawn; 3 and 4 did not.
        let queue = vec![
            queued(2, "pts.home.7.2"),
            queued(3, "foul.away.4"),
            queued(4, "pts.away.4.3"),
        ];
        let (sheet, kept) = replay(&codes, queue);
        assert_eq!(kept.iter().map(|q| q.line).collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(sheet.lines(), 4);
        assert_eq!(sheet.state().score(), (2, 3));
        // A gap, or a line the rules refuse, ends the queue there.
        let (sheet, kept) = replay(&codes, vec![queued(4, "foul.away.4")]);
        assert!(kept.is_empty());
        assert_eq!(sheet.lines(), 2);
        let (_, kept) = replay(&codes, vec![queued(3, "start"), queued(4, "end")]);
        assert!(
            kept.is_empty(),
            "a second tip-off is refused, and what follows it"
        );
    }
}

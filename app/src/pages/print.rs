//! What leaves the screen: the A4 notice-board sheet of a court (`/print/courts/:id`) or of a
//! week (`/print/week`) — black on white in large type, no navigation, a QR code to the live
//! fixtures, one table per day that never splits across pages (the print rules are in the
//! site's stylesheet under `body.print-sheet`).
use leptos::prelude::*;
use leptos_meta::{Body, Title};
use leptos_router::hooks::use_query_map;

use super::forbidden::refused;
use super::{id_param, loaded};
use crate::api_changes::{get_court_sheet, get_week_sheet};
use crate::components::{use_lang, Layout};
use crate::i18n::{long_day, short_date, side_text, Key, Lang};
use crate::model::*;

/// `/print/courts/:id?from=YYYY-MM-DD&to=YYYY-MM-DD`: a court's games, two weeks by default.
#[component]
pub fn CourtSheetPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let args = move || {
        let query = query.read();
        (id(), query.get("from"), query.get("to"))
    };
    let data = Resource::new(args, |(id, from, to)| get_court_sheet(id, from, to));
    view! {
        {loaded(data, move |answer| match answer {
            Guarded::Found(sheet) => sheet_view(sheet).into_any(),
            other => refused_sheet(&other, format!("/print/courts/{}", id()), Key::SheetNoCourt),
        })}
    }
}

/// `/print/week?date=YYYY-MM-DD`: every game of that week (this week by default).
#[component]
pub fn WeekSheetPage() -> impl IntoView {
    let query = use_query_map();
    let date = move || query.read().get("date");
    let data = Resource::new(date, get_week_sheet);
    view! {
        {loaded(data, move |answer| match answer {
            Guarded::Found(sheet) => sheet_view(sheet).into_any(),
            other => refused_sheet(&other, "/print/week".into(), Key::NotFound),
        })}
    }
}

/// Not for this reader: the usual page in the site's frame.
fn refused_sheet(answer: &Guarded<PrintSheet>, back: String, missing: Key) -> AnyView {
    let refusal = refused(answer, back, missing);
    view! { <Layout>{refusal}</Layout> }.into_any()
}

fn sheet_title(lang: Lang, sheet: &PrintSheet) -> String {
    match &sheet.scope {
        SheetScope::Court(name) => name.clone(),
        SheetScope::Week => Key::SheetWeekTitle.fill_args(
            lang,
            &[&short_date(lang, sheet.from), &short_date(lang, sheet.to)],
        ),
    }
}

fn mark(lang: Lang, game: &SheetGame) -> String {
    match (game.status, game.score) {
        (_, Some((home, away))) => format!("{home} : {away}"),
        (GameStatus::Postponed, _) => lang.t(Key::Postponed).to_owned(),
        (GameStatus::Cancelled, _) => lang.t(Key::Cancelled).to_owned(),
        _ => String::new(),
    }
}

fn side(lang: Lang, name: &str) -> String {
    if name.is_empty() {
        lang.t(Key::Tbd).to_owned()
    } else {
        side_text(lang, name)
    }
}

fn sheet_view(sheet: PrintSheet) -> impl IntoView {
    let lang = use_lang();
    let title = sheet_title(lang, &sheet);
    let show_court = sheet.scope == SheetScope::Week;
    let mut days: Vec<(chrono::NaiveDate, Vec<&SheetGame>)> = Vec::new();
    for game in &sheet.games {
        match days.last_mut() {
            Some((date, list)) if *date == game.date => list.push(game),
            _ => days.push((game.date, vec![game])),
        }
    }
    let head = move || {
        view! {
            <thead>
                <tr>
                    <th scope="col" class="time">{lang.t(Key::SheetTime)}</th>
                    {show_court.then(|| view! { <th scope="col">{lang.t(Key::SheetCourt)}</th> })}
                    <th scope="col">{lang.t(Key::SheetHome)}</th>
                    <th scope="col" class="vs"></th>
                    <th scope="col">{lang.t(Key::SheetAway)}</th>
                    <th scope="col" class="result">{lang.t(Key::SheetResult)}</th>
                </tr>
            </thead>
        }
    };
    let tables = if days.is_empty() {
        view! { <p class="empty">{lang.t(Key::SheetEmpty)}</p> }.into_any()
    } else {
        days.into_iter()
            .map(|(date, games)| {
                let rows = games
                    .into_iter()
                    .map(|g| {
                        let court = show_court.then(|| {
                            let court = if g.court_id.is_some() {
                                g.court.clone()
                            } else {
                                lang.t(Key::Tbd).to_owned()
                            };
                            view! { <td class="court">{court}</td> }
                        });
                        view! {
                            <tr class=format!("status-{}", g.status.as_str())>
                                <td class="time">{g.time.format("%H:%M").to_string()}</td>
                                {court}
                                <td class="team">{side(lang, &g.home)}</td>
                                <td class="vs">{lang.t(Key::SheetVs)}</td>
                                <td class="team">{side(lang, &g.away)}</td>
                                <td class="result">{mark(lang, g)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="sheet-day">
                        <caption>{long_day(lang, date)}</caption>
                        {head()}
                        <tbody>{rows}</tbody>
                    </table>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <Body {..} class="print-sheet"/>
        <Title text=title.clone()/>
        <main>
            <header class="sheet-head">
                <div>
                    <p class="sheet-org">{lang.t(Key::SheetOrg)}</p>
                    <h1>{title}</h1>
                    <p class="sheet-range">{format!("{} – {}", sheet.from, sheet.to)}</p>
                </div>
                <figure class="sheet-qr">
                    <span inner_html=sheet.qr_svg></span>
                    <figcaption>{lang.t(Key::SheetScan)}</figcaption>
                </figure>
            </header>
            <p class="no-print sheet-hint">{lang.t(Key::SheetPrintHint)}</p>
            // On screen: back to 管理, and the weeks before and after (a moved game's week).
            <nav class="no-print sheet-weeks">
                <a href="/admin">{lang.t(Key::HubBack)}</a>
                {(sheet.scope == SheetScope::Week).then(|| {
                    let week = |days: i64| format!("/print/week?date={}", sheet.from + chrono::Duration::days(days));
                    view! {
                        " " <a href=week(-7) rel="prev">{lang.t(Key::SheetPrevWeek)}</a>
                        " " <a href=week(7) rel="next">{lang.t(Key::SheetNextWeek)}</a>
                    }
                })}
            </nav>
            {tables}
            <p class="sheet-foot">{lang.t(Key::SheetFoot)}" "{sheet.live}</p>
        </main>
    }
}

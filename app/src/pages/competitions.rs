//! The organisers' competition pages: the list, the new league / festival cup forms, and a
//! draft's review page (the engine's progress while it runs, then calendars per court and
//! per team, the quality report and the publish button). Plain forms: no JavaScript needed.
use leptos::prelude::*;

use super::forbidden::refused;

use super::{id_param, loaded};
use crate::api_competitions::{get_competition_review, get_competitions_admin};
use crate::components::form::Returned;
use crate::components::{use_lang, Flash, Layout, PageTitle};
use crate::i18n::{wording, Key, Lang};
use crate::model::*;

pub(crate) fn kind_key(kind: CompetitionKind) -> Key {
    match kind {
        CompetitionKind::League => Key::CompKindLeague,
        CompetitionKind::Cup => Key::CompKindCup,
    }
}

pub(crate) fn status_key(status: CompetitionStatus) -> Key {
    match status {
        CompetitionStatus::Draft => Key::CompStatusDraft,
        CompetitionStatus::Published => Key::CompStatusPublished,
        CompetitionStatus::Finished => Key::CompStatusFinished,
    }
}

fn division_key(division: Division) -> Key {
    match division {
        Division::Men => Key::CompDivisionMen,
        Division::Women => Key::CompDivisionWomen,
        Division::Youth => Key::CompDivisionYouth,
        Division::Veterans => Key::CompDivisionVeterans,
    }
}

const DIVISIONS: [Division; 4] = [
    Division::Men,
    Division::Women,
    Division::Youth,
    Division::Veterans,
];

/// `/admin/competitions`: every competition, drafts first to hand.
#[component]
pub fn CompetitionsPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_competitions_admin());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CompAdminTitle)/>
            <Flash/>
            {loaded(data, move |answer| match answer {
                Guarded::Found(page) => competitions_list(page, lang).into_any(),
                other => refused(&other, "/admin/competitions".into(), Key::CompNotFound),
            })}
        </Layout>
    }
}

fn competitions_list(page: CompetitionsAdmin, lang: Lang) -> impl IntoView {
    let rows = page
        .competitions
        .into_iter()
        .map(|c| {
            let href = format!("/admin/competitions/{}/review", c.id);
            let status_class = format!("status {}", c.status.as_str());
            view! {
                <tr>
                    <td><a href=href>{c.name}</a></td>
                    <td>{lang.t(kind_key(c.kind))} " · " {lang.t(division_key(c.division))}</td>
                    <td><span class=status_class>{lang.t(status_key(c.status))}</span></td>
                    <td>{c.starts_on} " – " {c.ends_on}</td>
                    <td class="num">{c.games}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="links"><a class="button primary" href="/admin/competitions/new" id="new-competition">{lang.t(Key::CompNew)}</a></p>
        <div class="table-scroll">
            <table class="admin-table">
                <thead><tr>
                    <th>{lang.t(Key::CompName)}</th>
                    <th>{lang.t(Key::CompKind)}</th>
                    <th>{lang.t(Key::CompStatus)}</th>
                    <th>{lang.t(Key::CompDates)}</th>
                    <th>{lang.t(Key::CompGames)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Field errors sent back by the server (`f=field.problem,…`), in words.
fn field_errors(lang: Lang) -> impl IntoView {
    let items = Returned::read(wording::<crate::domain::competition::Problem>)
        .errors()
        .iter()
        .map(|(field, problem)| {
            let label = match field.as_str() {
                "name" => Key::CompName,
                "division" => Key::CompDivision,
                "format" => Key::CompFormat,
                "starts_on" => Key::CompStartsOn,
                "ends_on" => Key::CompEndsOn,
                "team" => Key::CompTeams,
                "festival" => Key::CompFestival,
                "days" => Key::CompDays,
                "court" => Key::CompCourts,
                "games_per_court" => Key::CompGamesPerCourt,
                "per_day" => Key::CompPerDay,
                "min_rest_days" => Key::CompMinRest,
                "seconds" => Key::CompSeconds,
                _ => Key::FormHasErrors,
            };
            view! {
                <li data-field=field.clone()>
                    <strong>{lang.t(label)}</strong> ": " {lang.t(*problem)}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="field-errors" role="alert">{items}</ul> }
}

/// `/admin/competitions/new?division=men`: a league or a festival cup.
#[component]
pub fn CompetitionNewPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_competitions_admin());
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CompNew)/>
            <Flash/>
            {field_errors(lang)}
            {loaded(data, move |answer| match answer {
                Guarded::Found(page) => new_forms(page, lang).into_any(),
                other => refused(&other, "/admin/competitions/new".into(), Key::CompNotFound),
            })}
        </Layout>
    }
}

fn new_forms(page: CompetitionsAdmin, lang: Lang) -> impl IntoView {
    let back = Returned::read(wording::<crate::domain::competition::Problem>);
    let division = back
        .sent("division")
        .and_then(|d| d.parse::<Division>().ok())
        .unwrap_or(Division::Men);
    // After an error, the typed values come back in the address (blank ones left out).
    let typed = |form: &str, name: &str, default: String| -> String {
        let form = back.of(form);
        if form.came_back() {
            form.sent(name).unwrap_or(default)
        } else {
            default
        }
    };
    let chosen_teams: Option<Vec<i32>> = back
        .sent("teams")
        .map(|list| list.split(',').filter_map(|id| id.parse().ok()).collect());
    let year = page.today.get(..4).unwrap_or("2026").to_owned();
    let division_options = DIVISIONS
        .iter()
        .map(|d| {
            view! { <option value=d.as_str() selected=*d == division>{lang.t(division_key(*d))}</option> }
        })
        .collect_view();
    let teams: Vec<TeamChoice> = page
        .teams
        .into_iter()
        .filter(|t| t.division == division)
        .collect();
    let team_boxes = |with_seed: bool| {
        teams
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let checked = chosen_teams.as_ref().is_none_or(|ids| ids.contains(&t.id));
                let seed = with_seed.then(|| {
                    view! {
                        <input type="number" class="seed" name=format!("seed_{}", t.id) value=(i + 1).to_string()
                            min="1" max="64" inputmode="numeric" aria-label=format!("{} {}", lang.t(Key::CompSeed), t.name)/>
                    }
                });
                view! {
                    <label class="check team-choice">
                        <input type="checkbox" name="team" value=t.id.to_string() checked=checked/>
                        <span>{t.name.clone()}</span>
                        {seed}
                    </label>
                }
            })
            .collect_view()
    };
    let league_teams = team_boxes(false);
    let cup_teams = team_boxes(true);
    let division_name = lang.t(division_key(division));
    let league_name = typed(
        "league",
        "name",
        format!("{year} {division_name}{}", lang.t(Key::CompKindLeague)),
    );
    let cup_name = typed(
        "cup",
        "name",
        format!("{year} {division_name}{}", lang.t(Key::CompKindCup)),
    );
    let starts_on = typed("league", "starts_on", page.today.clone());
    let ends_on = typed("league", "ends_on", String::new());
    let format = typed("league", "format", "double".into());
    let festival = typed("cup", "festival", String::new());
    let days = typed("cup", "days", "2".into());
    let games_per_court = typed("cup", "games_per_court", "4".into());
    let per_day = typed("cup", "per_day", "3".into());
    let cup_format = typed("cup", "format", "groups".into());
    let festivals = page
        .festivals
        .iter()
        .filter(|f| f.date >= page.today)
        .map(|f| {
            let name = match lang {
                Lang::Zh => f.name_zh.clone(),
                Lang::En => f.name_en.clone(),
            };
            let size = lang.t(if f.big {
                Key::CompFestivalBig
            } else {
                Key::CompFestivalSmall
            });
            view! {
                <option value=f.value.clone() selected=f.value == festival>
                    {name} " (" {f.date.clone()} ") · " {size}
                </option>
            }
        })
        .collect_view();
    let chosen_courts: Option<Vec<i32>> = back
        .sent("courts")
        .map(|list| list.split(',').filter_map(|id| id.parse().ok()).collect());
    let courts = page
        .courts
        .iter()
        .map(|c| {
            let checked = chosen_courts
                .as_ref()
                .map_or(c.has_lights, |ids| ids.contains(&c.id));
            view! {
                <label class="check">
                    <input type="checkbox" name="court" value=c.id.to_string() checked=checked/>
                    <span>{c.name.clone()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/admin/competitions/new" class="inline-form" id="division-form">
            <label>
                <span>{lang.t(Key::CompDivision)}</span>
                <select name="division">{division_options}</select>
            </label>
            <button type="submit">{lang.t(Key::CompChooseDivision)}</button>
        </form>
        <section class="comp-new">
            <h2>{lang.t(Key::CompNewLeague)}</h2>
            <form method="post" action="/actions/competitions" class="stack" id="league-form">
                <input type="hidden" name="kind" value="league"/>
                <input type="hidden" name="division" value=division.as_str()/>
                <label><span>{lang.t(Key::CompName)}</span>
                    <input type="text" name="name" value=league_name maxlength="60" required/></label>
                <fieldset class="choices">
                    <legend>{lang.t(Key::CompFormat)}</legend>
                    <label><input type="radio" name="format" value="double" checked=format == "double"/>{lang.t(Key::CompDouble)}</label>
                    <label><input type="radio" name="format" value="single" checked=format == "single"/>{lang.t(Key::CompSingle)}</label>
                </fieldset>
                <div class="pair">
                    <label><span>{lang.t(Key::CompStartsOn)}</span>
                        <input type="date" name="starts_on" value=starts_on required/></label>
                    <label><span>{lang.t(Key::CompEndsOn)}</span>
                        <input type="date" name="ends_on" value=ends_on required/></label>
                </div>
                <fieldset class="teams">
                    <legend>{lang.t(Key::CompTeams)}</legend>
                    {league_teams}
                </fieldset>
                <button type="submit" class="primary big">{lang.t(Key::CompCreateLeague)}</button>
            </form>
        </section>
        <section class="comp-new">
            <h2>{lang.t(Key::CompNewCup)}</h2>
            <p class="hint">{lang.t(Key::CompCupHint)}</p>
            <form method="post" action="/actions/competitions" class="stack" id="cup-form">
                <input type="hidden" name="kind" value="cup"/>
                <input type="hidden" name="division" value=division.as_str()/>
                <label><span>{lang.t(Key::CompName)}</span>
                    <input type="text" name="name" value=cup_name maxlength="60" required/></label>
                <label><span>{lang.t(Key::CompFestival)}</span>
                    <select name="festival" required>{festivals}</select></label>
                <fieldset class="choices">
                    <legend>{lang.t(Key::CompFormat)}</legend>
                    <label><input type="radio" name="format" value="groups" checked=cup_format == "groups"/>{lang.t(Key::CupFormatGroups)}</label>
                    <label><input type="radio" name="format" value="knockout" checked=cup_format == "knockout"/>{lang.t(Key::CupFormatKnockout)}</label>
                </fieldset>
                <div class="pair">
                    <label><span>{lang.t(Key::CompDays)}</span>
                        <input type="number" name="days" value=days min="1" max="7" inputmode="numeric"/></label>
                    <label><span>{lang.t(Key::CompPerDay)}</span>
                        <input type="number" name="per_day" value=per_day min="1" max="4" inputmode="numeric"/></label>
                </div>
                <label><span>{lang.t(Key::CompGamesPerCourt)}</span>
                    <input type="number" name="games_per_court" value=games_per_court min="1" max="8" inputmode="numeric"/></label>
                <p class="hint">{lang.t(Key::CompCupHours)}</p>
                <fieldset class="courts">
                    <legend>{lang.t(Key::CompCourts)}</legend>
                    {courts}
                </fieldset>
                <fieldset class="teams">
                    <legend>{lang.t(Key::CompTeamsSeeded)}</legend>
                    {cup_teams}
                </fieldset>
                <button type="submit" class="primary big">{lang.t(Key::CompCreateCup)}</button>
            </form>
        </section>
    }
}

/// `/admin/competitions/:id/review`: progress while the engine runs (the page reloads itself
/// every second), then the draft's quality report, calendars and the publish button.
#[component]
pub fn CompetitionReviewPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param();
    let data = Resource::new(id, get_competition_review);
    view! {
        <Layout>
            <PageTitle text=lang.t(Key::CompReviewTitle)/>
            <Flash/>
            {field_errors(lang)}
            {loaded(data, move |answer| match answer {
                Guarded::Found(review) => review_page(review, lang).into_any(),
                other => refused(&other, format!("/admin/competitions/{}/review", id()), Key::CompNotFound),
            })}
        </Layout>
    }
}

fn calendar_table(calendar: ReviewCalendar, lang: Lang) -> impl IntoView {
    let count = calendar.games.len();
    let rows = calendar
        .games
        .into_iter()
        .map(|g| {
            view! {
                <tr>
                    <td>{g.date}</td>
                    <td>{g.time}</td>
                    <td>{crate::i18n::side_text(lang, &g.home)}</td>
                    <td>{crate::i18n::side_text(lang, &g.away)}</td>
                    <td>{g.court}</td>
                    <td>{crate::i18n::stage_text(lang, &g.label)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="calendar">
            <summary>{calendar.name} " (" {count} ")"</summary>
            <div class="table-scroll">
                <table class="admin-table">
                    <thead><tr>
                        <th>{lang.t(Key::CompDate)}</th>
                        <th>{lang.t(Key::CompTime)}</th>
                        <th>{lang.t(Key::CompHome)}</th>
                        <th>{lang.t(Key::CompAway)}</th>
                        <th>{lang.t(Key::CompCourt)}</th>
                        <th>{lang.t(Key::CompRound)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

fn review_page(review: CompetitionReview, lang: Lang) -> impl IntoView {
    let id = review.id;
    let running = review.run.as_ref().is_some_and(|r| r.status == "running");
    let draft = review.status == CompetitionStatus::Draft;
    let refresh = running.then(|| view! { <leptos_meta::Meta http_equiv="refresh" content="1"/> });
    let structure = review
        .structure
        .iter()
        .map(|line| view! { <li>{line.clone()}</li> })
        .collect_view();
    let status_class = format!("status {}", review.status.as_str());
    let run = review.run.clone().map(|run| {
        let state = match run.status.as_str() {
            "running" => Key::CompRunRunning,
            "done" => Key::CompRunDone,
            "cancelled" => Key::CompRunCancelled,
            _ => Key::CompRunFailed,
        };
        let progress = running.then(|| {
            view! {
                <progress id="run-progress" max="100" value=run.progress.to_string()>{run.progress} "%"</progress>
                <span class="percent">{run.progress} "%"</span>
                <form method="post" action=format!("/actions/competitions/{id}/cancel") id="cancel-form">
                    <button type="submit" class="danger" id="cancel">{lang.t(Key::CompCancel)}</button>
                </form>
            }
        });
        let seconds = run
            .seconds
            .filter(|s| *s > 0.0)
            .map(|s| view! { <span>" · " {Key::CompSecondsTaken.fill(lang, format!("{s:.1}"))}</span> });
        view! {
            <section class="run" id="run" data-status=run.status.clone()>
                <p><strong>{lang.t(state)}</strong> " · " {run.started_at.clone()} {seconds}</p>
                {progress}
                {run.message.clone().map(|m| view! { <p class="error">{m}</p> })}
            </section>
        }
    });
    let generate = (draft && !running && review.kind == CompetitionKind::League).then(|| {
        view! {
            <form method="post" action=format!("/actions/competitions/{id}/generate") class="stack generate" id="generate-form">
                <div class="pair">
                    <label><span>{lang.t(Key::CompMinRest)}</span>
                        <input type="number" name="min_rest_days" value="2" min="0" max="14" inputmode="numeric"/></label>
                    <label><span>{lang.t(Key::CompSeconds)}</span>
                        <input type="number" name="seconds" value="5" min="1" max="120" inputmode="numeric"/></label>
                </div>
                <button type="submit" class="primary big" id="generate">{lang.t(Key::CompGenerate)}</button>
            </form>
        }
    });
    let hard = review.run.as_ref().and_then(|r| r.hard_violations);
    let problems = review
        .run
        .as_ref()
        .map(|r| r.problems.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|p| view! { <li>{p}</li> })
        .collect_view();
    let report = (review.games > 0 && !running).then(|| {
        let hard_class = if hard == Some(0) { "num ok" } else { "num bad" };
        let reference = review
            .breaks_reference
            .map(|r| format!(" ({} {r})", lang.t(Key::CompBreaksReference)));
        let balance = review
            .balance
            .iter()
            .map(|b| {
                view! {
                    <tr>
                        <td>{b.team.clone()}</td>
                        <td>{b.group.clone()}</td>
                        <td class="num">{b.home}</td>
                        <td class="num">{b.away}</td>
                        <td class="num">{b.breaks}</td>
                        <td class="num">{b.min_rest_days.map(|d| d.to_string()).unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        let per_court = review
            .games_per_court
            .iter()
            .map(|(court, n)| view! { <tr><td>{court.clone()}</td><td class="num">{*n}</td></tr> })
            .collect_view();
        view! {
            <section class="quality" id="quality">
                <h2>{lang.t(Key::CompQuality)}</h2>
                <table class="admin-table figures">
                    <tbody>
                        <tr><th>{lang.t(Key::CompHardViolations)}</th>
                            <td class=hard_class id="hard-violations">{hard.map(|h| h.to_string()).unwrap_or_else(|| "–".into())}</td></tr>
                        <tr><th>{lang.t(Key::CompGames)}</th><td class="num" id="game-count">{review.games}</td></tr>
                        <tr><th>{lang.t(Key::CompBreaks)}</th><td class="num">{review.breaks}{reference}</td></tr>
                        <tr><th>{lang.t(Key::CompRestMin)}</th><td class="num">{review.min_rest_days.map(|d| d.to_string()).unwrap_or_else(|| "–".into())}</td></tr>
                        <tr><th>{lang.t(Key::CompRestAvg)}</th><td class="num">{review.avg_rest_days.map(|d| format!("{d:.1}")).unwrap_or_else(|| "–".into())}</td></tr>
                    </tbody>
                </table>
                <ul class="problems">{problems}</ul>
                <h3>{lang.t(Key::CompBalance)}</h3>
                <div class="table-scroll">
                    <table class="admin-table">
                        <thead><tr>
                            <th>{lang.t(Key::CompTeam)}</th>
                            <th>{lang.t(Key::CompGroup)}</th>
                            <th>{lang.t(Key::CompHome)}</th>
                            <th>{lang.t(Key::CompAway)}</th>
                            <th>{lang.t(Key::CompBreaks)}</th>
                            <th>{lang.t(Key::CompRestMin)}</th>
                        </tr></thead>
                        <tbody>{balance}</tbody>
                    </table>
                </div>
                <h3>{lang.t(Key::CompGamesPerCourtTitle)}</h3>
                <table class="admin-table"><tbody>{per_court}</tbody></table>
            </section>
        }
    });
    let publish = (draft && !running && review.games > 0).then(|| {
        let blocked = (!review.can_publish).then(|| view! { <p class="hint" id="publish-blocked">{lang.t(Key::CompPublishBlocked)}</p> });
        view! {
            <form method="post" action=format!("/actions/competitions/{id}/publish") id="publish-form">
                <p class="hint">{lang.t(Key::CompPublishHint)}</p>
                {blocked}
                <button type="submit" class="primary big" id="publish" disabled=!review.can_publish>{lang.t(Key::CompPublish)}</button>
            </form>
        }
    });
    let withdraw = (review.status == CompetitionStatus::Published).then(|| {
        let options = review
            .entrants
            .iter()
            .map(|t| view! { <option value=t.id>{t.name.clone()}</option> })
            .collect_view();
        view! {
            <details class="withdraw">
                <summary>{lang.t(Key::WithdrawTitle)}</summary>
                <p class="hint">{lang.t(Key::WithdrawRule)}</p>
                <form method="post" action=format!("/actions/competitions/{id}/withdraw") class="stack" id="withdraw-form">
                    <select name="team" required>{options}</select>
                    <button type="submit" class="danger">{lang.t(Key::WithdrawButton)}</button>
                </form>
            </details>
        }
    });
    let calendars = (review.games > 0 && !running).then(|| {
        let by_court = review
            .by_court
            .into_iter()
            .map(|c| calendar_table(c, lang))
            .collect_view();
        let by_team = review
            .by_team
            .into_iter()
            .map(|c| calendar_table(c, lang))
            .collect_view();
        view! {
            <section class="calendars">
                <h2>{lang.t(Key::CompByCourt)}</h2>
                {by_court}
                <h2>{lang.t(Key::CompByTeam)}</h2>
                {by_team}
            </section>
        }
    });
    let public = (review.status != CompetitionStatus::Draft).then(|| {
        view! { <p class="links"><a href=format!("/fixtures?competition={id}")>{lang.t(Key::CompSeePublic)}</a></p> }
    });
    view! {
        {refresh}
        <h2 id="competition-name">{review.name.clone()}</h2>
        <p class="facts">
            <span class=status_class id="competition-status">{lang.t(status_key(review.status))}</span>
            " · " {lang.t(kind_key(review.kind))}
            " · " {review.starts_on.clone()} " – " {review.ends_on.clone()}
            " · " {Key::CompTeamCount.fill(lang, review.teams)}
        </p>
        <ul class="structure">{structure}</ul>
        {public}
        {run}
        {generate}
        {report}
        {publish}
        {withdraw}
        {calendars}
        <p class="links"><a href="/admin/competitions">{lang.t(Key::CompAdminTitle)}</a></p>
    }
}

//! The season set-up's form posts (organisers only): villager groups, teams, players (one by
//! one, or a CSV file through a preview), courts with their weekly windows, and blackout
//! dates (a court's or everybody's, a festival's with one click). Plus the roster's CSV
//! export. As everywhere in [`crate::actions`]: a 303 redirect for plain forms, JSON for
//! scripts; on an error the form comes back filled, in the answer itself (`form=` names
//! which form on the page, `f=field.problem,…`; the typed values in the body, not the URL).
use app::db::setup::{self as db, SetupError};
use app::domain::festivals::Festival;
use app::domain::players_csv::{self, FileProblem};
use app::domain::setup as rules;
use app::i18n::{file_problem_key, Key};
use app::state::AppState;
use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Form, Router,
};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::http::{
    field, not_found, pairs, returned_form, with_param, Answer, Fields, Organiser, Refusal, Reply,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/setup/association", post(rename_association))
        .route("/actions/setup/groups", post(add_group))
        .route("/actions/setup/groups/{id}", post(rename_group))
        .route("/actions/setup/teams", post(add_team))
        .route("/actions/setup/teams/{id}", post(update_team))
        .route("/actions/setup/teams/{id}/players", post(add_player))
        .route("/actions/setup/players/{id}/remove", post(remove_player))
        .route("/actions/setup/teams/{id}/import", post(upload))
        .route(
            "/actions/setup/teams/{id}/import/{import}",
            post(commit_import),
        )
        .route("/setup/teams/{id}/players.csv", get(export))
        .route("/actions/setup/courts", post(add_court))
        .route("/actions/setup/courts/{id}", post(update_court))
        .route("/actions/setup/courts/{id}/windows", post(add_window))
        .route("/actions/setup/windows/{id}/remove", post(remove_window))
        .route(
            "/actions/setup/courts/{id}/blackouts",
            post(add_court_blackouts),
        )
        .route(
            "/actions/setup/teams/{id}/blackouts",
            post(add_team_blackouts),
        )
        .route(
            "/actions/setup/team-blackouts/{id}/remove",
            post(remove_team_blackout),
        )
        .route("/actions/setup/blackouts", post(add_blackouts))
        .route(
            "/actions/setup/blackouts/{id}/remove",
            post(remove_blackout),
        )
        .route("/actions/setup/festivals", post(block_festival))
}

/// The page a form comes back to with its errors: its address names the form (`form=`) and
/// carries the field-error codes only; what was typed — players' names and birth years
/// among it — goes back in the answer's body ([`returned_form::show_again`]), never in an
/// address.
struct Back<'a> {
    page: String,
    fields: &'a [(String, String)],
}

impl Back<'static> {
    /// A form with nothing typed (a remove button).
    fn plain(page: &str) -> Self {
        Back {
            page: page.to_owned(),
            fields: &[],
        }
    }
}

impl Back<'_> {
    /// `failure`, shown again with what was typed.
    fn again(&self, failure: Response) -> Response {
        if self.fields.is_empty() {
            failure
        } else {
            returned_form::show_again(failure, self.fields)
        }
    }
}

fn typed_form<'a>(page: &str, form: &str, fields: &'a Fields) -> Back<'a> {
    Back {
        page: with_param(page, "form", form),
        fields,
    }
}

/// The form as `rule` reads it, or the page again with each field's error.
fn read<'a, T>(
    reply: &Reply,
    back: &Back<'a>,
    rule: impl FnOnce(Vec<(&'a str, &'a str)>) -> Result<T, Vec<rules::FieldError>>,
) -> Result<T, Refusal> {
    rule(pairs(back.fields).collect())
        .map_err(|errors| back.again(reply.field_errors(&back.page, &errors)).into())
}

/// A database answer other than success.
fn failed(reply: &Reply, back: &Back, error: SetupError) -> Response {
    match error {
        SetupError::Invalid(errors) => back.again(reply.field_errors(&back.page, &errors)),
        SetupError::NothingToImport => reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &back.page,
            Key::ImportNothing,
            json!({ "imported": 0 }),
        ),
        SetupError::NotFound => not_found(),
        SetupError::Db(error) => reply.internal(error),
    }
}

/// A form's post from start to end: read by `rule`, saved by `save` (given who saves and
/// when), answered as `done` says; on an error the form comes back filled.
async fn submit<'a, I, T>(
    who: &Organiser,
    typed: Back<'a>,
    rule: impl FnOnce(Vec<(&'a str, &'a str)>) -> Result<I, Vec<rules::FieldError>>,
    save: impl AsyncFnOnce(I, &str, DateTime<Utc>) -> Result<T, SetupError>,
    done: impl FnOnce(T) -> (String, Key, serde_json::Value),
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let input = read(reply, &typed, rule)?;
    let saved = save(input, &actor, Utc::now()).await;
    answer(reply, &typed, saved, done)
}

/// The database's answer: `done` names the page to go on to, the message and the JSON.
fn answer<T>(
    reply: &Reply,
    typed: &Back,
    result: Result<T, SetupError>,
    done: impl FnOnce(T) -> (String, Key, serde_json::Value),
) -> Answer {
    let value = result.map_err(|error| failed(reply, typed, error))?;
    let (next, message, json) = done(value);
    Ok(reply.done(&next, message, json))
}

async fn rename_association(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = "/setup";
    let typed = typed_form(page, "association", &fields);
    let save = async |name: String, actor: &str, now| {
        db::rename_association(&state.db, &name, actor, now).await
    };
    submit(&who, typed, rules::association_name, save, |()| {
        (page.into(), Key::AssociationRenamed, json!({}))
    })
    .await
}

async fn add_group(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = "/setup/groups";
    let typed = typed_form(page, "group-add", &fields);
    let save =
        async |name: String, actor: &str, now| db::add_group(&state.db, &name, actor, now).await;
    submit(&who, typed, rules::group_name, save, |id| {
        (page.into(), Key::GroupAdded, json!({ "group_id": id }))
    })
    .await
}

async fn rename_group(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = "/setup/groups";
    let typed = typed_form(page, &format!("group-{id}"), &fields);
    let save = async |name: String, actor: &str, now| {
        db::rename_group(&state.db, id, &name, actor, now).await
    };
    submit(&who, typed, rules::group_name, save, |()| {
        (page.into(), Key::GroupRenamed, json!({ "group_id": id }))
    })
    .await
}

async fn add_team(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let typed = typed_form("/setup/teams", "team-add", &fields);
    let save = async |input, actor: &str, now| db::add_team(&state.db, &input, actor, now).await;
    submit(&who, typed, rules::team, save, |id| {
        (
            format!("/setup/teams/{id}"),
            Key::TeamAdded,
            json!({ "team_id": id }),
        )
    })
    .await
}

async fn update_team(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/setup/teams/{id}");
    let typed = typed_form(&page, "team-edit", &fields);
    let save =
        async |input, actor: &str, now| db::update_team(&state.db, id, &input, actor, now).await;
    submit(&who, typed, rules::team, save, |()| {
        (page.clone(), Key::TeamSaved, json!({ "team_id": id }))
    })
    .await
}

async fn add_player(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/setup/teams/{id}");
    let (reply, actor) = (&who.reply, who.actor());
    let typed = typed_form(&page, "player-add", &fields);
    let text = |name: &str| field(&fields, name).unwrap_or_default().to_owned();
    let (name, number, birth_year) = (text("name"), text("number"), text("birth_year"));
    let added = db::add_player(
        &state.db,
        id,
        &name,
        &number,
        &birth_year,
        &actor,
        Utc::now(),
    )
    .await;
    answer(reply, &typed, added, |player| {
        (
            page.clone(),
            Key::PlayerAdded,
            json!({ "player_id": player }),
        )
    })
}

async fn remove_player(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let typed = &Back::plain("/setup/teams");
    let removed = db::remove_player(&state.db, id, &actor, Utc::now()).await;
    answer(reply, typed, removed, |team| {
        (
            format!("/setup/teams/{team}"),
            Key::PlayerRemoved,
            json!({ "team_id": team }),
        )
    })
}

#[allow(clippy::result_large_err)]
fn broken(error: impl IntoResponse) -> Result<FileProblem, Response> {
    Err(error.into_response())
}

/// The file (part `file`) or, when none was chosen, the pasted text (part `csv`): at most
/// [`players_csv::MAX_BYTES`]; `Err` with the reason to show otherwise.
#[allow(clippy::result_large_err)]
async fn roster_upload(request: Request) -> Result<Vec<u8>, Result<FileProblem, Response>> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"));
    let too_large = Err(Ok(FileProblem::TooLarge));
    let (mut file, mut pasted) = (Vec::new(), Vec::new());
    if multipart {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(broken)?;
        loop {
            let mut part = match multipart.next_field().await {
                Ok(Some(part)) => part,
                Ok(None) => break,
                Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large,
                Err(error) => return Err(Err(error.into_response())),
            };
            let name = part.name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            loop {
                match part.chunk().await {
                    Ok(Some(chunk)) if bytes.len() + chunk.len() <= players_csv::MAX_BYTES => {
                        bytes.extend_from_slice(&chunk)
                    }
                    Ok(Some(_)) => return too_large,
                    Ok(None) => break,
                    Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return too_large
                    }
                    Err(error) => return Err(Err(error.into_response())),
                }
            }
            match name.as_str() {
                "file" => file = bytes,
                "csv" => pasted = bytes,
                _ => {}
            }
        }
    } else {
        let Form(fields) = Form::<Fields>::from_request(request, &())
            .await
            .map_err(broken)?;
        pasted = field(&fields, "csv")
            .unwrap_or_default()
            .as_bytes()
            .to_vec();
        if pasted.len() > players_csv::MAX_BYTES {
            return too_large;
        }
    }
    let chosen = if file.is_empty() { pasted } else { file };
    if chosen.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Ok(FileProblem::Empty));
    }
    Ok(chosen)
}

async fn upload(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    request: Request,
) -> Response {
    let (reply, viewer) = (who.reply, who.viewer);
    let page = format!("/setup/teams/{id}");
    let bytes = match roster_upload(request).await {
        Ok(bytes) => bytes,
        Err(Ok(problem)) => {
            return reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &with_param(&page, "form", "import"),
                file_problem_key(problem),
                json!({ "problem": problem.code() }),
            )
        }
        Err(Err(response)) => return response,
    };
    match db::store_import(&state.db, id, viewer.id, bytes, Utc::now()).await {
        Ok(import) => {
            let to = format!("/setup/teams/{id}/import/{import}");
            let preview = if reply.json {
                db::import_preview(&state.db, id, import, Utc::now())
                    .await
                    .ok()
                    .flatten()
                    .map(|p| preview_json(&reply, &p))
            } else {
                None
            };
            reply.done(
                &to,
                Key::ImportPreviewTitle,
                json!({ "import_id": import, "preview": preview }),
            )
        }
        Err(error) => failed(&reply, &Back::plain(&page), error),
    }
}

/// The preview for a script: every row with its problems, in the reader's language.
fn preview_json(reply: &Reply, preview: &app::model::ImportPreview) -> serde_json::Value {
    match &preview.result {
        Err(problem) => json!({
            "problem": problem.code(),
            "message": reply.lang.t(file_problem_key(*problem)),
        }),
        Ok(read) => json!({
            "encoding": format!("{:?}", read.encoding),
            "rows": read.rows.iter().map(|row| json!({
                "line": row.line,
                "name": row.name,
                "number": row.number,
                "birth_year": row.birth_year,
                "ok": row.result.is_ok(),
                "problems": row.result.as_ref().err().map(|problems| problems.iter().map(|p| json!({
                    "problem": p.code(),
                    "message": reply.lang.t(app::i18n::row_problem_key(*p)),
                })).collect::<Vec<_>>()).unwrap_or_default(),
            })).collect::<Vec<_>>(),
        }),
    }
}

async fn commit_import(
    State(state): State<AppState>,
    who: Organiser,
    Path((id, import)): Path<(i32, i32)>,
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let page = format!("/setup/teams/{id}");
    Ok(
        match db::commit_import(&state.db, id, import, &actor, Utc::now()).await {
            Ok(count) => reply.done(&page, Key::ImportDone, json!({ "imported": count })),
            Err(SetupError::NothingToImport) => reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("/setup/teams/{id}/import/{import}"),
                Key::ImportNothing,
                json!({ "imported": 0 }),
            ),
            Err(SetupError::NotFound) => reply.fail(
                StatusCode::NOT_FOUND,
                &with_param(&page, "form", "import"),
                Key::ImportGone,
                json!({}),
            ),
            Err(error) => failed(reply, &Back::plain(&page), error),
        },
    )
}

/// The roster as a CSV file (UTF-8 with a BOM, formula-safe): organisers only.
async fn export(State(state): State<AppState>, who: Organiser, Path(id): Path<i32>) -> Answer {
    Ok(match db::roster_csv(&state.db, id).await {
        Ok(Some((team, bytes))) => {
            let ascii = format!("team-{id}.csv");
            let utf8: String =
                form_urlencoded::byte_serialize(format!("{team}.csv").as_bytes()).collect();
            let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}");
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition)
                            .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(None) => not_found(),
        Err(error) => who.reply.internal(error),
    })
}

async fn add_court(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let typed = typed_form("/setup/courts", "court-add", &fields);
    let save = async |input, actor: &str, now| db::add_court(&state.db, &input, actor, now).await;
    submit(&who, typed, rules::court, save, |id| {
        (
            format!("/setup/courts/{id}"),
            Key::CourtAdded,
            json!({ "court_id": id }),
        )
    })
    .await
}

async fn update_court(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/setup/courts/{id}");
    let typed = typed_form(&page, "court-edit", &fields);
    let save =
        async |input, actor: &str, now| db::update_court(&state.db, id, &input, actor, now).await;
    submit(&who, typed, rules::court, save, |()| {
        (page.clone(), Key::CourtSaved, json!({ "court_id": id }))
    })
    .await
}

async fn add_window(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/setup/courts/{id}");
    let typed = typed_form(&page, "window-add", &fields);
    let save =
        async |input, actor: &str, now| db::add_window(&state.db, id, &input, actor, now).await;
    submit(&who, typed, rules::window, save, |window| {
        (
            page.clone(),
            Key::WindowAdded,
            json!({ "window_id": window }),
        )
    })
    .await
}

async fn remove_window(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let typed = &Back::plain("/setup/courts");
    let removed = db::remove_window(&state.db, id, &actor, Utc::now()).await;
    answer(reply, typed, removed, |court| {
        (
            format!("/setup/courts/{court}"),
            Key::WindowRemoved,
            json!({ "court_id": court }),
        )
    })
}

async fn blackouts_for(
    state: &AppState,
    who: &Organiser,
    court: Option<i32>,
    page: &str,
    form: &str,
    fields: &Fields,
) -> Answer {
    let typed = typed_form(page, form, fields);
    let save = async |input, actor: &str, now| {
        db::add_blackouts(&state.db, court, &input, actor, now).await
    };
    submit(who, typed, rules::blackout, save, |added| {
        (
            page.to_owned(),
            Key::BlackoutAdded,
            json!({ "added": added }),
        )
    })
    .await
}

async fn add_court_blackouts(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/setup/courts/{id}");
    blackouts_for(&state, &who, Some(id), &page, "court-blackout", &fields).await
}

async fn add_team_blackouts(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = format!("/setup/teams/{id}");
    let typed = typed_form(&page, "team-blackout", &fields);
    let save = async |input, actor: &str, now| {
        db::add_team_blackouts(&state.db, id, &input, actor, now).await
    };
    submit(&who, typed, rules::blackout, save, |added| {
        (page.clone(), Key::BlackoutAdded, json!({ "added": added }))
    })
    .await
}

async fn remove_team_blackout(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let typed = &Back::plain("/setup/teams");
    let removed = db::remove_team_blackout(&state.db, id, &actor, Utc::now()).await;
    answer(reply, typed, removed, |team| {
        (
            format!("/setup/teams/{team}"),
            Key::BlackoutRemoved,
            json!({ "team_id": team }),
        )
    })
}

/// The calendar page of the year a date falls in (this year when none).
fn calendar_page(fields: &Fields) -> String {
    let year = field(fields, "year")
        .and_then(|y| y.trim().parse::<i32>().ok())
        .or_else(|| {
            field(fields, "from")
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok())
        })
        .filter(|y| app::domain::festivals::YEARS.contains(y));
    match year {
        Some(year) => format!("/setup/calendar?year={year}"),
        None => "/setup/calendar".to_owned(),
    }
}

async fn add_blackouts(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = calendar_page(&fields);
    blackouts_for(&state, &who, None, &page, "blackout-add", &fields).await
}

async fn remove_blackout(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let typed = &Back::plain("/setup/calendar");
    let removed = db::remove_blackout(&state.db, id, &actor, Utc::now()).await;
    answer(reply, typed, removed, |court| {
        let next = court.map_or_else(|| calendar_page(&fields), |c| format!("/setup/courts/{c}"));
        (next, Key::BlackoutRemoved, json!({ "court_id": court }))
    })
}

async fn block_festival(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let page = calendar_page(&fields);
    let year = field(&fields, "year").and_then(|y| y.trim().parse::<i32>().ok());
    let festival = field(&fields, "festival").and_then(Festival::from_code);
    let (Some(year), Some(festival)) = (year, festival) else {
        return Err(reply.expired(&page).into());
    };
    Ok(
        match db::block_festival(&state.db, year, festival, &actor, Utc::now()).await {
            Ok(added) => reply.done(
                &page,
                Key::BlackoutAdded,
                json!({ "added": added, "date": festival.date(year).map(|d| d.to_string()) }),
            ),
            Err(SetupError::Invalid(_)) => reply.expired(&page),
            Err(error) => failed(reply, &Back::plain(&page), error),
        },
    )
}

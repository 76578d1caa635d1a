//! Organisers create competitions, generate a draft league's schedule in the background,
//! cancel a run and publish a reviewed draft. Plain form posts (see [`crate::actions`]);
//! every handler checks on the server that the viewer organises.
//!
//! Generating runs the village engine on a blocking thread (`spawn_blocking`) while an
//! async task writes its progress to the run's row every quarter second and passes a cancel
//! request from the row back to the engine; the review page reloads itself meanwhile.
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::db::competitions::{
    self as store, fields as names, CreateError, FieldProblem, LeagueProblem, Problem,
    PublishError, RunError,
};
use app::domain::form;
use app::domain::schedule::village::{schedule_village_watched, VillageRules};
use app::domain::schedule::SearchLimits;
use app::i18n::Key;
use app::state::AppState;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::post,
    Form, Router,
};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::http::{field, pairs, typed, with_param, Answer, Fields, Organiser};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions/competitions", post(create))
        .route("/actions/competitions/{id}/generate", post(generate))
        .route("/actions/competitions/{id}/cancel", post(cancel))
        .route("/actions/competitions/{id}/publish", post(publish))
        .route("/actions/competitions/{id}/lots", post(record_lots))
        .route("/actions/competitions/{id}/withdraw", post(withdraw))
}

/// The new-competition page with what was typed, to come back to after an error.
fn typed_back(fields: &Fields, form: &str) -> String {
    let division = field(fields, names::DIVISION).unwrap_or("men");
    let page = with_param("/admin/competitions/new", "division", division);
    let mut url = typed(&with_param(&page, "form", form), fields, names::TYPED);
    for (list, name) in [("teams", names::TEAM), ("courts", names::COURT)] {
        let ids: Vec<&str> = fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        url = with_param(&url, list, &ids.join(","));
    }
    url
}

async fn create(
    State(state): State<AppState>,
    who: Organiser,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, actor) = (&who.reply, who.actor());
    let cup = field(&fields, names::KIND) == Some("cup");
    let back = typed_back(&fields, if cup { "cup" } else { "league" });
    let invalid = |problems: Vec<FieldProblem>| reply.field_errors(&back, &problems);
    let form = form::Fields::new(pairs(&fields));
    let created = if cup {
        let input = store::parse_cup(&form).map_err(invalid)?;
        store::create_cup(&state.db, &input, &actor, Utc::now()).await
    } else {
        let input = store::parse_league(&form).map_err(invalid)?;
        store::create_league(&state.db, &input, &actor, Utc::now()).await
    };
    Ok(match created {
        Ok(id) => reply.done(
            &format!("/admin/competitions/{id}/review"),
            if cup {
                Key::CompCupCreated
            } else {
                Key::CompCreated
            },
            json!({ "competition_id": id }),
        ),
        Err(CreateError::Invalid(problems)) => reply.field_errors(&back, &problems),
        Err(CreateError::Db(error)) => reply.internal(error),
    })
}

fn number(
    fields: &Fields,
    name: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, FieldProblem> {
    match field(fields, name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(value) => match value.parse::<u32>() {
            Ok(n) if range.contains(&n) => Ok(n),
            Ok(_) => Err(FieldProblem::new(name, Problem::Range)),
            Err(_) => Err(FieldProblem::new(name, Problem::Invalid)),
        },
    }
}

async fn generate(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let page = format!("/admin/competitions/{id}/review");
    let (rest, seconds) = match (
        number(&fields, "min_rest_days", 2, 0..=14),
        number(&fields, "seconds", 5, 1..=120),
    ) {
        (Ok(rest), Ok(seconds)) => (rest, seconds),
        (rest, seconds) => {
            let problems: Vec<FieldProblem> =
                [rest.err(), seconds.err()].into_iter().flatten().collect();
            return Err(reply.field_errors(&page, &problems).into());
        }
    };
    let rules = VillageRules {
        min_rest_days: rest,
        ..VillageRules::default()
    };
    let not_draft = || reply.fail(StatusCode::CONFLICT, &page, Key::CompNotDraft, json!({}));
    let problem = store::league_problem(&state.db, id, rules)
        .await
        .map_err(|error| reply.internal(error))?
        .ok_or_else(not_draft)?;
    let settings = format!("min_rest_days={rest} seconds={seconds}");
    let started = store::start_run(&state.db, id, &settings, &who.actor(), Utc::now()).await;
    let run_id = started.map_err(|error| match error {
        RunError::Running => reply.fail(
            StatusCode::CONFLICT,
            &page,
            Key::CompAlreadyRunning,
            json!({}),
        ),
        RunError::NotDraft | RunError::NotFound => not_draft(),
        RunError::Db(error) => reply.internal(error),
    })?;
    tokio::spawn(run_league(
        state.db.clone(),
        run_id,
        problem,
        seconds as f64,
    ));
    Ok(reply.done(&page, Key::CompGenerating, json!({ "run_id": run_id })))
}

/// Runs the engine for a league and stores its outcome in the run's row.
pub async fn run_league(db: DatabaseConnection, run_id: i32, problem: LeagueProblem, seconds: f64) {
    let progress = Arc::new(AtomicU32::new(0));
    let cancel = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let input = problem.input.clone();
    let limits = SearchLimits::seconds(seconds, run_id as u64);
    let mut handle = {
        let (progress, cancel) = (progress.clone(), cancel.clone());
        tokio::task::spawn_blocking(move || {
            schedule_village_watched(&input, &limits, |watch| {
                progress.store((watch.done * 100.0) as u32, Ordering::Relaxed);
                !cancel.load(Ordering::Relaxed)
            })
        })
    };
    let outcome = loop {
        tokio::select! {
            outcome = &mut handle => break outcome,
            _ = tokio::time::sleep(Duration::from_millis(250)) => {
                let done = progress.load(Ordering::Relaxed) as i32;
                match store::report_progress(&db, run_id, done).await {
                    Ok(true) => cancel.store(true, Ordering::Relaxed),
                    Ok(false) => {}
                    Err(error) => tracing::warn!(%error, run_id, "progress not recorded"),
                }
            }
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let result = match outcome {
        Ok(Ok(schedule)) => {
            store::finish_league_run(&db, run_id, &problem, &schedule, seconds, Utc::now()).await
        }
        Ok(Err(error)) => {
            let message = format!("{error}");
            store::end_run(&db, run_id, store::RUN_FAILED, Some(message), Utc::now()).await
        }
        Err(error) => {
            tracing::error!(%error, run_id, "the scheduling engine stopped");
            store::end_run(&db, run_id, store::RUN_FAILED, None, Utc::now()).await
        }
    };
    if let Err(error) = result {
        tracing::error!(%error, run_id, "the run's outcome was not stored");
    }
}

async fn cancel(State(state): State<AppState>, who: Organiser, Path(id): Path<i32>) -> Answer {
    let reply = &who.reply;
    let page = format!("/admin/competitions/{id}/review");
    Ok(
        match store::request_cancel(&state.db, id, &who.actor(), Utc::now()).await {
            Ok(true) => reply.done(&page, Key::CompCancelled, json!({})),
            Ok(false) => reply.fail(
                StatusCode::CONFLICT,
                &page,
                Key::CompNothingToCancel,
                json!({}),
            ),
            Err(error) => reply.internal(error),
        },
    )
}

/// A team withdraws (`team`): its open games are lost by forfeit (see
/// `app::db::changes::withdraw_team`).
async fn withdraw(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    use app::db::changes::{withdraw_team, ChangeError};
    let reply = &who.reply;
    let page = format!("/admin/competitions/{id}/review");
    let Some(team) = field(&fields, "team").and_then(|t| t.trim().parse::<i32>().ok()) else {
        return Ok(reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
            Key::WithdrawChooseTeam,
            json!({}),
        ));
    };
    Ok(
        match withdraw_team(&state.db, &who.viewer, id, team, Utc::now()).await {
            Ok(forfeited) => reply.done(
                &page,
                Key::TeamWithdrawn,
                json!({ "team": team, "forfeited": forfeited }),
            ),
            Err(ChangeError::NotFound) => reply.fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page,
                Key::WithdrawChooseTeam,
                json!({}),
            ),
            Err(ChangeError::WrongState) => reply.fail(
                StatusCode::CONFLICT,
                &page,
                Key::WithdrawNotRunning,
                json!({}),
            ),
            Err(ChangeError::Forbidden) => reply.forbidden(),
            Err(ChangeError::Db(error)) => reply.internal(error),
            Err(_) => reply.fail(
                StatusCode::CONFLICT,
                &page,
                Key::ChangedMeanwhile,
                json!({}),
            ),
        },
    )
}

/// The places a drawing of lots gave the teams of a tie: `stage`, `pool` (a cup's group),
/// and `lot_<team id>` for each team of the tie.
async fn record_lots(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let reply = &who.reply;
    let number = |name: &str| field(&fields, name).and_then(|v| v.trim().parse::<i32>().ok());
    let lots: Vec<(i32, u32)> = fields
        .iter()
        .filter_map(|(name, value)| {
            let team = name.strip_prefix("lot_")?.parse().ok()?;
            Some((team, value.trim().parse().ok()?))
        })
        .collect();
    let recorded = match number("stage") {
        Some(stage) => {
            app::db::honours::record_lots(
                &state.db,
                id,
                stage,
                number("pool"),
                &lots,
                &who.actor(),
                Utc::now(),
            )
            .await
        }
        None => Err(app::db::honours::LotsError::Invalid),
    };
    Ok(match recorded {
        Ok(()) => reply.done("/admin", Key::LotsRecorded, json!({ "competition_id": id })),
        Err(app::db::honours::LotsError::Invalid) => reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "/admin",
            Key::LotsInvalid,
            json!({}),
        ),
        Err(app::db::honours::LotsError::Db(error)) => reply.internal(error),
    })
}

async fn publish(State(state): State<AppState>, who: Organiser, Path(id): Path<i32>) -> Answer {
    let reply = &who.reply;
    let page = format!("/admin/competitions/{id}/review");
    Ok(
        match store::publish(&state.db, id, &who.actor(), Utc::now()).await {
            Ok(()) => reply.done(&page, Key::CompPublished, json!({ "competition_id": id })),
            Err(PublishError::NotFound) => {
                reply.fail(StatusCode::NOT_FOUND, &page, Key::CompNotFound, json!({}))
            }
            Err(PublishError::NotDraft) => {
                reply.fail(StatusCode::CONFLICT, &page, Key::CompNotDraft, json!({}))
            }
            Err(PublishError::NotReady) => {
                reply.fail(StatusCode::CONFLICT, &page, Key::CompNotReady, json!({}))
            }
            Err(PublishError::Db(error)) => reply.internal(error),
        },
    )
}

//! The authorisation matrix: every role × every mutation, checked on the server. Each cell
//! starts from the same state, sends the request as a signed-in user of that role (or as a
//! resident without an account) and checks both the answer and whether anything changed.
use app::db::{accounts, entities::*, reports};
use app::model::{GameStatus, ReportStatus, Role, Viewer};
use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER, DEMO_REFEREE};

use crate::helpers::{Backend, TestApp};
use crate::on_every_backend;
use crate::scoring::{open_game, reports_of, reset, score_form, version, OpenGame};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Resident,
    HomeCaptain,
    AwayCaptain,
    OtherCaptain,
    Referee,
    Organiser,
    Admin,
}

const EVERYONE: [Who; 7] = [
    Who::Resident,
    Who::HomeCaptain,
    Who::AwayCaptain,
    Who::OtherCaptain,
    Who::Referee,
    Who::Organiser,
    Who::Admin,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// 401: sign in first.
    SignIn,
    /// 403: signed in, not allowed.
    Forbidden,
    /// 422: allowed to ask, but the rules say no (a captain correcting a confirmed result).
    Refused,
    Done,
}

#[derive(Clone, Copy, Debug)]
enum Mutation {
    Report,
    Confirm,
    Dispute,
    CorrectConfirmed,
    CreateInvite,
    SignOutEverywhere,
}

fn expected(mutation: Mutation, who: Who) -> Expect {
    use Expect::*;
    use Who::*;
    match (mutation, who) {
        (_, Resident) => SignIn,
        (Mutation::SignOutEverywhere, _) => Done,
        (_, Organiser | Admin) => Done,
        (Mutation::CreateInvite, _) => Forbidden,
        (Mutation::Report, HomeCaptain | AwayCaptain) => Done,
        // The home captain reported: only the away captain answers.
        (Mutation::Confirm | Mutation::Dispute, AwayCaptain) => Done,
        (Mutation::CorrectConfirmed, HomeCaptain | AwayCaptain) => Refused,
        _ => Forbidden,
    }
}

struct Cast {
    cookies: Vec<(Who, Option<String>)>,
    home: Viewer,
}

async fn viewer_named(app: &TestApp, username: &str) -> Viewer {
    let user = app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    Viewer {
        id: user.id,
        name: user.display_name,
        role: user.role,
        team_id: user.team_id,
    }
}

async fn cast(app: &TestApp, game: &OpenGame) -> Cast {
    accounts::create_user(
        &app.db,
        accounts::NewUser {
            role: Role::Admin,
            display_name: "管理员".into(),
            username: Some("admin".into()),
            phone: None,
            team_id: None,
            secret: "admin-password".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let mut cookies = Vec::new();
    for who in EVERYONE {
        let cookie = match who {
            Who::Resident => None,
            Who::HomeCaptain => Some(app.sign_in(&game.home_captain, DEMO_CAPTAIN_PIN).await),
            Who::AwayCaptain => Some(app.sign_in(&game.away_captain, DEMO_CAPTAIN_PIN).await),
            Who::OtherCaptain => Some(app.sign_in(&game.other_captain, DEMO_CAPTAIN_PIN).await),
            Who::Referee => Some(app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await),
            Who::Organiser => Some(app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await),
            Who::Admin => Some(app.sign_in("admin", "admin-password").await),
        };
        cookies.push((who, cookie));
    }
    Cast {
        cookies,
        home: viewer_named(app, &game.home_captain).await,
    }
}

/// Sets the game up for the mutation; returns the form to send and the path.
async fn prepare(
    app: &TestApp,
    game: &OpenGame,
    cast: &Cast,
    mutation: Mutation,
    cell: usize,
) -> (String, String) {
    reset(app, game.id).await;
    let report_path = format!("/actions/games/{}/report", game.id);
    let answer_path = format!("/actions/games/{}/answer", game.id);
    match mutation {
        Mutation::Report => (
            report_path,
            score_form(version(app, game.id).await, &format!("m-{cell}"), 71, 60),
        ),
        Mutation::Confirm | Mutation::Dispute => {
            let receipt = reports::submit(
                &app.db,
                &cast.home,
                reports::NewReport {
                    game_id: game.id,
                    input: app::domain::score::parse([("home", "71"), ("away", "60")]).unwrap(),
                    box_score: vec![],
                    expected_version: version(app, game.id).await,
                    idempotency_key: format!("setup-{cell}"),
                },
                Utc::now(),
            )
            .await
            .unwrap();
            let choice = if matches!(mutation, Mutation::Confirm) {
                "confirm"
            } else {
                "dispute&comment=wrong"
            };
            let form = format!(
                "report={}&version={}&answer={choice}",
                receipt.report_id,
                version(app, game.id).await
            );
            (answer_path, form)
        }
        Mutation::CorrectConfirmed => {
            let organiser = viewer_named(app, DEMO_ORGANISER.0).await;
            reports::submit(
                &app.db,
                &organiser,
                reports::NewReport {
                    game_id: game.id,
                    input: app::domain::score::parse([("home", "71"), ("away", "60")]).unwrap(),
                    box_score: vec![],
                    expected_version: version(app, game.id).await,
                    idempotency_key: format!("setup-{cell}"),
                },
                Utc::now(),
            )
            .await
            .unwrap();
            (
                report_path,
                score_form(version(app, game.id).await, &format!("m-{cell}"), 60, 71),
            )
        }
        Mutation::CreateInvite => (
            "/actions/people/links".into(),
            format!("role=captain&team={}", cast.home.team_id.unwrap()),
        ),
        Mutation::SignOutEverywhere => ("/actions/signout-everywhere".into(), String::new()),
    }
}

/// Did the mutation take effect?
async fn happened(app: &TestApp, game: &OpenGame, mutation: Mutation, invites_before: u64) -> bool {
    let stored = game::Entity::find_by_id(game.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let reports = reports_of(app, game.id).await;
    match mutation {
        Mutation::Report => !reports.is_empty(),
        Mutation::Confirm => stored.status == GameStatus::Played,
        Mutation::Dispute => reports.iter().any(|r| r.status == ReportStatus::Disputed),
        Mutation::CorrectConfirmed => stored.home_score == Some(60),
        Mutation::CreateInvite => {
            access_link::Entity::find().count(&app.db).await.unwrap() > invites_before
        }
        Mutation::SignOutEverywhere => true,
    }
}

async fn matrix(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = open_game(&app, 10).await;
    let cast = cast(&app, &game).await;
    let mutations = [
        Mutation::Report,
        Mutation::Confirm,
        Mutation::Dispute,
        Mutation::CorrectConfirmed,
        Mutation::CreateInvite,
        Mutation::SignOutEverywhere,
    ];
    let mut cells = 0;
    let mut failures = Vec::new();
    for mutation in mutations {
        for (who, cookie) in &cast.cookies {
            // Signing out everywhere ends the session: run it last, per user.
            cells += 1;
            let (path, form) = prepare(&app, &game, &cast, mutation, cells).await;
            let invites_before = access_link::Entity::find().count(&app.db).await.unwrap();
            let response = app.post(&path, &form, cookie.as_deref(), true).await;
            let expect = expected(mutation, *who);
            let status = match expect {
                Expect::SignIn => StatusCode::UNAUTHORIZED,
                Expect::Forbidden => StatusCode::FORBIDDEN,
                Expect::Refused => StatusCode::UNPROCESSABLE_ENTITY,
                Expect::Done => StatusCode::OK,
            };
            let changed = happened(&app, &game, mutation, invites_before).await;
            let should_change = expect == Expect::Done;
            if response.status != status
                || (changed != should_change && !matches!(mutation, Mutation::SignOutEverywhere))
            {
                failures.push(format!(
                    "{mutation:?} as {who:?}: expected {status} (change: {should_change}), got {} (change: {changed}): {}",
                    response.status, response.body
                ));
            }
        }
    }
    // No mutation on GET: every action path answers 405 and changes nothing.
    for path in [
        "/actions/signin",
        "/actions/signout",
        "/actions/signout-everywhere",
        "/actions/people/links",
        "/actions/invite/whatever",
        &format!("/actions/games/{}/report", game.id),
        &format!("/actions/games/{}/answer", game.id),
    ] {
        cells += 1;
        let response = app.get(path).await;
        if response.status != StatusCode::METHOD_NOT_ALLOWED {
            failures.push(format!("GET {path}: expected 405, got {}", response.status));
        }
    }
    eprintln!("authorisation matrix: {cells} cells on {backend:?}");
    assert!(
        failures.is_empty(),
        "{} failing cells:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(cells, 6 * 7 + 7);
}

#[tokio::test]
async fn every_role_times_every_mutation() {
    on_every_backend!(matrix);
}

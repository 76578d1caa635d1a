//! The authorisation matrix for notices and residents' requests: every role × every
//! community mutation (a notice with an image posted as multipart among them), checking
//! the answer's status and whether anything changed; who sees a waiting notice's image;
//! and GET on every action path (405).
use app::db::{accounts, community, entities::*};
use app::model::{NoticeStatus, RequestStatus, Role, Viewer};
use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER, DEMO_REFEREE};

use crate::community::{group_of_captain, notice_form};
use crate::helpers::{png_of, Backend, TestApp};
use crate::on_every_backend;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Resident,
    Captain,
    Referee,
    Organiser,
    Admin,
}

const EVERYONE: [Who; 5] = [
    Who::Resident,
    Who::Captain,
    Who::Referee,
    Who::Organiser,
    Who::Admin,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    SignIn,
    Forbidden,
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mutation {
    NoticeForEveryone,
    NoticeForOwnGroup,
    NoticeForOtherGroup,
    NoticeWithImage,
    ApproveNotice,
    WithdrawNotice,
    ApprovalSetting,
    SendRequest,
    AnswerRequest,
}

const MUTATIONS: [Mutation; 9] = [
    Mutation::NoticeForEveryone,
    Mutation::NoticeForOwnGroup,
    Mutation::NoticeForOtherGroup,
    Mutation::NoticeWithImage,
    Mutation::ApproveNotice,
    Mutation::WithdrawNotice,
    Mutation::ApprovalSetting,
    Mutation::SendRequest,
    Mutation::AnswerRequest,
];

fn expected(mutation: Mutation, who: Who) -> Expect {
    use Expect::*;
    match (mutation, who) {
        // Anyone may write to the association, with or without an account.
        (Mutation::SendRequest, _) => Done,
        (_, Who::Resident) => SignIn,
        (_, Who::Organiser | Who::Admin) => Done,
        // A captain speaks for their own villager group only.
        (Mutation::NoticeForOwnGroup, Who::Captain) => Done,
        _ => Forbidden,
    }
}

pub async fn viewer_named(app: &TestApp, username: &str) -> Viewer {
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

struct Fixture {
    own_group: i32,
    other_group: i32,
    captain: Viewer,
    organiser: Viewer,
}

/// Sets up the state the mutation acts on; returns the path, the form and the row it
/// concerns.
async fn prepare(
    app: &TestApp,
    fx: &Fixture,
    mutation: Mutation,
    cell: usize,
) -> (String, String, i32) {
    community::set_captain_notices_need_approval(&app.db, &fx.organiser, true)
        .await
        .unwrap();
    let title = format!("cell {cell}");
    match mutation {
        Mutation::NoticeForEveryone => (
            "/actions/notices".into(),
            notice_form(&title, "内容", None, false),
            0,
        ),
        Mutation::NoticeForOwnGroup => (
            "/actions/notices".into(),
            notice_form(&title, "内容", Some(fx.own_group), false),
            0,
        ),
        Mutation::NoticeForOtherGroup => (
            "/actions/notices".into(),
            notice_form(&title, "内容", Some(fx.other_group), false),
            0,
        ),
        // Multipart with a picture, for everyone: the title goes in the form below.
        Mutation::NoticeWithImage => ("/actions/notices".into(), title, 0),
        Mutation::ApproveNotice | Mutation::WithdrawNotice => {
            let notice = community::post_notice(
                &app.db,
                &fx.captain,
                community::NewNotice {
                    title: format!("setup {cell}"),
                    body: "待批准".into(),
                    group_id: Some(fx.own_group),
                    ..Default::default()
                },
                Utc::now(),
            )
            .await
            .unwrap();
            assert_eq!(notice.status, NoticeStatus::Pending);
            let action = if mutation == Mutation::ApproveNotice {
                "approve"
            } else {
                "withdraw"
            };
            (
                format!("/actions/notices/{}/{action}", notice.id),
                String::new(),
                notice.id,
            )
        }
        // Asks to turn approval off (it was just turned on).
        Mutation::ApprovalSetting => ("/actions/community/settings".into(), String::new(), 0),
        Mutation::SendRequest => (
            "/actions/requests".into(),
            format!("topic={}&body=b", crate::helpers::urlencode(&title)),
            0,
        ),
        Mutation::AnswerRequest => {
            let code = community::send_request(
                &app.db,
                community::NewRequest {
                    topic: format!("setup {cell}"),
                    body: "诉求".into(),
                    ..Default::default()
                },
                Utc::now(),
            )
            .await
            .unwrap();
            let request = resident_request::Entity::find()
                .filter(resident_request::Column::Code.eq(code))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            (
                format!("/actions/requests/{}/answer", request.id),
                "status=answered&answer=ok&publish=on".into(),
                request.id,
            )
        }
    }
}

async fn counts(app: &TestApp) -> (u64, u64, u64) {
    (
        notice::Entity::find().count(&app.db).await.unwrap(),
        resident_request::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        notice_image::Entity::find().count(&app.db).await.unwrap(),
    )
}

/// Did the mutation take effect?
async fn happened(app: &TestApp, mutation: Mutation, row: i32, before: (u64, u64, u64)) -> bool {
    let after = counts(app).await;
    match mutation {
        Mutation::NoticeForEveryone
        | Mutation::NoticeForOwnGroup
        | Mutation::NoticeForOtherGroup => after.0 > before.0,
        Mutation::NoticeWithImage => after.0 > before.0 && after.2 > before.2,
        Mutation::ApproveNotice | Mutation::WithdrawNotice => {
            let notice = notice::Entity::find_by_id(row)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            notice.status != NoticeStatus::Pending
        }
        Mutation::ApprovalSetting => !community::captain_notices_need_approval(&app.db)
            .await
            .unwrap(),
        Mutation::SendRequest => after.1 > before.1,
        Mutation::AnswerRequest => {
            let request = resident_request::Entity::find_by_id(row)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            request.status != RequestStatus::New || after.0 > before.0
        }
    }
}

async fn matrix(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
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
    let fx = Fixture {
        own_group: group_of_captain(&app, "captain1").await,
        other_group: group_of_captain(&app, "captain2").await,
        captain: viewer_named(&app, "captain1").await,
        organiser: viewer_named(&app, DEMO_ORGANISER.0).await,
    };
    let mut cookies = Vec::new();
    for who in EVERYONE {
        let cookie = match who {
            Who::Resident => None,
            Who::Captain => Some(app.sign_in("captain1", DEMO_CAPTAIN_PIN).await),
            Who::Referee => Some(app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await),
            Who::Organiser => Some(app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await),
            Who::Admin => Some(app.sign_in("admin", "admin-password").await),
        };
        cookies.push((who, cookie));
    }
    let mut cells = 0;
    let mut failures = Vec::new();
    for mutation in MUTATIONS {
        for (who, cookie) in &cookies {
            cells += 1;
            let (path, form, row) = prepare(&app, &fx, mutation, cells).await;
            let before = counts(&app).await;
            let response = if mutation == Mutation::NoticeWithImage {
                let png = png_of(8, 8);
                app.post_multipart(
                    &path,
                    &[("title", &form), ("body", "内容")],
                    Some(("p.png", "image/png", &png)),
                    cookie.as_deref(),
                    true,
                )
                .await
            } else {
                app.post(&path, &form, cookie.as_deref(), true).await
            };
            let expect = expected(mutation, *who);
            let status = match expect {
                Expect::SignIn => StatusCode::UNAUTHORIZED,
                Expect::Forbidden => StatusCode::FORBIDDEN,
                Expect::Done => StatusCode::OK,
            };
            let changed = happened(&app, mutation, row, before).await;
            let should_change = expect == Expect::Done;
            if response.status != status || changed != should_change {
                failures.push(format!(
                    "{mutation:?} as {who:?}: expected {status} (change: {should_change}), got {} (change: {changed}): {}",
                    response.status, response.body
                ));
            }
        }
    }
    // The organisers' inbox (with contact numbers) is theirs alone.
    for (who, cookie) in &cookies {
        cells += 1;
        let page = match cookie {
            Some(cookie) => app.get_with_cookie("/requests/inbox", cookie).await,
            None => app.get("/requests/inbox").await,
        };
        let sees = page.body.contains("/actions/requests/");
        if sees != matches!(who, Who::Organiser | Who::Admin) {
            failures.push(format!("inbox as {who:?}: sees the requests: {sees}"));
        }
    }
    // A waiting notice's image: its author (the captain) and organisers only.
    let waiting = community::post_notice(
        &app.db,
        &fx.captain,
        community::NewNotice {
            title: "waiting image".into(),
            body: "待批准".into(),
            group_id: Some(fx.own_group),
            image: community::ImageUpload::Bytes(png_of(8, 8)),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(waiting.status, NoticeStatus::Pending);
    let image = format!("/notices/{}/image", waiting.id);
    for (who, cookie) in &cookies {
        cells += 1;
        let response = match cookie {
            Some(cookie) => app.get_with_cookie(&image, cookie).await,
            None => app.get(&image).await,
        };
        let expect = match who {
            Who::Captain | Who::Organiser | Who::Admin => StatusCode::OK,
            Who::Resident | Who::Referee => StatusCode::NOT_FOUND,
        };
        if response.status != expect {
            failures.push(format!(
                "GET a waiting notice's image as {who:?}: expected {expect}, got {}",
                response.status
            ));
        }
    }
    // No mutation on GET.
    for path in [
        "/actions/notices",
        "/actions/notices/1/approve",
        "/actions/notices/1/withdraw",
        "/actions/community/settings",
        "/actions/requests",
        "/actions/requests/1/answer",
    ] {
        cells += 1;
        let response = app.get(path).await;
        if response.status != StatusCode::METHOD_NOT_ALLOWED {
            failures.push(format!("GET {path}: expected 405, got {}", response.status));
        }
    }
    eprintln!("community authorisation matrix: {cells} cells on {backend:?}");
    assert!(
        failures.is_empty(),
        "{} failing cells:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(cells, 9 * 5 + 5 + 5 + 6);
}

#[tokio::test]
async fn every_role_times_every_community_mutation() {
    on_every_backend!(matrix);
}

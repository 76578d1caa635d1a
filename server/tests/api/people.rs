//! People (人员): who may invite, disable, reset and hand over whom — every role × every
//! people action, on SQLite and PostgreSQL — and the journeys behind them: a referee
//! invited with their villager group, a team handed to a new captain, a new PIN by a link,
//! a disabled account signed out at once; the link's token in no address; the to-do count.
use app::db::{accounts, entities::*};
use app::model::{GameStatus, Role};
use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER, DEMO_REFEREE};

use crate::helpers::{session_cookie, Backend, TestApp};
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
enum Action {
    InviteCaptain,
    InviteReferee,
    InviteOrganiser,
    ResetCaptain,
    ResetOrganiser,
    DisableCaptain,
    DisableOrganiser,
    DisableSelf,
    RefereeGroup,
    HandTeam,
}

const ACTIONS: [Action; 10] = [
    Action::InviteCaptain,
    Action::InviteReferee,
    Action::InviteOrganiser,
    Action::ResetCaptain,
    Action::ResetOrganiser,
    Action::DisableCaptain,
    Action::DisableOrganiser,
    Action::DisableSelf,
    Action::RefereeGroup,
    Action::HandTeam,
];

/// Who may do what: the matrix the note shows. 401 for residents, 403 for anyone the
/// action is not for, 200 (done) otherwise.
fn allowed(action: Action, who: Who) -> Option<bool> {
    use Action::*;
    match who {
        Who::Resident => None,
        Who::Captain | Who::Referee => Some(false),
        Who::Organiser => Some(!matches!(
            action,
            InviteOrganiser | ResetOrganiser | DisableOrganiser | DisableSelf
        )),
        Who::Admin => Some(action != DisableSelf),
    }
}

async fn user_named(app: &TestApp, username: &str) -> app_user::Model {
    app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a user {username}"))
}

async fn make_admin(app: &TestApp) -> String {
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
    app.sign_in("admin", "admin-password").await
}

/// A second organiser, for an organiser (or the admin) to act on.
async fn second_organiser(app: &TestApp) -> app_user::Model {
    let viewer = accounts::create_user(
        &app.db,
        accounts::NewUser {
            role: Role::Organiser,
            display_name: "第二组织者".into(),
            username: Some("organiser2".into()),
            phone: None,
            team_id: None,
            secret: "organiser2-password".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    app_user::Entity::find_by_id(viewer.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn links(app: &TestApp) -> u64 {
    access_link::Entity::find().count(&app.db).await.unwrap()
}

async fn matrix(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = make_admin(&app).await;
    let other_organiser = second_organiser(&app).await;
    let captain = user_named(&app, "captain1").await;
    let target_captain = user_named(&app, "captain2").await;
    let referee = user_named(&app, DEMO_REFEREE.0).await;
    let group = villager_group::Entity::find()
        .order_by_asc(villager_group::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let team = team::Entity::find_by_id(target_captain.team_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // Signed in once each (the sign-in limit would stop a sign-in per cell); nothing below
    // disables or resets these accounts.
    let mut cookies = Vec::new();
    for who in EVERYONE {
        cookies.push(match who {
            Who::Resident => None,
            Who::Captain => Some(app.sign_in("captain1", DEMO_CAPTAIN_PIN).await),
            Who::Referee => Some(app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await),
            Who::Organiser => Some(app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await),
            Who::Admin => Some(admin.clone()),
        });
    }
    let mut failures = Vec::new();
    let mut cells = 0;
    for action in ACTIONS {
        for (who, cookie) in EVERYONE.into_iter().zip(cookies.iter().cloned()) {
            cells += 1;
            // Every cell starts from the same people: nobody disabled,
            // the team with its captain, the referee without a group.
            app_user::Entity::update_many()
                .col_expr(
                    app_user::Column::DisabledAt,
                    sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<Utc>>::None),
                )
                .exec(&app.db)
                .await
                .unwrap();
            let mut back: app_user::ActiveModel = target_captain.clone().into();
            back.team_id = Set(Some(team.id));
            back.update(&app.db).await.unwrap();
            let mut back: app_user::ActiveModel = referee.clone().into();
            back.villager_group_id = Set(None);
            back.update(&app.db).await.unwrap();
            let me = match who {
                Who::Captain => captain.id,
                Who::Referee => referee.id,
                Who::Organiser => user_named(&app, DEMO_ORGANISER.0).await.id,
                Who::Admin => user_named(&app, "admin").await.id,
                Who::Resident => target_captain.id,
            };
            let (path, form) = match action {
                Action::InviteCaptain => (
                    "/actions/people/links".to_owned(),
                    format!("role=captain&team={}", team.id),
                ),
                Action::InviteReferee => (
                    "/actions/people/links".to_owned(),
                    format!("role=referee&group={}", group.id),
                ),
                Action::InviteOrganiser => (
                    "/actions/people/links".to_owned(),
                    "role=organiser".to_owned(),
                ),
                Action::ResetCaptain => (
                    format!("/actions/people/{}/reset", target_captain.id),
                    String::new(),
                ),
                Action::ResetOrganiser => (
                    format!("/actions/people/{}/reset", other_organiser.id),
                    String::new(),
                ),
                Action::DisableCaptain => (
                    format!("/actions/people/{}/disable", target_captain.id),
                    String::new(),
                ),
                Action::DisableOrganiser => (
                    format!("/actions/people/{}/disable", other_organiser.id),
                    String::new(),
                ),
                Action::DisableSelf => (format!("/actions/people/{me}/disable"), String::new()),
                Action::RefereeGroup => (
                    format!("/actions/people/{}/group", referee.id),
                    format!("group={}", group.id),
                ),
                Action::HandTeam => (
                    format!("/actions/people/{}/team", captain.id),
                    format!("team={}", team.id),
                ),
            };
            let links_before = links(&app).await;
            let response = app.post(&path, &form, cookie.as_deref(), true).await;
            let expect = allowed(action, who);
            let status = match expect {
                None => StatusCode::UNAUTHORIZED,
                Some(false) => StatusCode::FORBIDDEN,
                Some(true) => StatusCode::OK,
            };
            let find = |id: i32| {
                let db = app.db.clone();
                async move {
                    app_user::Entity::find_by_id(id)
                        .one(&db)
                        .await
                        .unwrap()
                        .unwrap()
                }
            };
            let changed = match action {
                Action::InviteCaptain
                | Action::InviteReferee
                | Action::InviteOrganiser
                | Action::ResetCaptain
                | Action::ResetOrganiser => links(&app).await > links_before,
                Action::DisableCaptain => find(target_captain.id).await.disabled_at.is_some(),
                Action::DisableOrganiser => find(other_organiser.id).await.disabled_at.is_some(),
                Action::DisableSelf => find(me).await.disabled_at.is_some(),
                Action::RefereeGroup => find(referee.id).await.villager_group_id == Some(group.id),
                Action::HandTeam => find(captain.id).await.team_id == Some(team.id),
            };
            let should = expect == Some(true);
            if response.status != status || changed != should {
                failures.push(format!(
                    "{action:?} as {who:?}: expected {status} (change: {should}), got {} (change: {changed}): {}",
                    response.status, response.body
                ));
            }
        }
    }
    eprintln!("people matrix: {cells} cells on {backend:?}");
    assert!(
        failures.is_empty(),
        "{} failing cells:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn who_may_manage_whom() {
    on_every_backend!(matrix);
}

/// An organiser's link, the way a browser asks for it: the link comes in the answer, the
/// token in no address.
async fn browser_link(app: &TestApp, cookie: &str, form: &str) -> String {
    let made = app
        .post("/actions/people/links", form, Some(cookie), false)
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert!(made.headers.get(header::LOCATION).is_none());
    assert_eq!(made.headers[header::CACHE_CONTROL], "no-store");
    assert!(made.body.contains("class=\"qr\"><svg"), "a QR code");
    let token = made
        .body
        .split("/invite/")
        .nth(1)
        .map(|rest| rest.chars().take(43).collect::<String>())
        .expect("the link in the answer");
    assert_eq!(token.len(), 43);
    token
}

async fn referee_journey(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = crate::helpers::organiser(&app).await;
    let group = villager_group::Entity::find()
        .order_by_asc(villager_group::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let token = browser_link(
        &app,
        &organiser,
        &format!("role=referee&group={}", group.id),
    )
    .await;
    // The link's page says what it is for; a reload of the organiser's page does not
    // show the link again.
    let again = app.get_with_cookie("/admin/people/link", &organiser).await;
    assert!(!again.body.contains(&token));
    let page = app.get(&format!("/invite/{token}")).await;
    assert!(page.body.contains("裁判"), "the link names the role");

    // A mistake comes back with what was typed in the page, not in an address.
    let short = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=%E9%BB%84%E8%A3%81%E5%88%A4&phone=13900139000&secret=12",
            None,
            false,
        )
        .await;
    assert_eq!(
        short.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        short.body
    );
    assert!(short.headers.get(header::LOCATION).is_none());
    assert!(short.body.contains("value=\"13900139000\"") && short.body.contains("黄裁判"));

    let joined = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=%E9%BB%84%E8%A3%81%E5%88%A4&phone=13900139000&secret=135790",
            None,
            true,
        )
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let referee_cookie = session_cookie(&joined).unwrap();
    let referee = app_user::Entity::find()
        .filter(app_user::Column::Phone.eq("13900139000"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(referee.role, Role::Referee);
    assert_eq!(referee.villager_group_id, Some(group.id));
    // Used once.
    let twice = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=x&phone=13900139001&secret=135790",
            None,
            true,
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A game assigned to them this week is on their to-do list and counted in the header.
    let game = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.gt(Utc::now() + Duration::hours(1)))
        .filter(game::Column::StartsAt.lt(Utc::now() + Duration::days(5)))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a game in the next days");
    let me = app.get_with_cookie("/me", &referee_cookie).await;
    assert!(!me.body.contains("class=\"count\""), "nothing to do yet");
    game_referee::ActiveModel {
        game_id: Set(game.id),
        user_id: Set(referee.id),
        assigned_by: Set(referee.id),
        assigned_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let me = app.get_with_cookie("/me", &referee_cookie).await;
    assert!(me.body.contains(">1</span>"), "the count: {}", me.body);
    assert!(me.body.contains(&format!("/games/{}", game.id)));

    // Disabled: signed out at once, and cannot sign in again; enabled: can.
    let disabled = app
        .post(
            &format!("/actions/people/{}/disable", referee.id),
            "",
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK);
    let me = app.get_with_cookie("/me", &referee_cookie).await;
    assert!(!me.body.contains("黄裁判"), "the old session is over");
    let refused = app
        .post(
            "/actions/signin",
            "login=13900139000&secret=135790",
            None,
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    app.post(
        &format!("/actions/people/{}/enable", referee.id),
        "",
        Some(&organiser),
        true,
    )
    .await;
    app.sign_in("13900139000", "135790").await;
    // Every change is in the audit log.
    let actions: Vec<String> = audit_log::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|line| line.action)
        .collect();
    for action in [
        "link.invite",
        "person.joined",
        "person.disable",
        "person.enable",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

#[tokio::test]
async fn a_referee_is_invited_works_and_is_disabled() {
    on_every_backend!(referee_journey);
}

async fn handover(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = crate::helpers::organiser(&app).await;
    let old = user_named(&app, "captain1").await;
    let old_cookie = app.sign_in("captain1", DEMO_CAPTAIN_PIN).await;
    let team_id = old.team_id.unwrap();
    let token = browser_link(&app, &organiser, &format!("role=captain&team={team_id}")).await;
    let joined = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=%E5%8F%B6%E4%BC%9F&phone=13800138000&secret=246810",
            None,
            true,
        )
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let new = app_user::Entity::find()
        .filter(app_user::Column::Phone.eq("13800138000"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new.team_id, Some(team_id));
    let old_now = app_user::Entity::find_by_id(old.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old_now.team_id, None, "the old captain lost the team");
    // The old captain's next page no longer shows the team's games to report.
    let me = app.get_with_cookie("/me", &old_cookie).await;
    let team = team::Entity::find_by_id(team_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!me.body.contains(&format!("· {}", team.name)));

    // The organiser hands it back to the old captain; the new one loses it.
    let back = app
        .post(
            &format!("/actions/people/{}/team", old.id),
            &format!("team={team_id}"),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    let new_now = app_user::Entity::find_by_id(new.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new_now.team_id, None);
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("team.captain"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audit, 2, "both handovers are in the audit log");
}

#[tokio::test]
async fn a_team_is_handed_to_a_new_captain() {
    on_every_backend!(handover);
}

async fn reset(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = crate::helpers::organiser(&app).await;
    let captain = user_named(&app, "captain3").await;
    let old_cookie = app.sign_in("captain3", DEMO_CAPTAIN_PIN).await;
    let made = app
        .post(
            &format!("/actions/people/{}/reset", captain.id),
            "",
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let token = made.json()["token"].as_str().unwrap().to_owned();
    let page = app.get(&format!("/invite/{token}")).await;
    assert!(page.body.contains(&captain.display_name));
    assert!(
        !page.body.contains("name=\"phone\""),
        "a reset asks only for the PIN"
    );
    let done = app
        .post(
            &format!("/actions/invite/{token}"),
            "secret=975310",
            None,
            true,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let me = app.get_with_cookie("/me", &old_cookie).await;
    assert!(!me.body.contains(&captain.display_name), "old sessions end");
    let old_pin = app
        .post(
            "/actions/signin",
            &format!("login=captain3&secret={DEMO_CAPTAIN_PIN}"),
            None,
            true,
        )
        .await;
    assert_eq!(old_pin.status, StatusCode::UNAUTHORIZED);
    app.sign_in("captain3", "975310").await;

    // An organiser's link wants a password, not a PIN.
    let admin = make_admin(&app).await;
    let made = app
        .post(
            "/actions/people/links",
            "role=organiser",
            Some(&admin),
            true,
        )
        .await;
    let token = made.json()["token"].as_str().unwrap().to_owned();
    let pin = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=%E6%9D%8E%E5%A7%90&phone=13700137000&secret=123456",
            None,
            true,
        )
        .await;
    assert_eq!(pin.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(pin.body.contains("8"), "{}", pin.body);
    let password = app
        .post(
            &format!("/actions/invite/{token}"),
            "name=%E6%9D%8E%E5%A7%90&phone=13700137000&secret=xiangtou-2027",
            None,
            true,
        )
        .await;
    assert_eq!(password.status, StatusCode::OK, "{}", password.body);
    let organiser2 = app_user::Entity::find()
        .filter(app_user::Column::Phone.eq("13700137000"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(organiser2.role, Role::Organiser);
}

#[tokio::test]
async fn a_new_pin_by_link_and_organisers_use_passwords() {
    on_every_backend!(reset);
}

/// The number beside 我的 on a page, 0 when there is none.
fn header_count(body: &str) -> u64 {
    body.split("class=\"count\"")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .map(|n| n.trim().parse().expect("a number"))
        .unwrap_or(0)
}

async fn captain_count(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let captain = user_named(&app, "captain1").await;
    let cookie = app.sign_in("captain1", DEMO_CAPTAIN_PIN).await;
    let team = captain.team_id.unwrap();
    let before = header_count(&app.get_with_cookie("/", &cookie).await.body);
    // The team's next game has just been played: one more result to report.
    let game = game::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(game::Column::HomeTeamId.eq(team))
                .add(game::Column::AwayTeamId.eq(team)),
        )
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.gt(Utc::now()))
        .order_by_asc(game::Column::StartsAt)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a game to come");
    let mut played: game::ActiveModel = game.clone().into();
    played.starts_at = Set(Utc::now() - Duration::hours(2));
    played.update(&app.db).await.unwrap();
    let after = header_count(&app.get_with_cookie("/", &cookie).await.body);
    assert_eq!(after, before + 1, "the game to report is counted");
    // Reported: it waits for the other captain now, not for this one.
    let version = crate::scoring::version(&app, game.id).await;
    let sent = app
        .post(
            &format!("/actions/games/{}/report", game.id),
            &crate::scoring::score_form(version, "count-test", 70, 60),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let reported = header_count(&app.get_with_cookie("/", &cookie).await.body);
    assert_eq!(reported, before);
    // The other captain sees one more to answer.
    let other_team = if game.home_team_id == Some(team) {
        game.away_team_id
    } else {
        game.home_team_id
    };
    let other = app_user::Entity::find()
        .filter(app_user::Column::TeamId.eq(other_team.unwrap()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let other_cookie = app
        .sign_in(&other.username.clone().unwrap(), DEMO_CAPTAIN_PIN)
        .await;
    let other_page = app.get_with_cookie("/me", &other_cookie).await;
    assert!(header_count(&other_page.body) >= 1);
    assert!(other_page
        .body
        .contains(&format!("/games/{}/report", game.id)));
}

#[tokio::test]
async fn the_count_beside_my_page_is_what_waits_for_me() {
    on_every_backend!(captain_count);
}

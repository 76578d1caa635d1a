//! Notices and residents' requests through the real router: posting, approval, 今日, the
//! Atom feed, game changes, sending a request, answering it and reading the answer with the
//! reference code; errors that keep what was typed; rate limits.
use app::db::community::{self, GameChange, NewNotice};
use app::db::entities::*;
use app::domain::reference::{CODE_ALPHABET, CODE_LEN};
use app::model::{NoticeStatus, RequestStatus};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::demo::community::DEMO_REQUEST_CODE;
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER};

use crate::helpers::{urlencode, Backend, TestApp};
use crate::on_every_backend;

pub async fn group_of_captain(app: &TestApp, username: &str) -> i32 {
    let user = app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    team::Entity::find_by_id(user.team_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .villager_group_id
}

pub async fn notice_titled(app: &TestApp, title: &str) -> Option<notice::Model> {
    notice::Entity::find()
        .filter(notice::Column::Title.eq(title))
        .one(&app.db)
        .await
        .unwrap()
}

pub fn notice_form(title: &str, body: &str, group: Option<i32>, pinned: bool) -> String {
    format!(
        "title={}&body={}&group={}{}",
        urlencode(title),
        urlencode(body),
        group.map(|g| g.to_string()).unwrap_or_default(),
        if pinned { "&pinned=on" } else { "" }
    )
}

async fn organiser_notice_shows_on_today(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let form = notice_form("周六停水通知", "周六上午停水，比赛照常。", None, false);
    let response = app
        .post("/actions/notices", &form, Some(&organiser), true)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["status"], "published");
    // Residents see it on 今日 (compact) and on the notices page, marked for everyone.
    let today = app.get("/").await;
    assert!(today.body.contains("周六停水通知"), "{}", today.body);
    let notices = app.get("/notices").await;
    assert!(notices.body.contains("周六上午停水，比赛照常。"));
    // The demo's pinned notice stays first; the new one comes before older unpinned ones.
    let titles: Vec<String> = community::current_notices(&app.db, Utc::now(), 10)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.title)
        .collect();
    assert_eq!(titles[0], "周末球场安全提示");
    assert_eq!(titles[1], "周六停水通知");
    // A plain form gets a redirect with the message.
    let response = app
        .post(
            "/actions/notices",
            &notice_form("第二条", "内容", None, true),
            Some(&organiser),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/notices?m=NoticePosted");
    let pinned = notice_titled(&app, "第二条").await.unwrap();
    assert!(pinned.pinned);
}

#[tokio::test]
async fn an_organisers_notice_shows_on_today_and_the_notices_page() {
    on_every_backend!(organiser_notice_shows_on_today);
}

async fn captain_notice_approval(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let captain = app.sign_in("captain2", DEMO_CAPTAIN_PIN).await;
    let own = group_of_captain(&app, "captain2").await;
    let other = group_of_captain(&app, "captain3").await;
    // The demo association wants approval: the captain's notice waits.
    let form = notice_form("西坊周五加练", "周五晚七点西坊球场加练。", Some(own), true);
    let response = app
        .post("/actions/notices", &form, Some(&captain), true)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["code"], "NoticeHeld");
    let held = notice_titled(&app, "西坊周五加练").await.unwrap();
    assert_eq!(held.status, NoticeStatus::Pending);
    assert!(!held.pinned, "captains cannot pin");
    assert!(!app.get("/").await.body.contains("西坊周五加练"));
    // The captain sees it waiting; the organiser sees it to approve.
    let page = app.get_with_cookie("/notices", &captain).await;
    assert!(page.body.contains("西坊周五加练"));
    let page = app.get_with_cookie("/notices", &organiser).await;
    assert!(page
        .body
        .contains(&format!("/actions/notices/{}/approve", held.id)));
    // Not for another group.
    let form = notice_form("南坊的事", "不是我的小组。", Some(other), false);
    let response = app
        .post("/actions/notices", &form, Some(&captain), true)
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(notice_titled(&app, "南坊的事").await.is_none());
    // Approved, it shows on 今日 with its group.
    let response = app
        .post(
            &format!("/actions/notices/{}/approve", held.id),
            "",
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let today = app.get("/").await.body;
    assert!(today.contains("西坊周五加练"));
    assert!(today.contains("西坊村民小组"));
    // Approving twice is refused.
    let response = app
        .post(
            &format!("/actions/notices/{}/approve", held.id),
            "",
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    // With the setting off, a captain's notice is published at once.
    let response = app
        .post("/actions/community/settings", "", Some(&organiser), true)
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(!community::captain_notices_need_approval(&app.db)
        .await
        .unwrap());
    let form = notice_form("西坊球衣已到", "请到小组办公室领取。", Some(own), false);
    let response = app
        .post("/actions/notices", &form, Some(&captain), true)
        .await;
    assert_eq!(response.json()["status"], "published");
    assert!(app.get("/").await.body.contains("西坊球衣已到"));
    // Withdrawn, it is gone.
    let id = notice_titled(&app, "西坊球衣已到").await.unwrap().id;
    let response = app
        .post(
            &format!("/actions/notices/{id}/withdraw"),
            "",
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(!app.get("/").await.body.contains("西坊球衣已到"));
}

#[tokio::test]
async fn a_captains_notice_waits_for_approval_when_the_association_wants_it() {
    on_every_backend!(captain_notice_approval);
}

async fn notice_errors_keep_what_was_typed(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let long = "长".repeat(81);
    let form = format!("title={}&body=&group=&expires=2020-01-01", urlencode(&long));
    let response = app
        .post("/actions/notices", &form, Some(&organiser), false)
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let location = response.location();
    assert!(location.starts_with("/notices?"), "{location}");
    assert!(location.contains("e=FormHasErrors"), "{location}");
    let page = app.get_with_cookie(&location, &organiser).await.body;
    assert!(page.contains(&long), "the title comes back");
    assert!(page.contains("内容过长"), "title too long");
    assert!(page.contains("必填"), "body missing");
    assert!(page.contains("日期须是今天或以后"), "expiry in the past");
    assert!(page.contains("value=\"2020-01-01\""));
    let json = app
        .post("/actions/notices", &form, Some(&organiser), true)
        .await;
    assert_eq!(json.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json.json()["errors"].as_array().unwrap().len(), 3);
    let bad_date = "title=t&body=b&expires=next-week";
    let json = app
        .post("/actions/notices", bad_date, Some(&organiser), true)
        .await;
    assert_eq!(json.json()["errors"][0]["field"], "expires");
    assert!(notice_titled(&app, "t").await.is_none());
}

#[tokio::test]
async fn a_notice_with_errors_comes_back_with_what_was_typed() {
    on_every_backend!(notice_errors_keep_what_was_typed);
}

async fn notices_expire(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = crate::community_authz::viewer_named(&app, DEMO_ORGANISER.0).await;
    let now = Utc::now();
    let today = now.with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    community::post_notice(
        &app.db,
        &organiser,
        NewNotice {
            title: "只到今天".into(),
            body: "今晚有效。".into(),
            expires: today.to_string(),
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    let shown =
        |notices: Vec<app::model::NoticeView>| notices.iter().any(|n| n.title == "只到今天");
    assert!(shown(
        community::current_notices(&app.db, now, 10).await.unwrap()
    ));
    let tomorrow = now + Duration::days(1) + Duration::minutes(1);
    assert!(!shown(
        community::current_notices(&app.db, tomorrow, 10)
            .await
            .unwrap()
    ));
    assert!(!shown(community::feed(&app.db, tomorrow).await.unwrap()));
}

#[tokio::test]
async fn a_notice_stops_showing_after_its_last_day() {
    on_every_backend!(notices_expire);
}

async fn game_change_writes_a_notice(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let game = game::Entity::find()
        .filter(game::Column::HomeTeamId.is_not_null())
        .order_by_asc(game::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let home = team::Entity::find_by_id(game.home_team_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let away = team::Entity::find_by_id(game.away_team_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let now = Utc::now();
    let notice = community::game_changed(&app.db, game.id, GameChange::Postponed, now)
        .await
        .unwrap();
    assert_eq!(
        notice.title,
        format!("比赛延期：{} 对 {}", home.name, away.name)
    );
    assert_eq!(notice.status, NoticeStatus::Published);
    assert_eq!(notice.game_id, Some(game.id));
    assert_eq!(notice.villager_group_id, Some(home.villager_group_id));
    assert_eq!(notice.author_id, None);
    let moved = community::game_changed(&app.db, game.id, GameChange::Moved, now)
        .await
        .unwrap();
    assert!(moved.body.contains("改为"), "{}", moved.body);
    let today = app.get("/").await.body;
    assert!(today.contains(&notice.title));
    let page = app.get("/notices").await.body;
    assert!(page.contains(&format!("/games/{}", game.id)));
    assert!(page.contains("系统自动通知"));
    assert!(matches!(
        community::game_changed(&app.db, 999_999, GameChange::Cancelled, now).await,
        Err(community::CommunityError::NotFound)
    ));
}

#[tokio::test]
async fn a_game_change_writes_a_notice_by_itself() {
    on_every_backend!(game_change_writes_a_notice);
}

async fn atom_feed_parses(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let title = "A & B <比赛> \"改期\"";
    let response = app
        .post(
            "/actions/notices",
            &notice_form(title, "第一行\n第二行 & more", None, false),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let response = app
        .request(
            axum::http::Request::get("/notices.atom")
                .header("host", "cunba.test")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.headers["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let doc = roxmltree::Document::parse(&response.body).expect("well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(atom))
            .and_then(|c| c.text().map(str::to_owned))
    };
    assert_eq!(
        child(feed, "id").as_deref(),
        Some("http://cunba.test/notices")
    );
    assert!(child(feed, "title").is_some());
    let updated = child(feed, "updated").unwrap();
    chrono::DateTime::parse_from_rfc3339(&updated).expect("RFC 3339 updated");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    // The demo's three notices and the new one.
    assert_eq!(entries.len(), 4);
    for entry in &entries {
        for required in ["id", "title", "updated", "content"] {
            assert!(
                child(*entry, required).is_some(),
                "entry without {required}"
            );
        }
        chrono::DateTime::parse_from_rfc3339(&child(*entry, "updated").unwrap()).unwrap();
    }
    // Newest first, and the text survives the escaping.
    assert_eq!(child(entries[0], "title").as_deref(), Some(title));
    assert_eq!(
        child(entries[0], "content").as_deref(),
        Some("第一行\n第二行 & more")
    );
    let ids: std::collections::HashSet<_> =
        entries.iter().map(|e| child(*e, "id").unwrap()).collect();
    assert_eq!(ids.len(), entries.len(), "entry ids are unique");
}

#[tokio::test]
async fn the_atom_feed_is_valid_and_parses_back() {
    on_every_backend!(atom_feed_parses);
}

async fn request_round_trip(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let group = group_of_captain(&app, "captain4").await;
    // A resident without an account sends a request, leaving a number.
    let form = format!(
        "topic={}&body={}&group={group}&phone={}",
        urlencode("北坊球场晚上太吵"),
        urlencode("比赛结束后请早点关音响，老人要休息。我住球场旁边三号楼。"),
        urlencode("139 1234 5678")
    );
    let response = app.post("/actions/requests", &form, None, false).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let location = response.location();
    let code = location
        .split("code=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .unwrap()
        .to_owned();
    assert_eq!(code.len(), CODE_LEN);
    assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
    assert!(location.ends_with("m=RequestSent"), "{location}");
    let stored = resident_request::Entity::find()
        .filter(resident_request::Column::Code.eq(code.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.contact_phone.as_deref(), Some("13912345678"));
    assert_eq!(stored.status, RequestStatus::New);
    // The sender reads it back with the code (typed in lower case with a space): no number.
    let page = app
        .get(&format!(
            "/requests/view?code={}",
            urlencode(&format!(" {} ", code.to_lowercase()))
        ))
        .await
        .body;
    assert!(page.contains("北坊球场晚上太吵"), "{page}");
    assert!(page.contains("尚未答复"));
    assert!(!page.contains("13912345678"));
    // Captains and referees do not see the inbox or the number; organisers do.
    let captain = app.sign_in("captain4", DEMO_CAPTAIN_PIN).await;
    let page = app.get_with_cookie("/requests/inbox", &captain).await.body;
    assert!(!page.contains("13912345678"));
    assert!(!page.contains("北坊球场晚上太吵"));
    assert!(!app
        .get("/requests/inbox")
        .await
        .body
        .contains("13912345678"));
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let page = app
        .get_with_cookie("/requests/inbox", &organiser)
        .await
        .body;
    assert!(page.contains("13912345678"));
    assert!(page.contains("北坊球场晚上太吵"));
    // The organiser answers and publishes the answer as a notice.
    let answer = "已和北坊小组商量：比赛日晚上十点前关音响。";
    let form = format!("answer={}&status=answered&publish=on", urlencode(answer));
    let response = app
        .post(
            &format!("/actions/requests/{}/answer", stored.id),
            &form,
            Some(&organiser),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(
        response.location().contains("m=AnswerPublished"),
        "{}",
        response.location()
    );
    let page = app.get(&format!("/requests/view?code={code}")).await.body;
    assert!(page.contains(answer));
    assert!(page.contains("已答复"));
    // The published notice has the topic and the answer, not the sender's text or number.
    let notice = notice::Entity::find()
        .filter(notice::Column::RequestId.eq(stored.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(notice.body, answer);
    assert!(notice.title.contains("北坊球场晚上太吵"));
    let today = app.get("/").await.body;
    assert!(today.contains(&notice.title));
    assert!(!today.contains("13912345678"));
    assert!(!today.contains("三号楼"));
    let feed = app.get("/notices.atom").await.body;
    assert!(!feed.contains("13912345678") && !feed.contains("三号楼"));
    // Closing keeps the answer.
    let response = app
        .post(
            &format!("/actions/requests/{}/answer", stored.id),
            &format!("answer={}&status=closed", urlencode(answer)),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["code"], "AnswerSaved");
    let closed = resident_request::Entity::find_by_id(stored.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(closed.status, RequestStatus::Closed);
    assert_eq!(closed.answer.as_deref(), Some(answer));
    // An unknown code says so.
    let page = app.get("/requests/view?code=ZZZZZZ").await.body;
    assert!(page.contains("没有找到这个查询码"));
}

#[tokio::test]
async fn a_resident_sends_a_request_and_reads_the_answer_with_the_code() {
    on_every_backend!(request_round_trip);
}

async fn request_errors_and_limits(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    // Bad input comes back with what was typed, except the number.
    let form = format!("topic={}&body=&group=&phone=12345", urlencode("路灯"));
    let response = app.post("/actions/requests", &form, None, false).await;
    // The form again in the answer itself: what was typed is in no address.
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.location().is_empty());
    let page = response.body;
    assert!(page.contains("value=\"路灯\""));
    assert!(page.contains("请填写11位手机号码"));
    assert!(page.contains("必填"));
    let json = app.post("/actions/requests", &form, None, true).await;
    assert_eq!(json.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Five requests a minute from one address; the sixth is refused.
    let good = format!("topic=t&body={}", urlencode("内容"));
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            app.post("/actions/requests", &good, None, true)
                .await
                .status,
        );
    }
    // Two of the allowance went on the refused forms above.
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    // Look-ups: twenty a minute, then refused even for the right code.
    for n in 0..20 {
        let page = app
            .get(&format!("/requests/view?code=AAAA{n:02}"))
            .await
            .body;
        assert!(!page.contains("尝试次数过多"), "look-up {n} refused");
    }
    let page = app
        .get(&format!("/requests/view?code={DEMO_REQUEST_CODE}"))
        .await
        .body;
    assert!(page.contains("尝试次数过多"));
    assert!(!page.contains("西坊球场篮网破了"));
}

#[tokio::test]
async fn requests_are_checked_and_rate_limited() {
    on_every_backend!(request_errors_and_limits);
}

async fn demo_community(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let notices = community::current_notices(&app.db, Utc::now(), 10)
        .await
        .unwrap();
    assert_eq!(notices.len(), 3);
    assert!(notices[0].pinned);
    assert!(notices.iter().any(|n| n.author == "东坊队长"));
    let page = app
        .get(&format!("/requests/view?code={DEMO_REQUEST_CODE}"))
        .await
        .body;
    assert!(page.contains("新篮网已经买好"));
    assert!(!page.contains("13800000000"));
}

#[tokio::test]
async fn the_demo_has_notices_and_an_answered_request() {
    on_every_backend!(demo_community);
}

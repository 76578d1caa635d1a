//! The summer camp: a rush of enrolments never overbooks a group, the waiting list is first
//! come first served, a cancellation promotes (or offers, and the offer lapses to the next),
//! field errors keep what was typed, the same child is recognised, the CSV opens in Excel,
//! a past camp is anonymised — on SQLite and, when configured, PostgreSQL.
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use app::db::entities::*;
use app::model::{EnrolmentStatus, FreePlacePolicy};
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, Request, StatusCode},
};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use server::demo::DEMO_ORGANISER;

use crate::helpers::{urlencode, Backend, TestApp, TEST_HOST};
use crate::on_every_backend;

pub struct TestCamp {
    pub id: i32,
    pub group: i32,
}

/// A camp of one age group (born 2016–2018) with `capacity` places, open now (for a day;
/// the camp itself starts in half a year); it becomes
/// the current camp (it opened after the demo camp).
pub async fn camp_with(app: &TestApp, capacity: i32, policy: FreePlacePolicy) -> TestCamp {
    let association = association::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let now = Utc::now();
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // Next summer-ish, whenever the tests run (the set-up form checks the dates' order).
    let starts_on = app::db::camp::today(now) + Duration::days(180);
    let camp = camp::ActiveModel {
        association_id: Set(association.id),
        name: Set("测试训练营".into()),
        year: Set(starts_on.year()),
        starts_on: Set(starts_on),
        ends_on: Set(starts_on + Duration::days(30)),
        location: Set("球场".into()),
        fee_yuan: Set(100),
        opens_at: Set(now - Duration::seconds(5)),
        closes_at: Set(now + Duration::days(1)),
        free_place_policy: Set(policy),
        offer_hours: Set(48),
        keep_data_until: Set(starts_on + Duration::days(180)),
        anonymised_at: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let group = camp_group::ActiveModel {
        camp_id: Set(camp.id),
        name: Set("测试组".into()),
        born_from: Set(date(2016, 1, 1)),
        born_to: Set(date(2018, 12, 31)),
        capacity: Set(capacity),
        confirmed: Set(0),
        waitlist_seq: Set(0),
        sort_order: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    TestCamp {
        id: camp.id,
        group: group.id,
    }
}

/// One child's enrolment form (child number `n` gets a name and birth date of its own).
pub fn child_form(n: usize) -> String {
    let birth = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap() + Duration::days(n as i64 % 1000);
    format!(
        "guardian_name={}&guardian_phone=138{:08}&consent=on&c0_name={}&c0_birth={birth}&c0_gender=m",
        urlencode("家长"),
        n,
        urlencode(&format!("孩子{n}")),
    )
}

/// A form post from client address `client` (each rushing phone has its own).
pub async fn enrol_from(app: &TestApp, client: u32, form: &str) -> (StatusCode, serde_json::Value) {
    let mut request = Request::post("/actions/camp/enrol")
        .header(header::HOST, TEST_HOST)
        .header(header::ORIGIN, format!("http://{TEST_HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(form.to_owned()))
        .unwrap();
    let addr = SocketAddr::from((
        [10, (client >> 16) as u8, (client >> 8) as u8, client as u8],
        40000,
    ));
    request.extensions_mut().insert(ConnectInfo(addr));
    let response = app.request(request).await;
    let json = serde_json::from_str(&response.body).unwrap_or(serde_json::Value::Null);
    (response.status, json)
}

pub fn token_of(json: &serde_json::Value) -> String {
    json["link"]
        .as_str()
        .unwrap()
        .trim_start_matches("/camp/h/")
        .to_owned()
}

pub async fn enrolments(app: &TestApp, camp_id: i32) -> Vec<camp_enrolment::Model> {
    camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp_id))
        .order_by_asc(camp_enrolment::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

pub async fn group_row(app: &TestApp, id: i32) -> camp_group::Model {
    camp_group::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn rush(backend: Backend) {
    let (n, m) = (300usize, 200i32);
    let app = Arc::new(TestApp::with_demo(backend).await);
    let camp = camp_with(&app, m, FreePlacePolicy::Confirm).await;
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let started = std::time::Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let app = app.clone();
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                let (status, json) = enrol_from(&app, i as u32, &child_form(i)).await;
                let order = acknowledged.fetch_add(1, Ordering::SeqCst);
                (status, json, order)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    eprintln!("camp rush on {backend:?}: N={n} enrolments for M={m} places in {elapsed:?}");
    for (status, json, _) in &answers {
        assert_eq!(*status, StatusCode::OK, "{json}");
    }
    let status_of =
        |json: &serde_json::Value| json["children"][0]["status"].as_str().unwrap().to_owned();
    let confirmed = answers
        .iter()
        .filter(|(_, j, _)| status_of(j) == "confirmed")
        .count();
    let mut waiting: Vec<(usize, i64, String)> = answers
        .iter()
        .filter(|(_, j, _)| status_of(j) == "waitlisted")
        .map(|(_, j, order)| {
            (
                *order,
                j["children"][0]["position"].as_i64().unwrap(),
                token_of(j),
            )
        })
        .collect();
    assert_eq!(confirmed, m as usize, "exactly M confirmed");
    assert_eq!(waiting.len(), n - m as usize, "N−M waitlisted");
    // In the order the answers came back, the positions are 1, 2, … N−M.
    waiting.sort_by_key(|(order, _, _)| *order);
    let positions: Vec<i64> = waiting.iter().map(|(_, p, _)| *p).collect();
    let expected: Vec<i64> = (1..=(n as i64 - i64::from(m))).collect();
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected, "positions 1..N−M, each once");
    let out_of_order = positions.windows(2).filter(|w| w[0] > w[1]).count();
    eprintln!("  waiting-list answers acknowledged out of position order: {out_of_order}");
    let group = group_row(&app, camp.group).await;
    assert_eq!(group.confirmed, m);
    let stored = enrolments(&app, camp.id).await;
    assert_eq!(
        stored
            .iter()
            .filter(|e| e.status == EnrolmentStatus::Confirmed)
            .count(),
        m as usize,
        "the database agrees: never overbooked"
    );
    // The database's waiting list, by number, is the positions handed out.
    let mut numbers: Vec<i32> = stored.iter().filter_map(|e| e.waitlist_no).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=(n as i32 - m)).collect::<Vec<_>>());

    // A confirmed child cancels (by the guardian's private link): the first in line moves up.
    let first_confirmed = answers
        .iter()
        .find(|(_, j, _)| status_of(j) == "confirmed")
        .unwrap();
    let token = token_of(&first_confirmed.1);
    let page = app.get(&format!("/camp/h/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let child = stored
        .iter()
        .find(|e| e.status == EnrolmentStatus::Confirmed && page.body.contains(&e.child_name))
        .unwrap();
    let next_in_line = stored.iter().find(|e| e.waitlist_no == Some(1)).unwrap();
    let cancel = app
        .post(
            &format!("/actions/camp/h/{token}/cancel"),
            &format!("enrolment={}", child.id),
            None,
            true,
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.body);
    assert_eq!(cancel.json()["promoted"], next_in_line.id);
    let after = enrolments(&app, camp.id).await;
    let status = |id: i32| after.iter().find(|e| e.id == id).unwrap().status;
    assert_eq!(status(child.id), EnrolmentStatus::Cancelled);
    assert_eq!(status(next_in_line.id), EnrolmentStatus::Confirmed);
    assert_eq!(group_row(&app, camp.group).await.confirmed, m);
    // The second in line is now first: the guardian's page says so.
    let second = waiting.iter().find(|(_, p, _)| *p == 2).unwrap();
    let page = app.get(&format!("/camp/h/{}", second.2)).await;
    assert!(page.body.contains("候补第1位"), "{}", page.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rush_of_enrolments_never_overbooks_and_the_waiting_list_is_first_come() {
    on_every_backend!(rush);
}

async fn offers(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let camp = camp_with(&app, 1, FreePlacePolicy::Offer).await;
    let mut tokens = Vec::new();
    for i in 0..3 {
        let (status, json) = enrol_from(&app, i, &child_form(i as usize)).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        tokens.push(token_of(&json));
    }
    let ids: Vec<i32> = enrolments(&app, camp.id)
        .await
        .iter()
        .map(|e| e.id)
        .collect();
    let cancel = app
        .post(
            &format!("/actions/camp/h/{}/cancel", tokens[0]),
            &format!("enrolment={}", ids[0]),
            None,
            true,
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK);
    let now = enrolments(&app, camp.id).await;
    assert_eq!(now[1].status, EnrolmentStatus::Offered);
    assert!(now[1].offer_expires_at.is_some());
    assert_eq!(now[2].status, EnrolmentStatus::Waitlisted);
    assert_eq!(
        group_row(&app, camp.group).await.confirmed,
        1,
        "the offer holds the place"
    );
    // Nobody accepts: at the deadline the offer passes to the next.
    let early = app::db::camp::lapse_offers(&app.db, Utc::now() + Duration::hours(47))
        .await
        .unwrap();
    assert_eq!(early, 0);
    let lapsed = app::db::camp::lapse_offers(&app.db, Utc::now() + Duration::hours(49))
        .await
        .unwrap();
    assert_eq!(lapsed, 1);
    let now = enrolments(&app, camp.id).await;
    assert_eq!(now[1].status, EnrolmentStatus::Cancelled);
    assert_eq!(now[2].status, EnrolmentStatus::Offered);
    // The lapsed guardian cannot accept any more; the next one can.
    let late = app
        .post(
            &format!("/actions/camp/h/{}/accept", tokens[1]),
            &format!("enrolment={}", ids[1]),
            None,
            true,
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let page = app.get(&format!("/camp/h/{}", tokens[2])).await;
    assert!(page.body.contains("有空位"), "the guardian sees the offer");
    // …first, above everything else on the page, with its deadline and the button.
    let top = page
        .body
        .find("class=\"offer-top\"")
        .expect("the offer at the top");
    assert!(top < page.body.find("class=\"reference\"").unwrap());
    assert!(page.body[top..].contains("请在") && page.body[top..].contains("/accept"));
    let accept = app
        .post(
            &format!("/actions/camp/h/{}/accept", tokens[2]),
            &format!("enrolment={}", ids[2]),
            None,
            true,
        )
        .await;
    assert_eq!(accept.status, StatusCode::OK, "{}", accept.body);
    assert_eq!(
        enrolments(&app, camp.id).await[2].status,
        EnrolmentStatus::Confirmed
    );
    assert_eq!(group_row(&app, camp.group).await.confirmed, 1);
    // With nobody waiting, a cancellation frees the place.
    app.post(
        &format!("/actions/camp/h/{}/cancel", tokens[2]),
        &format!("enrolment={}", ids[2]),
        None,
        true,
    )
    .await;
    assert_eq!(group_row(&app, camp.group).await.confirmed, 0);
}

#[tokio::test]
async fn a_freed_place_is_offered_and_a_lapsed_offer_passes_to_the_next() {
    on_every_backend!(offers);
}

async fn form_rules(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let camp = camp_with(&app, 5, FreePlacePolicy::Confirm).await;
    // Errors: the form again, in the answer (no personal data in a URL), with what was
    // typed and the field errors.
    let response = app
        .post_form(
            "/actions/camp/enrol",
            &format!("guardian_name={}&guardian_phone=12345&c0_name={}&c0_birth=2010-01-01&c0_gender=f&c0_medical={}", urlencode("王芳"), urlencode("王小红"), urlencode("花生过敏")),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.location().is_empty(), "{}", response.location());
    let page = response;
    for kept in ["王芳", "王小红", "花生过敏", "2010-01-01", "12345"] {
        assert!(page.body.contains(kept), "{kept} kept in the form");
    }
    for said in [
        "请填写11位手机号码",
        "出生日期不在任何年龄组内",
        "请阅读并同意隐私说明",
    ] {
        assert!(page.body.contains(said), "{said}");
    }
    assert!(enrolments(&app, camp.id).await.is_empty());
    // Two children in one go, then the same child again is recognised.
    let two = format!(
        "{}&c1_name={}&c1_birth=2017-02-03&c1_gender=f",
        child_form(1),
        urlencode("孩子二")
    );
    let (status, json) = enrol_from(&app, 1, &two).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["children"].as_array().unwrap().len(), 2);
    assert_eq!(json["reference"].as_str().unwrap().len(), 6);
    let (status, json) = enrol_from(&app, 2, &child_form(1)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json["errors"][0]["field"], "c0_name");
    assert_eq!(enrolments(&app, camp.id).await.len(), 2);
    // The private page masks the mobile number; the public page shows counts only.
    let token = {
        let (_, json) = enrol_from(&app, 3, &child_form(3)).await;
        token_of(&json)
    };
    let private = app.get(&format!("/camp/h/{token}")).await;
    assert!(private.body.contains("138****0003"), "{}", private.body);
    assert!(!private.body.contains("13800000003"));
    let public = app.get("/camp").await;
    assert!(public.body.contains("测试组"));
    assert!(
        !public.body.contains("孩子二") && !public.body.contains("陈子轩"),
        "no names in public"
    );
    assert!(public.body.contains("action=\"/actions/camp/enrol\""));
    // Rate limit per client address (generous: a village may share one address). The
    // allowance refills at one form a second, so on a slow machine a few more forms than
    // the burst may pass: twice the burst is always enough.
    let mut limited = false;
    for _ in 0..app::state::CAMP_BURST_PER_CLIENT * 2 {
        let (status, _) = enrol_from(&app, 99, "guardian_name=x").await;
        limited = status == StatusCode::TOO_MANY_REQUESTS;
        if limited {
            break;
        }
    }
    assert!(limited, "a client sending too many forms is told to wait");
}

#[tokio::test]
async fn field_errors_keep_what_was_typed_and_the_same_child_is_recognised() {
    on_every_backend!(form_rules);
}

#[tokio::test]
async fn before_opening_the_page_says_when_it_opens() {
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let camp = camp_with(&app, 5, FreePlacePolicy::Confirm).await;
    let opens = Utc::now() + Duration::days(2);
    camp::Entity::update_many()
        .col_expr(
            camp::Column::OpensAt,
            sea_orm::sea_query::Expr::value(opens),
        )
        .filter(camp::Column::Id.eq(camp.id))
        .exec(&app.db)
        .await
        .unwrap();
    let page = app.get("/camp").await;
    let local = app::db::camp::local(opens);
    assert!(
        page.body.contains(&format!("报名将于{local}开放")),
        "{}",
        page.body
    );
    assert!(!page.body.contains("action=\"/actions/camp/enrol\""));
    let (status, _) = enrol_from(&app, 1, &child_form(1)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn organiser_tools(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let camp = camp_with(&app, 5, FreePlacePolicy::Confirm).await;
    let (_, json) = enrol_from(&app, 1, &child_form(7)).await;
    assert_eq!(json["children"][0]["status"], "confirmed");
    let id = enrolments(&app, camp.id).await[0].id;
    let cookie = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let roster = app
        .get_with_cookie("/camp/admin?q=%E5%AD%A9%E5%AD%907", &cookie)
        .await;
    assert!(
        roster.body.contains("孩子7") && roster.body.contains("138****0007"),
        "{}",
        roster.body
    );
    assert!(!roster.body.contains("13800000007"), "masked on screen");
    let paid = app
        .post(
            &format!("/actions/camp/enrolments/{id}/paid"),
            "back=/camp/admin",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(paid.status, StatusCode::OK);
    let checkin = app
        .post(
            &format!("/actions/camp/enrolments/{id}/checkin"),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(checkin.status, StatusCode::OK);
    app.post(
        &format!("/actions/camp/enrolments/{id}/checkin"),
        "",
        Some(&cookie),
        true,
    )
    .await;
    let days = camp_attendance::Entity::find()
        .filter(camp_attendance::Column::EnrolmentId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(days.len(), 1, "checking in twice is once");
    assert!(enrolments(&app, camp.id).await[0].fee_paid);
    // CSV for Excel: UTF-8 with a BOM, Chinese intact.
    let csv = app
        .get_with_cookie(&format!("/camp/{}/export.csv", camp.id), &cookie)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'), "byte-order mark");
    assert!(
        csv.body.contains("\"孩子姓名\"")
            && csv.body.contains("\"孩子7\"")
            && csv.body.contains("13800000007")
    );
    assert!(csv.body.contains("\"是\""), "fee paid");
    // Anonymising the camp removes the personal data and kills the private links.
    let count = app::db::camp::anonymise(&app.db, camp.id, Utc::now())
        .await
        .unwrap();
    assert_eq!(count, 1);
    let after = &enrolments(&app, camp.id).await[0];
    assert_eq!(after.child_name, "—");
    assert_eq!(
        after.birth_date,
        NaiveDate::from_ymd_opt(2016, 1, 1).unwrap()
    );
    let household = camp_household::Entity::find_by_id(after.household_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(household.guardian_phone, "");
    let token = token_of(&json);
    let page = app.get(&format!("/camp/h/{token}")).await;
    assert!(!page.body.contains("孩子7"));
}

#[tokio::test]
async fn organisers_mark_fees_check_in_export_and_anonymise() {
    on_every_backend!(organiser_tools);
}

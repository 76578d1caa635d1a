//! Camp set-up by organisers (a new camp, its groups added, changed and removed; a capacity
//! that goes up promotes the waiting list in its order; refusals below the places taken),
//! guardians' updates by the private link, the printable attendance sheet, and the
//! enrolment rate limits for a village behind one shared address — on SQLite and, when
//! configured, PostgreSQL.
use std::time::Instant;

use app::db::entities::*;
use app::model::{EnrolmentStatus, FreePlacePolicy};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use server::demo::DEMO_CAPTAIN_PIN;

use crate::camp::{camp_with, child_form, enrol_from, enrolments, group_row, token_of};
use crate::helpers::{encode, organiser, urlencode, Backend, TestApp};
use crate::on_every_backend;

/// The set-up form of a stored camp, as its edit page fills it, with `changes` made (an
/// empty value removes the field), URL-encoded.
pub async fn edit_form(app: &TestApp, camp_id: i32, changes: &[(&str, &str)]) -> String {
    let mut values = app::db::camp_setup::form(&app.db, camp_id)
        .await
        .unwrap()
        .unwrap()
        .values;
    for (name, value) in changes {
        values.retain(|(key, _)| key != name);
        if !value.is_empty() {
            values.push(((*name).to_owned(), (*value).to_owned()));
        }
    }
    encode(values.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// A new camp's form: a past summer (so the current camp stays current) unless changed.
pub fn new_camp_form(changes: &[(&str, &str)]) -> String {
    let mut fields = vec![
        ("name", "往年训练营"),
        ("year", "2020"),
        ("starts_on", "2020-07-01"),
        ("ends_on", "2020-07-20"),
        ("location", "旧球场"),
        ("fee", "150"),
        ("opens_at", "2020-05-01T08:00"),
        ("closes_at", "2020-06-30T20:00"),
        ("policy", "confirm"),
        ("offer_hours", "48"),
        ("keep_until", "2020-12-31"),
        ("g0_name", "小组"),
        ("g0_from", "2012-01-01"),
        ("g0_to", "2013-12-31"),
        ("g0_capacity", "20"),
        ("g1_name", "大组"),
        ("g1_from", "2009-01-01"),
        ("g1_to", "2011-12-31"),
        ("g1_capacity", "25"),
    ];
    for (name, value) in changes {
        fields.retain(|(key, _)| key != name);
        if !value.is_empty() {
            fields.push((name, value));
        }
    }
    encode(fields)
}

async fn create_and_edit(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let before = camp::Entity::find().count(&app.db).await.unwrap();
    // Enrolment opens in two days: the new camp becomes the one /camp shows.
    let opens = (Utc::now() + Duration::days(2)).with_timezone(&chrono_tz::Asia::Shanghai);
    let next = opens.date_naive() + Duration::days(30);
    let (starts, ends, keep) = (
        next.to_string(),
        (next + Duration::days(20)).to_string(),
        (next + Duration::days(120)).to_string(),
    );
    let opens_text = opens.format("%Y-%m-%dT%H:%M").to_string();
    let closes_text = format!("{}T20:00", next - Duration::days(1));
    let year_of_start = next.format("%Y").to_string();
    let form = new_camp_form(&[
        ("name", "新训练营"),
        ("year", &year_of_start),
        ("starts_on", &starts),
        ("ends_on", &ends),
        ("keep_until", &keep),
        ("opens_at", &opens_text),
        ("closes_at", &closes_text),
        ("policy", "offer"),
    ]);
    let created = app
        .post("/actions/camp/camps", &form, Some(&cookie), true)
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id = created.json()["camp_id"].as_i64().unwrap() as i32;
    assert_eq!(
        camp::Entity::find().count(&app.db).await.unwrap(),
        before + 1
    );
    let stored = camp::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.free_place_policy, FreePlacePolicy::Offer);
    assert_eq!(stored.fee_yuan, 150);
    assert_eq!(
        app::db::camp::local(stored.opens_at),
        opens.format("%Y-%m-%d %H:%M").to_string(),
        "the local time typed is Asia/Shanghai"
    );
    let groups = app::db::camp::groups(&app.db, id).await.unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["小组", "大组"], "blank order: the row's");
    assert_eq!(groups[1].capacity, 25);
    // The audit log says who created what.
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("camp"))
        .filter(audit_log::Column::EntityId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "camp.create");
    assert!(audit[0].actor.contains("organiser") || audit[0].actor.contains('#'));
    assert!(audit[0].after.as_deref().unwrap().contains("小组"));
    // The public page now shows it, with its opening time.
    let public = app.get("/camp").await;
    assert!(public.body.contains("新训练营"), "{}", public.body);
    assert!(public
        .body
        .contains(&format!("报名将于{}开放", opens.format("%Y-%m-%d %H:%M"))));
    // The edit page shows what is stored.
    let page = app
        .get_with_cookie(&format!("/camp/admin/{id}/edit"), &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in [
        "value=\"新训练营\"",
        &format!("value=\"{opens_text}\""),
        "value=\"大组\"",
    ] {
        assert!(page.body.contains(shown), "{shown}");
    }
    // Errors: overlapping birth ranges, enrolment closing before it opens, a new group of
    // 501 places — the form comes back filled, with the errors in the reader's language.
    let bad = edit_form(
        &app,
        id,
        &[
            ("g1_to", "2012-06-30"),
            ("closes_at", &opens_text),
            ("g2_name", "幼儿组"),
            ("g2_from", "2014-01-01"),
            ("g2_to", "2015-12-31"),
            ("g2_capacity", "501"),
            ("location", "新球场"),
        ],
    )
    .await;
    let refused = app
        .post(
            &format!("/actions/camp/camps/{id}"),
            &bad,
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems: Vec<(String, String)> = refused.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["problem"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("closes_at".to_owned(), "closes".to_owned()),
            ("g1_from".to_owned(), "overlap".to_owned()),
            ("g2_capacity".to_owned(), "range".to_owned()),
        ]
    );
    let redirect = app
        .post(
            &format!("/actions/camp/camps/{id}"),
            &bad,
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(redirect.status, StatusCode::SEE_OTHER);
    let back = app.get_with_cookie(&redirect.location(), &cookie).await;
    for kept in ["value=\"新球场\"", "value=\"501\"", "value=\"2012-06-30\""] {
        assert!(
            back.body.contains(kept),
            "{kept} kept: {}",
            redirect.location()
        );
    }
    for said in [
        "截止时间必须晚于开始时间",
        "名额须在1到500之间",
        "出生日期范围与其他组重叠",
    ] {
        assert!(back.body.contains(said), "{said}");
    }
    let english = app
        .get_with_cookie(&redirect.location(), &format!("{cookie}; cunba_lang=en"))
        .await;
    assert!(english.body.contains("Places must be 1 to 500"));
    let unchanged = camp::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged, stored, "nothing saved");
    // A good change: a third group added, the first renamed.
    let good = edit_form(
        &app,
        id,
        &[
            ("g0_name", "小小组"),
            ("g2_name", "幼儿组"),
            ("g2_from", "2014-01-01"),
            ("g2_to", "2015-12-31"),
            ("g2_capacity", "10"),
            ("g2_order", "0"),
        ],
    )
    .await;
    let saved = app
        .post(
            &format!("/actions/camp/camps/{id}"),
            &good,
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let names: Vec<String> = app::db::camp::groups(&app.db, id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["幼儿组", "小小组", "大组"], "by their order");
    // The empty group goes when asked.
    let toddlers = app::db::camp::groups(&app.db, id).await.unwrap()[0].id;
    let form = app::db::camp_setup::form(&app.db, id)
        .await
        .unwrap()
        .unwrap();
    let row = form
        .values
        .iter()
        .find(|(k, v)| k.ends_with("_id") && *v == toddlers.to_string())
        .map(|(k, _)| k.trim_end_matches("_id").to_owned())
        .unwrap();
    let remove = edit_form(&app, id, &[(&format!("{row}_remove"), "on")]).await;
    let removed = app
        .post(
            &format!("/actions/camp/camps/{id}"),
            &remove,
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(app::db::camp::groups(&app.db, id).await.unwrap().len(), 2);
    let lines = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("camp"))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        lines.len(),
        3,
        "create, two updates (the refused ones left no line)"
    );
    assert!(lines[2].before.as_deref().unwrap().contains("幼儿组"));
    assert!(!lines[2].after.as_deref().unwrap().contains("幼儿组"));
    // The organisers' page lists it (with a link to the camp).
    let me = app.get_with_cookie("/me", &cookie).await;
    assert!(me.body.contains(&format!("/camp/admin/{id}/edit")));
}

#[tokio::test]
async fn organisers_create_a_camp_and_edit_its_groups_with_field_errors() {
    on_every_backend!(create_and_edit);
}

async fn capacity(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let camp = camp_with(&app, 2, FreePlacePolicy::Confirm).await;
    for i in 0..6 {
        let (status, json) = enrol_from(&app, i, &child_form(i as usize)).await;
        assert_eq!(status, StatusCode::OK, "{json}");
    }
    let all = enrolments(&app, camp.id).await;
    let waiting: Vec<i32> = {
        let mut list: Vec<&camp_enrolment::Model> = all
            .iter()
            .filter(|e| e.status == EnrolmentStatus::Waitlisted)
            .collect();
        list.sort_by_key(|e| e.waitlist_no);
        list.iter().map(|e| e.id).collect()
    };
    assert_eq!(waiting.len(), 4);
    // Shrinking below the places taken is refused, with a message, and changes nothing.
    let shrink = edit_form(&app, camp.id, &[("g0_capacity", "1")]).await;
    let refused = app
        .post(
            &format!("/actions/camp/camps/{}", camp.id),
            &shrink,
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json = refused.json();
    assert_eq!(json["errors"][0]["field"], "g0_capacity");
    assert_eq!(json["errors"][0]["problem"], "taken");
    assert_eq!(
        json["errors"][0]["message"],
        "不能少于已占用的名额（见下方人数）"
    );
    assert_eq!(group_row(&app, camp.group).await.capacity, 2);
    // Removing a group with children in it is refused too (another group added in the same
    // form, so the camp would not be left without one).
    let remove = edit_form(
        &app,
        camp.id,
        &[
            ("g0_remove", "on"),
            ("g1_name", "新组"),
            ("g1_from", "2010-01-01"),
            ("g1_to", "2012-12-31"),
            ("g1_capacity", "10"),
        ],
    )
    .await;
    let refused = app
        .post(
            &format!("/actions/camp/camps/{}", camp.id),
            &remove,
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let page = app.get_with_cookie(&refused.location(), &cookie).await;
    assert!(
        page.body.contains("组内还有报名的孩子"),
        "{}",
        refused.location()
    );
    assert_eq!(
        app::db::camp::groups(&app.db, camp.id).await.unwrap().len(),
        1,
        "nothing saved"
    );
    // A birth range that would leave an enrolled child out is refused.
    let narrow = edit_form(&app, camp.id, &[("g0_from", "2016-06-01")]).await;
    let refused = app
        .post(
            &format!("/actions/camp/camps/{}", camp.id),
            &narrow,
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"][0]["problem"], "excludes");
    // Two more places: the first two waiting get them, in the waiting list's order.
    let grow = edit_form(&app, camp.id, &[("g0_capacity", "4")]).await;
    let grown = app
        .post(
            &format!("/actions/camp/camps/{}", camp.id),
            &grow,
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(grown.status, StatusCode::OK, "{}", grown.body);
    let promoted: Vec<i32> = grown.json()["promoted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap() as i32)
        .collect();
    assert_eq!(promoted, waiting[..2]);
    assert_eq!(grown.json()["code"], "CampUpdatedPromoted");
    let now = enrolments(&app, camp.id).await;
    let status_of = |id: i32| now.iter().find(|e| e.id == id).unwrap().status;
    assert_eq!(status_of(waiting[0]), EnrolmentStatus::Confirmed);
    assert_eq!(status_of(waiting[1]), EnrolmentStatus::Confirmed);
    assert_eq!(status_of(waiting[2]), EnrolmentStatus::Waitlisted);
    let group = group_row(&app, camp.group).await;
    assert_eq!((group.capacity, group.confirmed), (4, 4));
    // With the offer policy, new places are offered (with a deadline), still in order.
    camp::Entity::update_many()
        .col_expr(
            camp::Column::FreePlacePolicy,
            Expr::value(FreePlacePolicy::Offer),
        )
        .filter(camp::Column::Id.eq(camp.id))
        .exec(&app.db)
        .await
        .unwrap();
    let grow = edit_form(&app, camp.id, &[("g0_capacity", "5")]).await;
    let grown = app
        .post(
            &format!("/actions/camp/camps/{}", camp.id),
            &grow,
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(grown.status, StatusCode::OK, "{}", grown.body);
    let now = enrolments(&app, camp.id).await;
    let third = now.iter().find(|e| e.id == waiting[2]).unwrap();
    assert_eq!(third.status, EnrolmentStatus::Offered);
    assert!(third.offer_expires_at.is_some());
    assert_eq!(
        now.iter().find(|e| e.id == waiting[3]).unwrap().status,
        EnrolmentStatus::Waitlisted
    );
    // More places than children waiting: the rest stay free.
    let grow = edit_form(&app, camp.id, &[("g0_capacity", "40")]).await;
    app.post(
        &format!("/actions/camp/camps/{}", camp.id),
        &grow,
        Some(&cookie),
        true,
    )
    .await;
    let group = group_row(&app, camp.group).await;
    assert_eq!((group.capacity, group.confirmed), (40, 6));
    assert!(enrolments(&app, camp.id)
        .await
        .iter()
        .all(|e| e.status != EnrolmentStatus::Waitlisted));
    // A group of another camp cannot be changed through this one.
    let other = app::db::camp::groups(&app.db, camp.id - 1).await.unwrap();
    if let Some(other) = other.first() {
        let stale = edit_form(&app, camp.id, &[("g0_id", &other.id.to_string())]).await;
        let refused = app
            .post(
                &format!("/actions/camp/camps/{}", camp.id),
                &stale,
                Some(&cookie),
                true,
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn more_places_promote_the_waiting_list_in_order_and_fewer_than_taken_are_refused() {
    on_every_backend!(capacity);
}

async fn guardian(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let camp = camp_with(&app, 5, FreePlacePolicy::Confirm).await;
    let two = format!(
        "{}&c0_medical={}&c1_name={}&c1_birth=2017-02-03&c1_gender=f",
        child_form(1),
        urlencode("哮喘"),
        urlencode("孩子二")
    );
    let (status, json) = enrol_from(&app, 1, &two).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let token = token_of(&json);
    let (_, other) = enrol_from(&app, 2, &child_form(2)).await;
    let ids: Vec<i32> = enrolments(&app, camp.id)
        .await
        .iter()
        .map(|e| e.id)
        .collect();
    let (mine, theirs) = (&ids[..2], ids[2]);
    let page = app.get(&format!("/camp/h/{token}")).await;
    assert!(page.body.contains("action=\"/actions/camp/h/"));
    assert!(page.body.contains("不能在这里修改"), "says why names stay");
    assert!(page.body.contains("哮喘"), "the notes are filled in");
    // A good update: name, phone, notes for the first child; the other's field is not
    // this household's and is ignored.
    let form = encode([
        ("guardian_name", "王新"),
        ("guardian_phone", "139 0000 1111"),
        (&format!("m{}", mine[0]) as &str, "哮喘，带喷雾"),
        (&format!("m{theirs}") as &str, "改别人的"),
    ]);
    let saved = app
        .post(
            &format!("/actions/camp/h/{token}/update"),
            &form,
            None,
            true,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let now = enrolments(&app, camp.id).await;
    assert_eq!(now[0].medical_notes, "哮喘，带喷雾");
    assert_eq!(now[0].child_name, "孩子1", "the name stays");
    assert_eq!(now[1].medical_notes, "", "no field: kept");
    assert_eq!(
        now[2].medical_notes, "",
        "another household's child untouched"
    );
    let household = camp_household::Entity::find_by_id(now[0].household_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            household.guardian_name.as_str(),
            household.guardian_phone.as_str()
        ),
        ("王新", "13900001111")
    );
    // The audit log says which fields changed, and holds none of what they say.
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("camp_household"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(
        (audit[0].actor.as_str(), audit[0].action.as_str()),
        ("guardian", "update")
    );
    assert_eq!(audit[0].entity_id, household.id);
    assert_eq!(
        audit[0].after.as_deref(),
        Some(format!("guardian_name,guardian_phone,medical_notes:{}", mine[0]).as_str())
    );
    assert!(audit[0].before.is_none());
    // A blank number keeps the one stored.
    let keep = encode([("guardian_name", "王新"), ("guardian_phone", "")]);
    app.post(
        &format!("/actions/camp/h/{token}/update"),
        &keep,
        None,
        true,
    )
    .await;
    let household = camp_household::Entity::find_by_id(household.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(household.guardian_phone, "13900001111");
    // Errors: the page again, in the answer (no personal data in a URL), with what was
    // typed and the field errors.
    let long = "长".repeat(301);
    let bad = encode([
        ("guardian_name", "王新二"),
        ("guardian_phone", "12345"),
        (&format!("m{}", mine[1]) as &str, &long as &str),
    ]);
    let refused = app
        .post(
            &format!("/actions/camp/h/{token}/update"),
            &bad,
            None,
            false,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.location().is_empty(), "{}", refused.location());
    let back = refused;
    for kept in [
        "value=\"王新二\"",
        "value=\"12345\"",
        "请填写11位手机号码",
        "内容过长",
    ] {
        assert!(back.body.contains(kept), "{kept}");
    }
    assert!(
        back.body.contains("<details open class=\"update\""),
        "opened on error"
    );
    let after = camp_household::Entity::find_by_id(household.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.guardian_name, "王新", "nothing saved");
    // A cancelled child's notes cannot be changed any more.
    app.post(
        &format!("/actions/camp/h/{token}/cancel"),
        &format!("enrolment={}", mine[1]),
        None,
        true,
    )
    .await;
    let late = encode([
        ("guardian_name", "王新"),
        (&format!("m{}", mine[1]) as &str, "x"),
    ]);
    app.post(
        &format!("/actions/camp/h/{token}/update"),
        &late,
        None,
        true,
    )
    .await;
    assert_eq!(enrolments(&app, camp.id).await[1].medical_notes, "");
    // The token is the only credential: a made-up one changes nothing.
    let forged = app
        .post("/actions/camp/h/made-up-token/update", &form, None, true)
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(other["ok"].as_bool().unwrap());
    // Rate-limited per link.
    let mut limited = false;
    for _ in 0..app::state::CAMP_LINK_PER_MINUTE + 1 {
        let response = app
            .post(
                &format!("/actions/camp/h/{token}/update"),
                &keep,
                None,
                true,
            )
            .await;
        limited |= response.status == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(limited, "a link used too often is told to wait");
}

#[tokio::test]
async fn guardians_update_contact_details_and_medical_notes_by_the_private_link() {
    on_every_backend!(guardian);
}

async fn sheet(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let camp = camp_with(&app, 2, FreePlacePolicy::Confirm).await;
    // The camp runs from yesterday for a week.
    let today = app::db::camp::today(Utc::now());
    camp::Entity::update_many()
        .col_expr(
            camp::Column::StartsOn,
            Expr::value(today - Duration::days(1)),
        )
        .col_expr(camp::Column::EndsOn, Expr::value(today + Duration::days(5)))
        .filter(camp::Column::Id.eq(camp.id))
        .exec(&app.db)
        .await
        .unwrap();
    for i in 0..3 {
        enrol_from(&app, i, &child_form(i as usize)).await;
    }
    let ids: Vec<i32> = enrolments(&app, camp.id)
        .await
        .iter()
        .map(|e| e.id)
        .collect();
    let cookie = organiser(&app).await;
    app.post(
        &format!("/actions/camp/enrolments/{}/checkin", ids[1]),
        "",
        Some(&cookie),
        true,
    )
    .await;
    let path = format!(
        "/camp/admin/{}/sheet?day={today}&group={}",
        camp.id, camp.group
    );
    let page = app.get_with_cookie(&path, &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("孩子0") && body.contains("孩子1"), "{body}");
    assert!(!body.contains("孩子2"), "waiting: not on the sheet");
    assert!(body.contains("138****0001") && !body.contains("13800000001"));
    assert!(body.contains("当天已签到：1/2"), "{body}");
    assert_eq!(body.matches("class=\"tick in\"").count(), 1);
    assert!(body.contains("<section class=\"sheet\">"));
    // Yesterday nobody checked in; a day outside the camp shows today's (or the first day's).
    let yesterday = today - Duration::days(1);
    let page = app
        .get_with_cookie(
            &format!("/camp/admin/{}/sheet?day={yesterday}", camp.id),
            &cookie,
        )
        .await;
    assert!(page.body.contains("当天已签到：0/2"));
    let page = app
        .get_with_cookie(
            &format!("/camp/admin/{}/sheet?day=2001-01-01", camp.id),
            &cookie,
        )
        .await;
    assert!(
        page.body.contains(&format!("value=\"{today}\" selected")),
        "not a camp day: today's sheet"
    );
    // Anybody else: 401 or 403, and no personal data in the answer.
    let captain = app.sign_in("captain1", DEMO_CAPTAIN_PIN).await;
    for (cookie, expected) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(captain.as_str()), StatusCode::FORBIDDEN),
    ] {
        let response = match cookie {
            Some(cookie) => app.get_with_cookie(&path, cookie).await,
            None => app.get(&path).await,
        };
        assert_eq!(response.status, expected);
        assert!(
            !response.body.contains("孩子0") && !response.body.contains("138****"),
            "no personal data for {expected}"
        );
    }
    let missing = app
        .get_with_cookie("/camp/admin/999999/sheet", &cookie)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_attendance_sheet_lists_confirmed_children_and_who_checked_in_for_organisers_only() {
    on_every_backend!(sheet);
}

/// The shared-NAT question: every household of a village may reach the server from one
/// public address during the opening rush. The per-address limit lets a whole village
/// through; the per-phone limit keeps one household from flooding the places.
#[tokio::test]
async fn a_village_behind_one_address_enrols_in_the_rush_and_one_phone_cannot_flood() {
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let camp = camp_with(&app, 500, FreePlacePolicy::Confirm).await;
    let village = 7; // one client address for everybody
    let households = 150;
    let started = Instant::now();
    for n in 0..households {
        let (status, json) = enrol_from(&app, village, &child_form(n)).await;
        assert_eq!(status, StatusCode::OK, "household {n} locked out: {json}");
    }
    eprintln!(
        "{households} households from one address accepted in {:?}",
        started.elapsed()
    );
    assert_eq!(enrolments(&app, camp.id).await.len(), households);
    // One phone: six forms (children of its own), then it waits.
    let phone = |n: usize| {
        format!(
            "guardian_name={}&guardian_phone=13912345678&consent=on&c0_name={}&c0_birth={}&c0_gender=f",
            urlencode("同一家"),
            urlencode(&format!("同家孩子{n}")),
            NaiveDate::from_ymd_opt(2017, 1, 1).unwrap() + Duration::days(n as i64)
        )
    };
    for n in 0..app::state::CAMP_FORMS_PER_PHONE as usize {
        let (status, json) = enrol_from(&app, village, &phone(n)).await;
        assert_eq!(status, StatusCode::OK, "form {n} of one phone: {json}");
    }
    let (status, json) = enrol_from(&app, village, &phone(99)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{json}");
    // … while the neighbours behind the same address still get through.
    let (status, json) = enrol_from(&app, village, &child_form(households + 1)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    // A script flooding from one address still meets the per-address limit.
    let mut sent = 0;
    loop {
        let (status, _) = enrol_from(&app, village, "guardian_name=x").await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        sent += 1;
        assert!(sent < 1000, "never limited");
    }
    let accepted = households + app::state::CAMP_FORMS_PER_PHONE as usize + 2 + sent;
    eprintln!(
        "one address limited after {accepted} forms in {:?}",
        started.elapsed()
    );
    let allowance = app::state::CAMP_BURST_PER_CLIENT as u64 + started.elapsed().as_secs() + 1;
    assert!(accepted as u64 <= allowance, "{accepted} > {allowance}");
}

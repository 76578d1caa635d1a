//! The camp's authorisation matrix: every role × every organiser mutation (the CSV and
//! the camp set-up included) and every organisers' page (roster, set-up forms, attendance
//! sheet), checked on the server — the status AND that nothing changed when refused; a
//! guardian's link reaches only its own children; personal data never reaches a
//! non-organiser; GET on every action path is 405.
use app::db::{accounts, entities::*};
use app::model::{EnrolmentStatus, FreePlacePolicy, Role};
use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER, DEMO_REFEREE};

use crate::camp::{camp_with, child_form, enrol_from};
use crate::camp_setup::{edit_form, new_camp_form};
use crate::helpers::{Backend, TestApp};
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

#[derive(Clone, Copy, Debug)]
enum Mutation {
    MarkPaid,
    CheckIn,
    Cancel,
    Export,
    CreateCamp,
    UpdateCamp,
}

const MUTATIONS: [Mutation; 6] = [
    Mutation::MarkPaid,
    Mutation::CheckIn,
    Mutation::Cancel,
    Mutation::Export,
    Mutation::CreateCamp,
    Mutation::UpdateCamp,
];

fn expected(who: Who) -> StatusCode {
    match who {
        Who::Resident => StatusCode::UNAUTHORIZED,
        Who::Captain | Who::Referee => StatusCode::FORBIDDEN,
        Who::Organiser | Who::Admin => StatusCode::OK,
    }
}

async fn cookie_of(app: &TestApp, who: Who) -> Option<String> {
    match who {
        Who::Resident => None,
        Who::Captain => Some(app.sign_in("captain1", DEMO_CAPTAIN_PIN).await),
        Who::Referee => Some(app.sign_in(DEMO_REFEREE.0, DEMO_REFEREE.1).await),
        Who::Organiser => Some(app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await),
        Who::Admin => Some(app.sign_in("admin", "admin-password").await),
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
    let camp = camp_with(&app, 100, FreePlacePolicy::Confirm).await;
    let mut cells = 0;
    for (w, who) in EVERYONE.into_iter().enumerate() {
        let cookie = cookie_of(&app, who).await;
        for (k, mutation) in MUTATIONS.into_iter().enumerate() {
            let n = w * 10 + k;
            let (status, json) = enrol_from(&app, n as u32, &child_form(n)).await;
            assert_eq!(status, StatusCode::OK, "{json}");
            let enrolment = camp_enrolment::Entity::find()
                .filter(camp_enrolment::Column::CampId.eq(camp.id))
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .max_by_key(|e| e.id)
                .unwrap();
            let id = enrolment.id;
            let camp_before = camp::Entity::find_by_id(camp.id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let new_name = format!("往年训练营{n}");
            let new_place = format!("地点{n}");
            let response = match mutation {
                Mutation::CreateCamp => {
                    let form = new_camp_form(&[("name", &new_name)]);
                    app.post("/actions/camp/camps", &form, cookie.as_deref(), true)
                        .await
                }
                Mutation::UpdateCamp => {
                    let form = edit_form(&app, camp.id, &[("location", &new_place)]).await;
                    app.post(
                        &format!("/actions/camp/camps/{}", camp.id),
                        &form,
                        cookie.as_deref(),
                        true,
                    )
                    .await
                }
                Mutation::Export => {
                    let path = format!("/camp/{}/export.csv", camp.id);
                    let request = axum::http::Request::get(path)
                        .header(axum::http::header::ACCEPT, "application/json");
                    let request = match &cookie {
                        Some(cookie) => request.header(axum::http::header::COOKIE, cookie),
                        None => request,
                    };
                    app.request(request.body(axum::body::Body::empty()).unwrap())
                        .await
                }
                Mutation::MarkPaid => {
                    app.post(
                        &format!("/actions/camp/enrolments/{id}/paid"),
                        "",
                        cookie.as_deref(),
                        true,
                    )
                    .await
                }
                Mutation::CheckIn => {
                    app.post(
                        &format!("/actions/camp/enrolments/{id}/checkin"),
                        "",
                        cookie.as_deref(),
                        true,
                    )
                    .await
                }
                Mutation::Cancel => {
                    app.post(
                        &format!("/actions/camp/enrolments/{id}/cancel"),
                        "",
                        cookie.as_deref(),
                        true,
                    )
                    .await
                }
            };
            assert_eq!(
                response.status,
                expected(who),
                "{who:?} × {mutation:?}: {}",
                response.body
            );
            let allowed = expected(who) == StatusCode::OK;
            let after = camp_enrolment::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let present = camp_attendance::Entity::find()
                .filter(camp_attendance::Column::EnrolmentId.eq(id))
                .count(&app.db)
                .await
                .unwrap();
            match mutation {
                Mutation::MarkPaid => assert_eq!(after.fee_paid, allowed, "{who:?} × {mutation:?}"),
                Mutation::CheckIn => assert_eq!(present == 1, allowed, "{who:?} × {mutation:?}"),
                Mutation::Cancel => assert_eq!(
                    after.status == EnrolmentStatus::Cancelled,
                    allowed,
                    "{who:?} × {mutation:?}"
                ),
                Mutation::Export => {
                    assert_eq!(response.body.contains("13800000"), allowed, "{who:?} × CSV");
                    assert_eq!(after, enrolment);
                }
                Mutation::CreateCamp => {
                    let created = camp::Entity::find()
                        .filter(camp::Column::Name.eq(new_name.as_str()))
                        .count(&app.db)
                        .await
                        .unwrap();
                    assert_eq!(created == 1, allowed, "{who:?} × {mutation:?}");
                    assert_eq!(after, enrolment);
                }
                Mutation::UpdateCamp => {
                    let camp_after = camp::Entity::find_by_id(camp.id)
                        .one(&app.db)
                        .await
                        .unwrap()
                        .unwrap();
                    assert_eq!(
                        camp_after.location == new_place,
                        allowed,
                        "{who:?} × {mutation:?}"
                    );
                    if !allowed {
                        assert_eq!(camp_after, camp_before, "{who:?} × {mutation:?}");
                    }
                    assert_eq!(after, enrolment);
                }
            }
            if !allowed {
                assert_eq!(after, enrolment, "{who:?} × {mutation:?} changed nothing");
                assert_eq!(present, 0);
            }
            cells += 1;
        }
        // The roster page: personal data for organisers only.
        let roster = match &cookie {
            Some(cookie) => app.get_with_cookie("/camp/admin", cookie).await,
            None => app.get("/camp/admin").await,
        };
        let shows = roster.body.contains("孩子0") || roster.body.contains("138****");
        assert_eq!(
            shows,
            expected(who) == StatusCode::OK,
            "{who:?} on the roster page"
        );
        // The organisers' camp pages: 401 / 403 / 200, personal data for organisers only.
        for path in [
            "/camp/admin/new".to_owned(),
            format!("/camp/admin/{}/edit", camp.id),
            format!("/camp/admin/{}/sheet", camp.id),
        ] {
            let page = match &cookie {
                Some(cookie) => app.get_with_cookie(&path, cookie).await,
                None => app.get(&path).await,
            };
            assert_eq!(page.status, expected(who), "{who:?} GET {path}");
            let personal = page.body.contains("孩子0") || page.body.contains("138****");
            if path.ends_with("/sheet") {
                assert_eq!(personal, expected(who) == StatusCode::OK, "{who:?} {path}");
            } else {
                assert!(!personal, "{who:?} {path}");
            }
            let form = if path.ends_with("/sheet") {
                "class=\"sheet\""
            } else {
                "action=\"/actions/camp/camps"
            };
            assert_eq!(
                page.body.contains(form),
                expected(who) == StatusCode::OK,
                "{who:?} {path}"
            );
            cells += 1;
        }
    }
    eprintln!("camp authorisation matrix on {backend:?}: {cells} cells");
    // A guardian's link cancels only its own children.
    let (_, mine) = enrol_from(&app, 900, &child_form(900)).await;
    let (_, theirs) = enrol_from(&app, 901, &child_form(901)).await;
    let token = mine["link"]
        .as_str()
        .unwrap()
        .trim_start_matches("/camp/h/")
        .to_owned();
    let other = camp_enrolment::Entity::find()
        .filter(camp_enrolment::Column::CampId.eq(camp.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .max_by_key(|e| e.id)
        .unwrap();
    assert!(theirs["ok"].as_bool().unwrap());
    for action in ["cancel", "accept"] {
        let response = app
            .post(
                &format!("/actions/camp/h/{token}/{action}"),
                &format!("enrolment={}", other.id),
                None,
                true,
            )
            .await;
        assert!(
            response.status.is_client_error(),
            "{action}: {}",
            response.status
        );
    }
    let unchanged = camp_enrolment::Entity::find_by_id(other.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged, other);
    // Updating by one's link cannot reach another household's child.
    let reach = app
        .post(
            &format!("/actions/camp/h/{token}/update"),
            &format!("guardian_name=x&m{}=changed", other.id),
            None,
            true,
        )
        .await;
    assert_eq!(reach.status, StatusCode::OK, "{}", reach.body);
    let unchanged = camp_enrolment::Entity::find_by_id(other.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged, other, "another household's notes untouched");
    let forged = app
        .post(
            "/actions/camp/h/not-a-token/update",
            &format!("guardian_name=x&m{}=changed", other.id),
            None,
            true,
        )
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    let forged = app
        .post(
            "/actions/camp/h/not-a-token/cancel",
            &format!("enrolment={}", other.id),
            None,
            true,
        )
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    // GET on every action path.
    for path in [
        "/actions/camp/enrol".to_owned(),
        format!("/actions/camp/h/{token}/cancel"),
        format!("/actions/camp/h/{token}/accept"),
        format!("/actions/camp/enrolments/{}/paid", other.id),
        format!("/actions/camp/enrolments/{}/checkin", other.id),
        format!("/actions/camp/enrolments/{}/cancel", other.id),
        format!("/actions/camp/h/{token}/update"),
        "/actions/camp/camps".to_owned(),
        format!("/actions/camp/camps/{}", camp.id),
    ] {
        assert_eq!(
            app.get(&path).await.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "GET {path}"
        );
    }
}

#[tokio::test]
async fn camp_personal_data_and_organiser_actions_need_the_organiser_role() {
    on_every_backend!(matrix);
}

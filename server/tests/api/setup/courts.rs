//! Courts with weekly windows, blackout dates and festivals; the association's name; a
//! team's own blackout dates.
use super::*;

async fn courts_and_calendar(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let group = first_id(
        &villager_group::Entity::find().all(&app.db).await.unwrap(),
        |g| g.id,
    );
    let form = encode([
        ("name", "河边球场"),
        ("group_id", group.to_string().as_str()),
        ("games_per_evening", "3"),
        ("has_lights", "on"),
    ]);
    let made = app
        .post("/actions/setup/courts", &form, Some(&cookie), false)
        .await;
    let court_page = made.location();
    assert!(court_page.starts_with("/setup/courts/"), "{court_page}");
    let court_id: i32 = court_page
        .trim_start_matches("/setup/courts/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let court = court::Entity::find_by_id(court_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            court.has_lights,
            court.games_per_evening,
            court.villager_group_id
        ),
        (true, 3, Some(group))
    );
    // Lights off: an unticked box is not sent.
    let off = app
        .post(
            &format!("/actions/setup/courts/{court_id}"),
            &encode([("name", "河边球场"), ("games_per_evening", "2")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(off.status, StatusCode::OK);
    let court = court::Entity::find_by_id(court_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!court.has_lights);
    assert_eq!(court.villager_group_id, None);
    // Weekly windows.
    for (day, from, to) in [("6", "19:00", "22:00"), ("7", "15:00", "18:30")] {
        let added = app
            .post(
                &format!("/actions/setup/courts/{court_id}/windows"),
                &encode([("weekday", day), ("starts_at", from), ("ends_at", to)]),
                Some(&cookie),
                true,
            )
            .await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    }
    let windows = court_availability::Entity::find()
        .filter(court_availability::Column::CourtId.eq(court_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(windows.len(), 2);
    assert!(windows
        .iter()
        .any(|w| w.weekday == 7 && w.ends_at.to_string() == "18:30:00"));
    let page = app.get_with_cookie(&court_page, &cookie).await;
    assert!(page.body.contains("星期六") && page.body.contains("19:00–22:00"));
    // A court blackout for three days; the association's farming season as one range.
    let added = app
        .post(
            &format!("/actions/setup/courts/{court_id}/blackouts"),
            &encode([
                ("from", "2026-07-01"),
                ("to", "2026-07-03"),
                ("reason", "换篮筐"),
            ]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(added.json()["added"], 3);
    let season = app
        .post(
            "/actions/setup/blackouts",
            &encode([
                ("from", "2026-05-20"),
                ("to", "2026-06-10"),
                ("reason", "农忙（插秧）"),
            ]),
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(
        season.location(),
        "/setup/calendar?year=2026&m=BlackoutAdded"
    );
    let association = blackout::Entity::find()
        .filter(blackout::Column::CourtId.is_null())
        .filter(blackout::Column::Reason.eq("农忙（插秧）"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(association.len(), 22);
    // Festivals: computed for the year, one click makes one a blackout.
    let page = app
        .get_with_cookie("/setup/calendar?year=2026", &cookie)
        .await;
    for text in [
        "2026-02-17",
        "2026-04-05",
        "2026-06-19",
        "2026-09-25",
        "2026-10-01",
        "中秋节",
    ] {
        assert!(page.body.contains(text), "{text} on the calendar");
    }
    let block = app
        .post(
            "/actions/setup/festivals",
            &encode([("year", "2026"), ("festival", "mid_autumn")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(block.json()["added"], true);
    assert_eq!(block.json()["date"], "2026-09-25");
    let again = app
        .post(
            "/actions/setup/festivals",
            &encode([("year", "2026"), ("festival", "mid_autumn")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(again.json()["added"], false, "once is enough");
    let mid_autumn = blackout::Entity::find()
        .filter(blackout::Column::OnDate.eq(NaiveDate::from_ymd_opt(2026, 9, 25).unwrap()))
        .filter(blackout::Column::CourtId.is_null())
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mid_autumn.len(), 1);
    assert_eq!(mid_autumn[0].reason, "中秋节");
    let page = app
        .get_with_cookie("/setup/calendar?year=2026", &cookie)
        .await;
    assert!(page.body.contains("已设为停赛日"));
    let wrong = app
        .post(
            "/actions/setup/festivals",
            &encode([("year", "2026"), ("festival", "halloween")]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Removing a day; every change is in the audit log.
    let removed = app
        .post(
            &format!("/actions/setup/blackouts/{}/remove", mid_autumn[0].id),
            "year=2026",
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(
        removed.location(),
        "/setup/calendar?year=2026&m=BlackoutRemoved"
    );
    let actions: Vec<String> = audit_log::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for action in [
        "court.create",
        "court.update",
        "court.add_window",
        "court.add_blackout",
        "association.add_blackout",
        "association.remove_blackout",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action} logged");
    }
}

#[tokio::test]
async fn courts_windows_blackouts_and_festivals() {
    on_every_backend!(courts_and_calendar);
}

async fn association_renamed(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let hub = app.get_with_cookie("/setup", &cookie).await;
    assert!(
        hub.body.contains("大朗镇篮球协会 · 巷头社区（演示）"),
        "{}",
        hub.body
    );
    // Empty or too long: refused, the name unchanged, what was typed shown again.
    let empty = app
        .post("/actions/setup/association", "name=+", Some(&cookie), false)
        .await;
    assert!(shown_again(&empty).contains("class=\"field-error\""));
    let long = "协".repeat(41);
    let refused = app
        .post(
            "/actions/setup/association",
            &encode([("name", long.as_str())]),
            Some(&cookie),
            false,
        )
        .await;
    assert!(
        shown_again(&refused).contains(&long),
        "the long name typed is kept"
    );
    assert_eq!(
        association::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .name,
        "大朗镇篮球协会 · 巷头社区（演示）"
    );
    // Saved: the set-up page and the audit log say so.
    let saved = app
        .post(
            "/actions/setup/association",
            &encode([("name", " 巷头社区篮球协会 ")]),
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(saved.location(), "/setup?m=AssociationRenamed");
    let hub = app.get_with_cookie(&saved.location(), &cookie).await;
    assert!(hub.body.contains("value=\"巷头社区篮球协会\"") && hub.body.contains("协会名称已保存"));
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("association"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the rename is logged");
    assert_eq!(
        (audit.before.as_deref(), audit.after.as_deref()),
        (
            Some("大朗镇篮球协会 · 巷头社区（演示）"),
            Some("巷头社区篮球协会")
        )
    );
}

#[tokio::test]
async fn organisers_rename_the_association() {
    on_every_backend!(association_renamed);
}

async fn team_blackouts(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let team = first_id(&team::Entity::find().all(&app.db).await.unwrap(), |t| t.id);
    let page = format!("/setup/teams/{team}");
    // Three days; then two of them again with a fourth: only the fourth is added.
    let added = app
        .post(
            &format!("/actions/setup/teams/{team}/blackouts"),
            &encode([
                ("from", "2031-05-01"),
                ("to", "2031-05-03"),
                ("reason", "村里办喜事"),
            ]),
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(added.location(), format!("{page}?m=BlackoutAdded"));
    let again = app
        .post(
            &format!("/actions/setup/teams/{team}/blackouts"),
            &encode([
                ("from", "2031-05-02"),
                ("to", "2031-05-04"),
                ("reason", "村里办喜事"),
            ]),
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(again.json()["added"], 1);
    let shown = app.get_with_cookie(&page, &cookie).await;
    for day in ["2031-05-01", "2031-05-02", "2031-05-03", "2031-05-04"] {
        assert!(shown.body.contains(day), "{day} listed");
    }
    assert!(shown.body.contains("球队停赛日期") && shown.body.contains("村里办喜事"));
    // A reason is required and the typed dates come back.
    let refused = app
        .post(
            &format!("/actions/setup/teams/{team}/blackouts"),
            &encode([("from", "2031-06-01")]),
            Some(&cookie),
            false,
        )
        .await;
    let again = shown_again(&refused);
    assert!(again.contains("value=\"2031-06-01\"") && again.contains("class=\"field-error\""));
    // Removed one by one, back to the team's page; the audit log has both kinds.
    let first = team_blackout::Entity::find()
        .order_by_asc(team_blackout::Column::OnDate)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let removed = app
        .post(
            &format!("/actions/setup/team-blackouts/{}/remove", first.id),
            "",
            Some(&cookie),
            false,
        )
        .await;
    assert_eq!(removed.location(), format!("{page}?m=BlackoutRemoved"));
    assert_eq!(
        team_blackout::Entity::find().count(&app.db).await.unwrap(),
        3
    );
    let gone = app
        .post(
            &format!("/actions/setup/team-blackouts/{}/remove", first.id),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("team"))
        .filter(audit_log::Column::EntityId.eq(team))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        [
            "team.add_blackout",
            "team.add_blackout",
            "team.remove_blackout"
        ]
    );
}

#[tokio::test]
async fn a_teams_own_blackout_dates() {
    on_every_backend!(team_blackouts);
}

//! Players imported from a CSV file through a preview, and exported back.
use super::*;

async fn csv_import(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cookie = organiser(&app).await;
    let team = first_id(&team::Entity::find().all(&app.db).await.unwrap(), |t| t.id);
    let roster = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            player::Entity::find()
                .filter(player::Column::TeamId.eq(team))
                .all(&db)
                .await
                .unwrap()
        }
    };
    let before = roster(&app).await;
    let worn = before
        .first()
        .map(|p| p.jersey_number)
        .expect("demo players");
    // One bad row (number 100), one number already worn, one duplicate in the file.
    let file = format!(
        "\u{feff}姓名,号码,出生年份\r\n王小明,88,2001\r\n李大壮,100,1999\r\n赵四,{worn},\r\n孙五,88,\r\n=HACK(),89,\r\n"
    );
    let sent = upload(&app, team, Some(file.as_bytes()), "", Some(&cookie), false).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let preview_page = sent.location();
    assert!(
        preview_page.starts_with(&format!("/setup/teams/{team}/import/")),
        "{preview_page}"
    );
    let page = app.get_with_cookie(&preview_page, &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "王小明",
        "号码须在0到99之间",
        "本队已有球员穿这个号码",
        "前面的行已用了这个号码",
        "2行无误",
        "3行有问题",
        "只导入标为“无误”的行",
    ] {
        assert!(page.body.contains(text), "{text} on the preview");
    }
    assert_eq!(
        roster(&app).await.len(),
        before.len(),
        "nothing imported by a preview"
    );
    // The same as JSON, for a script.
    let json = upload(&app, team, Some(file.as_bytes()), "", Some(&cookie), true).await;
    let rows = json.json()["preview"]["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1]["line"], 3);
    assert_eq!(rows[1]["problems"][0]["problem"], "number_out_of_range");
    assert_eq!(rows[0]["ok"], true);
    // Import: only the OK rows.
    let import = preview_page
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let done = app
        .post(
            &format!("/actions/setup/teams/{team}/import/{import}"),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["imported"], 2);
    let after = roster(&app).await;
    assert_eq!(after.len(), before.len() + 2);
    let new = after.iter().find(|p| p.name == "王小明").unwrap();
    assert_eq!((new.jersey_number, new.birth_year), (88, Some(2001)));
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("team.import_players"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(audit.after.unwrap().contains("王小明"));
    // The upload is gone: importing twice is refused.
    let twice = app
        .post(
            &format!("/actions/setup/teams/{team}/import/{import}"),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    // Export: UTF-8 with a BOM, the formula cell made safe, read back by the importer.
    let export = app
        .get_with_cookie(&format!("/setup/teams/{team}/players.csv"), &cookie)
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(
        export
            .bytes
            .starts_with(b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D"),
        "BOM then 姓名"
    );
    assert!(export.body.contains("'=HACK(),89,"), "{}", export.body);
    assert!(export.body.contains("王小明,88,2001\r\n"));
    let back = app::domain::players_csv::parse(&export.bytes, &[], 2026).unwrap();
    assert_eq!(back.rows.len(), after.len());
    // GBK (Excel on a Chinese Windows) is read and said; an .xlsx is refused with a reason.
    let gbk = encoding_rs::GBK
        .encode("姓名,号码\n钱六,77\n")
        .0
        .into_owned();
    let sent = upload(&app, team, Some(gbk.as_slice()), "", Some(&cookie), false).await;
    let page = app.get_with_cookie(&sent.location(), &cookie).await;
    assert!(
        page.body.contains("GBK") && page.body.contains("钱六"),
        "GBK preview"
    );
    let sent = upload(
        &app,
        team,
        Some(&b"PK\x03\x04xlsx"[..]),
        "",
        Some(&cookie),
        false,
    )
    .await;
    let page = app.get_with_cookie(&sent.location(), &cookie).await;
    assert!(page.body.contains("另存为"), "an xlsx is explained");
    // Pasted text works too; nothing at all is refused back on the team page.
    let pasted = upload(
        &app,
        team,
        None,
        "name,number\nPasted,66",
        Some(&cookie),
        true,
    )
    .await;
    assert_eq!(pasted.json()["preview"]["rows"][0]["ok"], true);
    let empty = upload(&app, team, None, "  ", Some(&cookie), false).await;
    assert_eq!(
        empty.location(),
        format!("/setup/teams/{team}?form=import&e=CsvEmpty")
    );
    // A file with no valid row cannot be imported.
    let none = upload(
        &app,
        team,
        Some(&b"name,number\n,\n"[..]),
        "",
        Some(&cookie),
        false,
    )
    .await;
    let import = none.location().rsplit('/').next().unwrap().to_owned();
    let refused = app
        .post(
            &format!("/actions/setup/teams/{team}/import/{import}"),
            "",
            Some(&cookie),
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn players_import_from_csv_through_a_preview_and_export_back() {
    on_every_backend!(csv_import);
}

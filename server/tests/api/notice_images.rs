//! A notice's image through the real router: posted with the notice form (multipart),
//! checked by its first bytes, stored in the database, shown on 今日 and the notices page
//! with its size, served with its type, `nosniff` and cache headers; too large or not a
//! picture comes back to the form with what was typed; the raised body limit is the notice
//! form's alone; a waiting notice's image is for its author and organisers only.
use app::db::community::{self, ImageUpload, NewNotice};
use app::db::entities::*;
use app::model::NoticeStatus;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::demo::{DEMO_CAPTAIN_PIN, DEMO_ORGANISER};

use crate::community::{group_of_captain, notice_titled};
use crate::community_authz::viewer_named;
use crate::helpers::{png_of, png_size, Backend, TestApp};
use crate::on_every_backend;

async fn images(app: &TestApp) -> u64 {
    notice_image::Entity::find().count(&app.db).await.unwrap()
}

async fn image_shows(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let png = png_of(300, 200);
    let response = app
        .post_multipart(
            "/actions/notices",
            &[
                ("title", "篮球场新灯"),
                ("body", "东坊球场装了新灯，晚上也能打。"),
            ],
            Some(("灯.png", "image/png", &png)),
            Some(&organiser),
            false,
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), "/notices?m=NoticePosted");
    let notice = notice_titled(&app, "篮球场新灯").await.unwrap();
    let url = format!("/notices/{}/image", notice.id);

    // On 今日 and the notices page, with its size (the layout keeps its place) and the
    // title as its text.
    let tag = format!("src=\"{url}\" width=\"300\" height=\"200\" alt=\"篮球场新灯\"");
    let today = app.get("/").await;
    assert!(today.body.contains(&tag), "{}", today.body);
    let notices = app.get("/notices").await;
    assert!(notices.body.contains(&tag));
    // The feed points at it.
    let feed = app.get("/notices.atom").await;
    assert!(
        feed.body.contains(&format!(
            "rel=\"enclosure\" type=\"image/png\" href=\"http://localhost{url}\""
        )),
        "{}",
        feed.body
    );

    let image = app.get(&url).await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(image.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(image.headers[header::CACHE_CONTROL], "public, max-age=3600");
    assert_eq!(image.bytes, png, "the bytes as uploaded");
    assert_eq!(png_size(&image.bytes), (300, 200));
    let etag = image.headers[header::ETAG].to_str().unwrap().to_owned();
    let again = app
        .request(
            Request::get(&url)
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    // Withdrawn: no longer public; organisers still see it.
    let withdrawn = app
        .post(
            &format!("/actions/notices/{}/withdraw", notice.id),
            "",
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK);
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
    let seen = app.get_with_cookie(&url, &organiser).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.headers[header::CACHE_CONTROL], "private, no-cache");
    assert_eq!(
        app.get("/notices/999999/image").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_organisers_notice_image_shows_on_today_and_is_served_as_stored() {
    on_every_backend!(image_shows);
}

async fn refused_images(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let fields = [("title", "看图"), ("body", "内容")];
    // What the browser claims does not count: an SVG (scripts!) or HTML sent as image/png.
    for fake in [
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(),
        b"<html><body>hello</body></html>".to_vec(),
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec(),
    ] {
        let response = app
            .post_multipart(
                "/actions/notices",
                &fields,
                Some(("photo.png", "image/png", &fake)),
                Some(&organiser),
                true,
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.json()["errors"][0]["field"], "image");
    }
    // A cut-off PNG has no size to read.
    let png = png_of(40, 30);
    let response = app
        .post_multipart(
            "/actions/notices",
            &fields,
            Some(("cut.png", "image/png", &png[..20])),
            Some(&organiser),
            false,
        )
        .await;
    assert!(
        response.location().contains("f=image.image_unreadable"),
        "{}",
        response.location()
    );
    // Larger than 2 MB, and even larger than the route's body limit: the form comes back
    // with the title kept and the image marked.
    for size in [2 * 1024 * 1024 + 1, 3 * 1024 * 1024] {
        let mut big = png_of(40, 30);
        big.resize(size, 0);
        let response = app
            .post_multipart(
                "/actions/notices",
                &fields,
                Some(("big.png", "image/png", &big)),
                Some(&organiser),
                false,
            )
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{size}");
        let to = response.location();
        assert!(
            to.contains("f=image.image_too_large") && to.contains("title=%E7%9C%8B%E5%9B%BE"),
            "{to}"
        );
    }
    assert_eq!(images(&app).await, 0);
    assert!(
        notice_titled(&app, "看图").await.is_none(),
        "nothing stored"
    );
    // The page shows the error next to the image field.
    let page = app
        .get_with_cookie(
            "/notices?e=FormHasErrors&f=image.image_too_large&title=x",
            &organiser,
        )
        .await;
    assert!(page.body.contains("图片不能超过 2 MB"));
    assert!(page.body.contains("enctype=\"multipart/form-data\""));

    // No file chosen: the browser sends an empty file part; the notice has no image.
    let response = app
        .post_multipart(
            "/actions/notices",
            &[("title", "无图"), ("body", "内容")],
            Some(("", "application/octet-stream", b"")),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(images(&app).await, 0);

    // A JPEG and a WebP are taken, with the type their bytes say. A phone's photo loses
    // its metadata (here an XMP packet with the GPS position) but keeps its orientation:
    // stored 64×48 and turned a quarter (EXIF orientation 6), it is shown 48 wide.
    let mut jpeg = jpeg_of(64, 48);
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    exif.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude 22.94</x:xmpmeta>";
    for contents in [&xmp[..], &exif] {
        let mut segment = vec![0xFF, 0xE1];
        segment.extend(((contents.len() + 2) as u16).to_be_bytes());
        segment.extend(contents);
        jpeg.splice(20..20, segment);
    }
    let response = app
        .post_multipart(
            "/actions/notices",
            &[("title", "照片"), ("body", "内容")],
            Some(("photo.bin", "application/octet-stream", &jpeg)),
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let id = response.json()["notice_id"].as_i64().unwrap();
    let image = app.get(&format!("/notices/{id}/image")).await;
    assert_eq!(image.headers[header::CONTENT_TYPE], "image/jpeg");
    let served = String::from_utf8_lossy(&image.bytes);
    assert!(!served.contains("GPSLatitude") && !served.contains("xmpmeta"));
    assert!(served.contains("Exif"), "the orientation is kept");
    assert!(app
        .get("/notices")
        .await
        .body
        .contains("width=\"48\" height=\"64\""));

    // The raised limit is the notice form's alone: other forms still stop at 64 KB.
    let big_form = format!("topic=t&body={}", "a".repeat(100 * 1024));
    let response = app.post("/actions/requests", &big_form, None, true).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// A baseline JPEG with the given size: its headers, a scan and its end (enough for a browser
/// to place it and for the server to read its size; the picture data itself is not decoded).
fn jpeg_of(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08]);
    bytes.extend(height.to_be_bytes());
    bytes.extend(width.to_be_bytes());
    bytes.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    // The scan: its header, a few bytes of (undecoded) data, and the end.
    bytes.extend([
        0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0,
    ]);
    bytes.extend([0x12, 0x34, 0xFF, 0x00, 0x56]);
    bytes.extend([0xFF, 0xD9]);
    bytes
}

#[tokio::test]
async fn pictures_are_checked_by_their_bytes_and_size_and_errors_keep_the_form() {
    on_every_backend!(refused_images);
}

async fn waiting_image(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let captain = viewer_named(&app, "captain1").await;
    let group = group_of_captain(&app, "captain1").await;
    // The demo association holds captains' notices for approval.
    let notice = community::post_notice(
        &app.db,
        &captain,
        NewNotice {
            title: "待批准的图".into(),
            body: "内容".into(),
            group_id: Some(group),
            image: ImageUpload::Bytes(png_of(20, 10)),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(notice.status, NoticeStatus::Pending);
    let url = format!("/notices/{}/image", notice.id);
    assert_eq!(
        app.get(&url).await.status,
        StatusCode::NOT_FOUND,
        "not public yet"
    );
    let author = app.sign_in("captain1", DEMO_CAPTAIN_PIN).await;
    assert_eq!(
        app.get_with_cookie(&url, &author).await.status,
        StatusCode::OK
    );
    let other = app.sign_in("captain2", DEMO_CAPTAIN_PIN).await;
    assert_eq!(
        app.get_with_cookie(&url, &other).await.status,
        StatusCode::NOT_FOUND
    );
    let organiser = app.sign_in(DEMO_ORGANISER.0, DEMO_ORGANISER.1).await;
    let page = app.get_with_cookie("/notices", &organiser).await;
    assert!(
        page.body.contains(&format!("src=\"{url}\"")),
        "in the approval list"
    );
    let approved = app
        .post(
            &format!("/actions/notices/{}/approve", notice.id),
            "",
            Some(&organiser),
            true,
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK);
    assert_eq!(
        app.get(&url).await.status,
        StatusCode::OK,
        "public once published"
    );
    let stored = notice_image::Entity::find()
        .filter(notice_image::Column::NoticeId.eq(notice.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.width, stored.height), (20, 10));
    assert_eq!(stored.content_type, "image/png");
}

#[tokio::test]
async fn a_waiting_notices_image_is_for_its_author_and_organisers() {
    on_every_backend!(waiting_image);
}

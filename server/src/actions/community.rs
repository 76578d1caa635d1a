//! The community's mutations (notices, residents' requests); the notices' Atom feed is in
//! [`crate::feeds::atom`].
//!
//! Same rules as [`crate::actions`]: plain form posts answered with a 303 redirect (or
//! JSON for scripts), authorisation checked here and again in `app::db::community`.
use std::net::SocketAddr;

use app::auth::CurrentViewer;
use app::db::community::ImageUpload;
use app::db::community::{self, CommunityError};
use app::domain::image::{self as picture, ImageKind};
use app::i18n::Key;
use app::model::RequestStatus;
use app::state::AppState;
use axum::{
    extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Path, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Form, Router,
};
use chrono::Utc;
use serde_json::json;

use crate::actions::client_key;
use crate::http::{
    returned_form, text as field, typed, with_param, Answer, Captain, Fields, Refusal, Reply,
    SignedIn,
};

/// The notice form's body may carry an image. The picture itself may be 2 MB
/// ([`picture::MAX_BYTES`]) and no more of it is ever read, but a phone photo is often
/// 3–8 MB: the body may be that large, so that such a photo comes back to the form as a
/// field error with the text kept rather than as a bare 413. Every other route keeps the
/// application's 64 KB.
pub const NOTICE_BODY_LIMIT: usize = 12 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/actions/notices",
            post(post_notice).layer(DefaultBodyLimit::max(NOTICE_BODY_LIMIT)),
        )
        .route("/notices/{id}/image", get(notice_image))
        .route("/actions/notices/{id}/approve", post(approve_notice))
        .route("/actions/notices/{id}/withdraw", post(withdraw_notice))
        .route("/actions/community/settings", post(settings))
        .route("/actions/requests", post(send_request))
        .route("/actions/requests/{id}/answer", post(answer_request))
}

fn checked(fields: &Fields, name: &str) -> bool {
    field(fields, name) == "on"
}

/// `""` is no group; anything else not a number names no group (a field error later).
fn group_of(fields: &Fields) -> Option<i32> {
    let text = field(fields, "group");
    let text = text.trim();
    (!text.is_empty()).then(|| text.parse().unwrap_or(-1))
}

fn failure(reply: &Reply, error: CommunityError, typed: &str) -> Response {
    match error {
        CommunityError::Invalid(errors) => reply.field_errors(typed, &errors),
        CommunityError::NotPending => reply.fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            typed,
            Key::NoticeNotPending,
            json!({ "errors": [] }),
        ),
        CommunityError::Forbidden => reply.forbidden(),
        CommunityError::NotFound => (StatusCode::NOT_FOUND, "找不到 / not found").into_response(),
        CommunityError::Db(error) => reply.internal(error),
    }
}

/// Within the per-user limit of community actions, or too many.
fn within_limit(state: &AppState, reply: &Reply, viewer: i32, page: &str) -> Result<(), Refusal> {
    match state.limits.community_per_user.check_key(&viewer) {
        Ok(()) => Ok(()),
        Err(_) => Err(reply.too_many(page).into()),
    }
}

/// A text field of the notice form is at most this long in bytes (the body's 2000
/// characters are at most 8 KB of UTF-8).
const TEXT_FIELD_MAX: usize = 16 * 1024;

/// A part of a multipart body read up to `max` bytes: `None` when it is longer (the rest is
/// not read). A body over the route's limit reads as too long too.
async fn read_part(
    part: &mut axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<Option<Vec<u8>>, Response> {
    let mut bytes = Vec::new();
    loop {
        match part.chunk().await {
            Ok(Some(chunk)) if bytes.len() + chunk.len() <= max => bytes.extend_from_slice(&chunk),
            Ok(Some(_)) => return Ok(None),
            Ok(None) => return Ok(Some(bytes)),
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return Ok(None),
            Err(error) => return Err(error.into_response()),
        }
    }
}

/// The notice form's fields and its image: `multipart/form-data` from the page (it may
/// carry a file), or a plain urlencoded form from a script without one. An image larger
/// than the limit is not read to the end: it becomes [`ImageUpload::TooLarge`], and the
/// text fields before it (the form puts the file last) still come back to the form.
async fn notice_fields(request: Request) -> Result<(Fields, ImageUpload), Response> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"));
    if !multipart {
        let Form(fields) = Form::<Fields>::from_request(request, &())
            .await
            .map_err(IntoResponse::into_response)?;
        return Ok((fields, ImageUpload::None));
    }
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(IntoResponse::into_response)?;
    let mut fields = Fields::new();
    let mut image = ImageUpload::None;
    loop {
        let mut part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => return Ok((fields, image)),
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok((fields, ImageUpload::TooLarge))
            }
            Err(error) => return Err(error.into_response()),
        };
        let name = part.name().unwrap_or_default().to_owned();
        if name == "image" {
            match read_part(&mut part, picture::MAX_BYTES).await? {
                // Nothing after it is read.
                None => return Ok((fields, ImageUpload::TooLarge)),
                // An empty file part is a form sent without choosing a file.
                Some(bytes) if bytes.is_empty() => {}
                Some(bytes) => image = ImageUpload::Bytes(bytes),
            }
            continue;
        }
        let Some(bytes) = read_part(&mut part, TEXT_FIELD_MAX).await? else {
            return Err(
                (StatusCode::PAYLOAD_TOO_LARGE, "字段太长 / field too long").into_response()
            );
        };
        fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
}

async fn post_notice(State(state): State<AppState>, who: Captain, request: Request) -> Answer {
    let (reply, page) = (&who.reply, "/notices");
    // Only organisers and captains post: nobody else's upload is read.
    within_limit(&state, reply, who.viewer.id, page)?;
    let (fields, image) = notice_fields(request).await?;
    let new = community::NewNotice {
        title: field(&fields, "title"),
        body: field(&fields, "body"),
        group_id: group_of(&fields),
        pinned: checked(&fields, "pinned"),
        expires: field(&fields, "expires"),
        image,
    };
    let notice = community::post_notice(&state.db, &who.viewer, new, Utc::now())
        .await
        .map_err(|error| {
            let names = ["title", "body", "group", "pinned", "expires"];
            failure(reply, error, &typed(page, &fields, names))
        })?;
    let message = match notice.status {
        app::model::NoticeStatus::Pending => Key::NoticeHeld,
        _ => Key::NoticePosted,
    };
    Ok(reply.done(
        page,
        message,
        json!({ "notice_id": notice.id, "status": notice.status.as_str() }),
    ))
}

/// A notice's image, with the type its first bytes showed when it was stored.
async fn notice_image(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> Response {
    let image = match community::notice_image(&state.db, viewer.as_ref(), id, Utc::now()).await {
        Ok(Some(image)) => image,
        Ok(None) => return (StatusCode::NOT_FOUND, "找不到 / not found").into_response(),
        Err(error) => {
            tracing::error!(%error, "notice image failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "服务器出错 / server error",
            )
                .into_response();
        }
    };
    let (image, public) = image;
    let Some(kind) = ImageKind::from_content_type(&image.content_type) else {
        tracing::error!(notice = id, content_type = %image.content_type, "a stored notice image of an unknown type");
        return (StatusCode::NOT_FOUND, "找不到 / not found").into_response();
    };
    // An image never changes (a new one is a new notice): its row id is its version.
    let etag = format!("\"notice-image-{}\"", image.id);
    let cache = if public {
        "public, max-age=3600"
    } else {
        "private, no-cache"
    };
    let common = [
        (header::ETAG, HeaderValue::from_str(&etag).expect("ASCII")),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ];
    let known = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| tag.trim().trim_start_matches("W/") == etag);
    if known {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(kind.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline"),
            ),
        ],
        image.data,
    )
        .into_response()
}

async fn approve_notice(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i32>,
) -> Answer {
    let (reply, page) = (&who.reply, "/notices");
    within_limit(&state, reply, who.viewer.id, page)?;
    community::approve_notice(&state.db, &who.viewer, id, Utc::now())
        .await
        .map_err(|error| failure(reply, error, page))?;
    Ok(reply.done(page, Key::NoticeApproved, json!({})))
}

async fn withdraw_notice(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i32>,
) -> Answer {
    let (reply, page) = (&who.reply, "/notices");
    within_limit(&state, reply, who.viewer.id, page)?;
    community::withdraw_notice(&state.db, &who.viewer, id)
        .await
        .map_err(|error| failure(reply, error, page))?;
    Ok(reply.done(page, Key::NoticeWithdrawn, json!({})))
}

async fn settings(
    State(state): State<AppState>,
    who: SignedIn,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, page) = (&who.reply, "/notices");
    let on = checked(&fields, "captain_approval");
    community::set_captain_notices_need_approval(&state.db, &who.viewer, on)
        .await
        .map_err(|error| failure(reply, error, page))?;
    Ok(reply.done(page, Key::SettingSaved, json!({ "captain_approval": on })))
}

/// A resident's request: anybody may send one, signed in or not.
async fn send_request(
    State(state): State<AppState>,
    Extension(CurrentViewer(viewer)): Extension<CurrentViewer>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    reply: Reply,
    Form(fields): Form<Fields>,
) -> Answer {
    let page = "/requests/new";
    // What was typed (a contact number among it) comes back in the answer, not an address.
    let again = |failure: Response| returned_form::show_again(failure, &fields);
    let key = match &viewer {
        Some(viewer) => format!("user:{}", viewer.id),
        None => format!("ip:{}", client_key(&connect)),
    };
    if state.limits.request_per_client.check_key(&key).is_err() {
        return Err(again(reply.too_many(page)).into());
    }
    let new = community::NewRequest {
        topic: field(&fields, "topic"),
        body: field(&fields, "body"),
        group_id: group_of(&fields),
        phone: field(&fields, "phone"),
    };
    let code = community::send_request(&state.db, new, Utc::now())
        .await
        .map_err(|error| again(failure(&reply, error, page)))?;
    Ok(reply.done(
        &with_param("/requests/view", "code", &code),
        Key::RequestSent,
        json!({ "code": code }),
    ))
}

async fn answer_request(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<i32>,
    Form(fields): Form<Fields>,
) -> Answer {
    let (reply, page) = (&who.reply, "/requests/inbox");
    within_limit(&state, reply, who.viewer.id, page)?;
    // The answer typed comes back in the page, not in its address.
    let back = with_param(page, "r", &id.to_string());
    let again = |failure: Response| returned_form::show_again(failure, &fields);
    let Ok(status) = field(&fields, "status").parse::<RequestStatus>() else {
        if !who.viewer.organises() {
            return Err(reply.forbidden().into());
        }
        return Err(again(reply.expired(&back)).into());
    };
    let answer = community::RequestAnswer {
        status,
        answer: field(&fields, "answer"),
        publish: checked(&fields, "publish"),
    };
    let notice = community::answer_request(&state.db, &who.viewer, id, answer, Utc::now())
        .await
        .map_err(|error| again(failure(reply, error, &format!("{back}#request-{id}"))))?;
    Ok(reply.done(
        &format!("{page}#request-{id}"),
        if notice.is_some() {
            Key::AnswerPublished
        } else {
            Key::AnswerSaved
        },
        json!({ "notice_id": notice }),
    ))
}

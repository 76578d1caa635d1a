//! Notices (公告) and residents' requests (诉求): the community side of the association.
//!
//! Organisers post notices for everyone or one villager group; captains post for their own
//! group, held for an organiser's approval when the association's setting says so. A game
//! change writes a notice by itself ([`game_changed`]). Residents send requests without an
//! account and read the answer with the reference code they were given; the contact number
//! they may leave is shown to organisers only.
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use sea_orm::{prelude::*, Condition, QueryOrder, QuerySelect, Set, TransactionTrait};

use super::association_id;
use super::entities::*;
use crate::domain::community::{
    check_text, parse_expiry, FieldError, Problem, BODY_MAX, TITLE_MAX, TOPIC_MAX,
};
use crate::domain::image::{self as picture, ImageProblem};
use crate::model::*;

use crate::domain::reference::CODE_LEN;

#[derive(Debug, thiserror::Error)]
pub enum CommunityError {
    /// Bad input: each field at fault with its problem.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The notice is not waiting for approval (any more).
    #[error("not pending")]
    NotPending,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Shanghai).to_rfc3339()
}

async fn group_names(db: &impl ConnectionTrait) -> Result<HashMap<i32, String>, DbErr> {
    Ok(villager_group::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect())
}

/// The villager group a captain's team belongs to.
async fn captain_group(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Option<i32>, DbErr> {
    if viewer.role != Role::Captain {
        return Ok(None);
    }
    let Some(team_id) = viewer.team_id else {
        return Ok(None);
    };
    Ok(team::Entity::find_by_id(team_id)
        .one(db)
        .await?
        .map(|team| team.villager_group_id))
}

/// Whether captains' notices wait for an organiser (off unless the association said so).
pub async fn captain_notices_need_approval(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(association_setting::Entity::find()
        .one(db)
        .await?
        .is_some_and(|s| s.captain_notices_need_approval))
}

/// Organisers turn the approval of captains' notices on or off.
pub async fn set_captain_notices_need_approval(
    db: &DatabaseConnection,
    viewer: &Viewer,
    on: bool,
) -> Result<(), CommunityError> {
    if !viewer.organises() {
        return Err(CommunityError::Forbidden);
    }
    let association_id = association_id(db).await?;
    match association_setting::Entity::find()
        .filter(association_setting::Column::AssociationId.eq(association_id))
        .one(db)
        .await?
    {
        Some(setting) => {
            let mut setting: association_setting::ActiveModel = setting.into();
            setting.captain_notices_need_approval = Set(on);
            setting.update(db).await?;
        }
        None => {
            association_setting::ActiveModel {
                association_id: Set(association_id),
                captain_notices_need_approval: Set(on),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// A notice as typed in the form.
#[derive(Clone, Debug, Default)]
pub struct NewNotice {
    pub title: String,
    pub body: String,
    pub group_id: Option<i32>,
    pub pinned: bool,
    /// The last day it shows (Asia/Shanghai), inclusive, as typed: `YYYY-MM-DD` or empty.
    pub expires: String,
    pub image: ImageUpload,
}

/// The file chosen in the form's image field.
#[derive(Clone, Debug, Default)]
pub enum ImageUpload {
    #[default]
    None,
    Bytes(Vec<u8>),
    /// Larger than the limit: not even read to the end.
    TooLarge,
}

/// The end of a local day, as the instant a notice stops showing.
fn end_of_day(date: NaiveDate) -> Option<DateTime<Utc>> {
    let next = date.succ_opt()?.and_hms_opt(0, 0, 0)?;
    Shanghai
        .from_local_datetime(&next)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// Posts a notice: organisers for anyone or any group, published at once (pinned if they
/// like); captains for their own villager group only, never pinned, and held for approval
/// when the association wants that.
pub async fn post_notice(
    db: &DatabaseConnection,
    viewer: &Viewer,
    new: NewNotice,
    now: DateTime<Utc>,
) -> Result<notice::Model, CommunityError> {
    let own_group = captain_group(db, viewer).await?;
    if !viewer.organises() && own_group.is_none() {
        return Err(CommunityError::Forbidden);
    }
    if !viewer.organises() && new.group_id != own_group {
        return Err(CommunityError::Forbidden);
    }
    let mut problems = Vec::new();
    check_text(&mut problems, "title", &new.title, TITLE_MAX);
    check_text(&mut problems, "body", &new.body, BODY_MAX);
    let expires_at = match parse_expiry(&new.expires) {
        Ok(day) => day.and_then(end_of_day),
        Err(problem) => {
            problems.push(FieldError::new("expires", problem));
            None
        }
    };
    if expires_at.is_some_and(|at| at <= now) {
        problems.push(FieldError::new("expires", Problem::ExpiryPast));
    }
    let groups = group_names(db).await?;
    if new.group_id.is_some_and(|id| !groups.contains_key(&id)) {
        problems.push(FieldError::new("group", Problem::UnknownGroup));
    }
    let image = match &new.image {
        ImageUpload::None => None,
        ImageUpload::TooLarge => {
            problems.push(FieldError::new(
                "image",
                Problem::Image(ImageProblem::TooLarge),
            ));
            None
        }
        ImageUpload::Bytes(bytes) => match picture::prepare(bytes) {
            Ok(prepared) => Some(prepared),
            Err(problem) => {
                problems.push(FieldError::new("image", Problem::Image(problem)));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(CommunityError::Invalid(problems));
    }
    let held = !viewer.organises() && captain_notices_need_approval(db).await?;
    let association_id = association_id(db).await?;
    // The notice and its image together, or neither. (SQLite has one connection: nothing
    // may use `db` while the transaction is open.)
    let txn = db.begin().await?;
    let notice = notice::ActiveModel {
        association_id: Set(association_id),
        title: Set(new.title.trim().to_owned()),
        body: Set(new.body.trim().to_owned()),
        villager_group_id: Set(new.group_id),
        pinned: Set(viewer.organises() && new.pinned),
        expires_at: Set(expires_at),
        status: Set(if held {
            NoticeStatus::Pending
        } else {
            NoticeStatus::Published
        }),
        author_id: Set(Some(viewer.id)),
        game_id: Set(None),
        request_id: Set(None),
        created_at: Set(now),
        published_at: Set((!held).then_some(now)),
        approved_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some((info, bytes)) = image {
        notice_image::ActiveModel {
            notice_id: Set(notice.id),
            content_type: Set(info.kind.content_type().to_owned()),
            width: Set(info.width as i32),
            height: Set(info.height as i32),
            data: Set(bytes),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(notice)
}

/// A notice's image, for whoever may see it: anyone while the notice is published and
/// current; its author and organisers while it waits, or after it was withdrawn or expired.
/// With it, whether it is public (anyone may see it).
pub async fn notice_image(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    notice_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<(notice_image::Model, bool)>, DbErr> {
    let Some(notice) = notice::Entity::find_by_id(notice_id).one(db).await? else {
        return Ok(None);
    };
    let public =
        notice.status == NoticeStatus::Published && notice.expires_at.is_none_or(|at| at > now);
    let privileged = viewer.is_some_and(|v| v.organises() || Some(v.id) == notice.author_id);
    if !public && !privileged {
        return Ok(None);
    }
    Ok(notice_image::Entity::find()
        .filter(notice_image::Column::NoticeId.eq(notice_id))
        .one(db)
        .await?
        .map(|image| (image, public)))
}

/// The notice `id` for an organiser to act on: [`CommunityError::Forbidden`] for anybody
/// else, [`CommunityError::NotFound`] when there is none.
async fn organised_notice(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
) -> Result<notice::Model, CommunityError> {
    if !viewer.organises() {
        return Err(CommunityError::Forbidden);
    }
    notice::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(CommunityError::NotFound)
}

/// An organiser publishes a captain's notice that was waiting.
pub async fn approve_notice(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), CommunityError> {
    let notice = organised_notice(db, viewer, id).await?;
    if notice.status != NoticeStatus::Pending {
        return Err(CommunityError::NotPending);
    }
    let mut notice: notice::ActiveModel = notice.into();
    notice.status = Set(NoticeStatus::Published);
    notice.published_at = Set(Some(now));
    notice.approved_by = Set(Some(viewer.id));
    notice.update(db).await?;
    Ok(())
}

/// An organiser takes a notice down (published or waiting).
pub async fn withdraw_notice(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
) -> Result<(), CommunityError> {
    let notice = organised_notice(db, viewer, id).await?;
    let mut notice: notice::ActiveModel = notice.into();
    notice.status = Set(NoticeStatus::Withdrawn);
    notice.update(db).await?;
    Ok(())
}

pub use crate::model::GameChange;

/// Writes (and publishes) the notice a game change makes: called by the organiser's
/// postpone / move screens after their change is stored. It concerns the home team's
/// villager group (the game's court is theirs) and names both teams.
pub async fn game_changed(
    db: &DatabaseConnection,
    game_id: i32,
    change: GameChange,
    now: DateTime<Utc>,
) -> Result<notice::Model, CommunityError> {
    let game = game::Entity::find_by_id(game_id)
        .one(db)
        .await?
        .ok_or(CommunityError::NotFound)?;
    let team_ids: Vec<i32> = [game.home_team_id, game.away_team_id]
        .into_iter()
        .flatten()
        .collect();
    let teams: HashMap<i32, team::Model> = team::Entity::find()
        .filter(team::Column::Id.is_in(team_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let name = |id: Option<i32>, source: &Option<String>| {
        id.and_then(|id| teams.get(&id))
            .map(|t| t.name.clone())
            .or_else(|| source.clone())
            .unwrap_or_default()
    };
    let competition = competition::Entity::find_by_id(game.competition_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let court = match game.court_id {
        Some(id) => Some(
            court::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|c| c.name)
                .unwrap_or_default(),
        ),
        None => None,
    };
    let at = game.starts_at.with_timezone(&Shanghai);
    let facts = GameChangeNotice {
        change,
        competition,
        home: name(game.home_team_id, &game.home_source),
        away: name(game.away_team_id, &game.away_source),
        date: at.date_naive(),
        time: at.format("%H:%M").to_string(),
        court,
    };
    // Stored in Chinese (feeds, the API); pages word it from `facts` in their language.
    let (title, body) = crate::i18n::game_change_notice(crate::i18n::Lang::Zh, &facts);
    let group = game
        .home_team_id
        .and_then(|id| teams.get(&id))
        .map(|t| t.villager_group_id);
    let notice = notice::ActiveModel {
        association_id: Set(association_id(db).await?),
        title: Set(title),
        body: Set(body),
        villager_group_id: Set(group),
        pinned: Set(false),
        expires_at: Set(None),
        status: Set(NoticeStatus::Published),
        author_id: Set(None),
        game_id: Set(Some(game_id)),
        request_id: Set(None),
        created_at: Set(now),
        published_at: Set(Some(now)),
        approved_by: Set(None),
        game_change: Set(serde_json::to_string(&facts).ok()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(notice)
}

async fn views(
    db: &impl ConnectionTrait,
    notices: Vec<notice::Model>,
) -> Result<Vec<NoticeView>, DbErr> {
    let groups = group_names(db).await?;
    let ids: Vec<i32> = notices.iter().map(|n| n.id).collect();
    // The images' sizes only, never their bytes.
    let images: HashMap<i32, NoticeImageView> = if ids.is_empty() {
        HashMap::new()
    } else {
        notice_image::Entity::find()
            .select_only()
            .column(notice_image::Column::NoticeId)
            .column(notice_image::Column::ContentType)
            .column(notice_image::Column::Width)
            .column(notice_image::Column::Height)
            .filter(notice_image::Column::NoticeId.is_in(ids))
            .into_tuple::<(i32, String, i32, i32)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(notice_id, content_type, width, height)| {
                (
                    notice_id,
                    NoticeImageView {
                        notice_id,
                        content_type,
                        width,
                        height,
                    },
                )
            })
            .collect()
    };
    let author_ids: Vec<i32> = notices.iter().filter_map(|n| n.author_id).collect();
    let authors: HashMap<i32, String> = if author_ids.is_empty() {
        HashMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(author_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    Ok(notices
        .into_iter()
        .map(|n| NoticeView {
            id: n.id,
            title: n.title,
            body: n.body,
            group: n.villager_group_id.and_then(|id| groups.get(&id).cloned()),
            pinned: n.pinned,
            at: local(n.published_at.unwrap_or(n.created_at)),
            expires_at: n.expires_at.map(local),
            status: n.status,
            author: n
                .author_id
                .and_then(|id| authors.get(&id).cloned())
                .unwrap_or_default(),
            game_id: n.game_id,
            image: images.get(&n.id).cloned(),
            game_change: n
                .game_change
                .as_deref()
                .and_then(|facts| serde_json::from_str(facts).ok()),
        })
        .collect())
}

/// The notices residents may read at `now`: published and not expired.
fn live_notices(now: DateTime<Utc>) -> sea_orm::Select<notice::Entity> {
    notice::Entity::find()
        .filter(notice::Column::Status.eq(NoticeStatus::Published))
        .filter(
            Condition::any()
                .add(notice::Column::ExpiresAt.is_null())
                .add(notice::Column::ExpiresAt.gt(now)),
        )
}

/// Published notices that have not expired: pinned first, then newest first.
pub async fn current_notices(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<NoticeView>, DbErr> {
    let notices = live_notices(now)
        .order_by_desc(notice::Column::Pinned)
        .order_by_desc(notice::Column::PublishedAt)
        .order_by_desc(notice::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    views(db, notices).await
}

/// Published, unexpired notices newest first (pins do not reorder a feed).
pub async fn feed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<NoticeView>, DbErr> {
    let notices = live_notices(now)
        .order_by_desc(notice::Column::PublishedAt)
        .order_by_desc(notice::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    views(db, notices).await
}

/// The notices page for whoever is looking.
pub async fn notices_page(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    now: DateTime<Utc>,
) -> Result<NoticesData, DbErr> {
    let notices = current_notices(db, now, 100).await?;
    let organiser = viewer.is_some_and(|v| v.organises());
    let own_group = match viewer {
        Some(viewer) => captain_group(db, viewer).await?,
        None => None,
    };
    let pending_query = notice::Entity::find()
        .filter(notice::Column::Status.eq(NoticeStatus::Pending))
        .order_by_desc(notice::Column::CreatedAt);
    let pending = if organiser {
        views(db, pending_query.all(db).await?).await?
    } else {
        Vec::new()
    };
    let mine_pending = match (viewer, own_group) {
        (Some(viewer), Some(_)) if !organiser => {
            let mine = notice::Entity::find()
                .filter(notice::Column::Status.eq(NoticeStatus::Pending))
                .filter(notice::Column::AuthorId.eq(viewer.id))
                .order_by_desc(notice::Column::CreatedAt)
                .all(db)
                .await?;
            views(db, mine).await?
        }
        _ => Vec::new(),
    };
    let groups = super::group_choices(db)
        .await?
        .into_iter()
        .filter(|g| organiser || Some(g.id) == own_group)
        .collect();
    Ok(NoticesData {
        notices,
        pending,
        mine_pending,
        may_post: organiser || own_group.is_some(),
        organiser,
        groups,
        needs_approval: captain_notices_need_approval(db).await?,
    })
}

/// A request as the resident typed it.
#[derive(Clone, Debug, Default)]
pub struct NewRequest {
    pub topic: String,
    pub body: String,
    pub group_id: Option<i32>,
    pub phone: String,
}

/// Stores a resident's request and returns its reference code.
pub async fn send_request(
    db: &DatabaseConnection,
    new: NewRequest,
    now: DateTime<Utc>,
) -> Result<String, CommunityError> {
    let mut problems = Vec::new();
    check_text(&mut problems, "topic", &new.topic, TOPIC_MAX);
    check_text(&mut problems, "body", &new.body, BODY_MAX);
    let phone = if new.phone.trim().is_empty() {
        None
    } else {
        match crate::domain::phone::normalise(&new.phone) {
            Some(phone) => Some(phone),
            None => {
                problems.push(FieldError::new("phone", Problem::PhoneInvalid));
                None
            }
        }
    };
    if let Some(id) = new.group_id {
        if !group_names(db).await?.contains_key(&id) {
            problems.push(FieldError::new("group", Problem::UnknownGroup));
        }
    }
    if !problems.is_empty() {
        return Err(CommunityError::Invalid(problems));
    }
    let association_id = association_id(db).await?;
    for _ in 0..8 {
        let code = super::new_reference();
        let taken = resident_request::Entity::find()
            .filter(resident_request::Column::Code.eq(code.clone()))
            .count(db)
            .await?
            > 0;
        if taken {
            continue;
        }
        resident_request::ActiveModel {
            association_id: Set(association_id),
            code: Set(code.clone()),
            topic: Set(new.topic.trim().to_owned()),
            body: Set(new.body.trim().to_owned()),
            villager_group_id: Set(new.group_id),
            contact_phone: Set(phone),
            status: Set(RequestStatus::New),
            answer: Set(None),
            answered_by: Set(None),
            answered_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        return Ok(code);
    }
    Err(CommunityError::Db(DbErr::Custom(
        "no free reference code after 8 tries".into(),
    )))
}

async fn request_views(
    db: &impl ConnectionTrait,
    requests: Vec<resident_request::Model>,
    with_phone: bool,
) -> Result<Vec<RequestView>, DbErr> {
    let groups = group_names(db).await?;
    let ids: Vec<i32> = requests.iter().map(|r| r.id).collect();
    let notices: HashMap<i32, i32> = if ids.is_empty() {
        HashMap::new()
    } else {
        notice::Entity::find()
            .filter(notice::Column::RequestId.is_in(ids))
            .filter(notice::Column::Status.eq(NoticeStatus::Published))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|n| n.request_id.map(|r| (r, n.id)))
            .collect()
    };
    Ok(requests
        .into_iter()
        .map(|r| RequestView {
            id: r.id,
            notice_id: notices.get(&r.id).copied(),
            code: r.code,
            topic: r.topic,
            body: r.body,
            group: r.villager_group_id.and_then(|id| groups.get(&id).cloned()),
            status: r.status,
            answer: r.answer,
            at: local(r.created_at),
            answered_at: r.answered_at.map(local),
            contact_phone: if with_phone { r.contact_phone } else { None },
        })
        .collect())
}

/// The request a reference code names, as its sender sees it (no contact number).
pub async fn lookup_request(
    db: &DatabaseConnection,
    code: &str,
) -> Result<Option<RequestView>, DbErr> {
    let code = crate::domain::reference::normalise(code);
    if code.len() != CODE_LEN {
        return Ok(None);
    }
    let found = resident_request::Entity::find()
        .filter(resident_request::Column::Code.eq(code))
        .one(db)
        .await?;
    Ok(request_views(db, found.into_iter().collect(), false)
        .await?
        .pop())
}

/// The organisers' inbox: open requests first (new, in progress), then the rest, newest
/// first within each; with the contact numbers.
pub async fn inbox(
    db: &DatabaseConnection,
    viewer: &Viewer,
) -> Result<Vec<RequestView>, CommunityError> {
    if !viewer.organises() {
        return Err(CommunityError::Forbidden);
    }
    let requests = resident_request::Entity::find()
        .order_by_desc(resident_request::Column::CreatedAt)
        .order_by_desc(resident_request::Column::Id)
        .all(db)
        .await?;
    let mut views = request_views(db, requests, true).await?;
    views.sort_by_key(|r| match r.status {
        RequestStatus::New => 0,
        RequestStatus::InProgress => 1,
        RequestStatus::Answered => 2,
        RequestStatus::Closed => 3,
    });
    Ok(views)
}

/// An organiser's answer to a request.
#[derive(Clone, Debug)]
pub struct RequestAnswer {
    pub status: RequestStatus,
    pub answer: String,
    /// Also publish the topic and the answer as a notice (never the sender's text or
    /// number).
    pub publish: bool,
}

/// Records an organiser's answer (or just a new status); returns the notice it published.
pub async fn answer_request(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i32,
    answer: RequestAnswer,
    now: DateTime<Utc>,
) -> Result<Option<i32>, CommunityError> {
    if !viewer.organises() {
        return Err(CommunityError::Forbidden);
    }
    let request = resident_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(CommunityError::NotFound)?;
    let text = answer.answer.trim().to_owned();
    let mut problems = Vec::new();
    if text.chars().count() > BODY_MAX {
        problems.push(FieldError::new("answer", Problem::TooLong));
    }
    if text.is_empty() && (answer.status == RequestStatus::Answered || answer.publish) {
        problems.push(FieldError::new("answer", Problem::Missing));
    }
    if !problems.is_empty() {
        return Err(CommunityError::Invalid(problems));
    }
    let topic = request.topic.clone();
    let group = request.villager_group_id;
    let association = request.association_id;
    let mut request: resident_request::ActiveModel = request.into();
    request.status = Set(answer.status);
    if !text.is_empty() {
        request.answer = Set(Some(text.clone()));
        request.answered_by = Set(Some(viewer.id));
        request.answered_at = Set(Some(now));
    }
    request.update(db).await?;
    if !answer.publish {
        return Ok(None);
    }
    let notice = notice::ActiveModel {
        association_id: Set(association),
        title: Set(format!("答复居民诉求：{topic}")),
        body: Set(text),
        villager_group_id: Set(group),
        pinned: Set(false),
        expires_at: Set(None),
        status: Set(NoticeStatus::Published),
        author_id: Set(Some(viewer.id)),
        game_id: Set(None),
        request_id: Set(Some(id)),
        created_at: Set(now),
        published_at: Set(Some(now)),
        approved_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some(notice.id))
}

//! The demo league's notices and requests (invented): a pinned notice from the organiser,
//! one from 东坊's captain, and a resident's request with its published answer.
use app::db::entities::*;
use app::model::{NoticeStatus, RequestStatus};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder};

/// The demo request's reference code, for trying the look-up.
pub const DEMO_REQUEST_CODE: &str = "XTBA26";

pub async fn seed(txn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    let association = association::Entity::find()
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::Custom("no association".into()))?
        .id;
    let groups = villager_group::Entity::find()
        .order_by_asc(villager_group::Column::SortOrder)
        .all(txn)
        .await?;
    let user = |name: &'static str| async move {
        app_user::Entity::find()
            .filter(app_user::Column::Username.eq(name))
            .one(txn)
            .await
    };
    let organiser = user("organiser").await?.map(|u| u.id);
    let captain = user("captain1").await?.map(|u| u.id);
    let dongfang = groups.first().map(|g| g.id);
    let xifang = groups.get(1).map(|g| g.id);
    // Captains' notices wait for an organiser here: the demo shows the approval.
    association_setting::ActiveModel {
        association_id: Set(association),
        captain_notices_need_approval: Set(true),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let notice = |title: &str,
                  body: &str,
                  group: Option<i32>,
                  pinned: bool,
                  author: Option<i32>,
                  at: DateTime<Utc>,
                  request: Option<i32>| notice::ActiveModel {
        association_id: Set(association),
        title: Set(title.to_owned()),
        body: Set(body.to_owned()),
        villager_group_id: Set(group),
        pinned: Set(pinned),
        expires_at: Set(None),
        status: Set(NoticeStatus::Published),
        author_id: Set(author),
        game_id: Set(None),
        request_id: Set(request),
        created_at: Set(at),
        published_at: Set(Some(at)),
        approved_by: Set(organiser.filter(|_| author != organiser)),
        ..Default::default()
    };
    notice(
        "周末球场安全提示",
        "近期天气炎热，晚上比赛请带足饮用水。观众请勿坐在球场边线内，小朋友请由家长看护。\n如遇雷雨，比赛暂停，以协会通知为准。",
        None,
        true,
        organiser,
        now - Duration::days(3),
        None,
    )
    .insert(txn)
    .await?;
    notice(
        "东坊球场周三晚照明检修",
        "东坊球场本周三晚上检修灯光，当晚不安排训练。东坊的球员请改到西坊球场训练。",
        dongfang,
        false,
        captain,
        now - Duration::days(1),
        None,
    )
    .insert(txn)
    .await?;
    let request = resident_request::ActiveModel {
        association_id: Set(association),
        code: Set(DEMO_REQUEST_CODE.into()),
        topic: Set("西坊球场篮网破了".into()),
        body: Set(
            "西坊球场南边的篮网破了好几天，孩子们投篮看不清进没进，请协会帮忙换一下。".into(),
        ),
        villager_group_id: Set(xifang),
        contact_phone: Set(Some("13800000000".into())),
        status: Set(RequestStatus::Answered),
        answer: Set(Some(
            "谢谢反映！新篮网已经买好，本周六下午由西坊队员换上。".into(),
        )),
        answered_by: Set(organiser),
        answered_at: Set(Some(now - Duration::hours(20))),
        created_at: Set(now - Duration::days(2)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    notice(
        "答复居民诉求：西坊球场篮网破了",
        "谢谢反映！新篮网已经买好，本周六下午由西坊队员换上。",
        xifang,
        false,
        organiser,
        now - Duration::hours(20),
        Some(request.id),
    )
    .insert(txn)
    .await?;
    Ok(())
}

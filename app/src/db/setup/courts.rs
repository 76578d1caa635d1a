//! Courts and their weekly windows.
use super::*;

// ---- courts ----

pub async fn courts(db: &DatabaseConnection) -> std::result::Result<SetupCourts, DbErr> {
    let groups = group_choices(db).await?;
    let windows = court_availability::Entity::find().all(db).await?;
    let courts = court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| SetupCourtLine {
            group: c
                .villager_group_id
                .and_then(|g| groups.iter().find(|x| x.id == g))
                .map(|g| g.name.clone()),
            windows: windows.iter().filter(|w| w.court_id == c.id).count(),
            id: c.id,
            name: c.name,
            has_lights: c.has_lights,
            games_per_evening: c.games_per_evening,
        })
        .collect();
    Ok(SetupCourts { courts, groups })
}

pub(super) fn court_summary(c: &court::Model) -> String {
    format!(
        "{} 组{} {} {}场/晚",
        c.name,
        c.villager_group_id
            .map_or("-".to_owned(), |g| g.to_string()),
        if c.has_lights { "灯光" } else { "无灯" },
        c.games_per_evening
    )
}

pub(super) async fn check_court_refs(
    txn: &impl ConnectionTrait,
    input: &CourtInput,
    except: Option<i32>,
) -> Result<()> {
    let mut errors = Vec::new();
    if let Some(group) = input.group_id {
        if villager_group::Entity::find_by_id(group)
            .one(txn)
            .await?
            .is_none()
        {
            errors.push(FieldError::new("group_id", Problem::Unknown));
        }
    }
    if name_taken(
        txn,
        court::Column::Name,
        court::Column::Id,
        &input.name,
        except,
    )
    .await?
    {
        errors.push(FieldError::new("name", Problem::Taken));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SetupError::Invalid(errors))
    }
}

pub async fn add_court(
    db: &DatabaseConnection,
    input: &CourtInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    check_court_refs(&txn, input, None).await?;
    let court = court::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        villager_group_id: Set(input.group_id),
        name: Set(input.name.clone()),
        has_lights: Set(input.has_lights),
        games_per_evening: Set(input.games_per_evening),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "court",
        court.id,
        "court.create",
        None,
        Some(court_summary(&court)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(court.id)
}

pub async fn update_court(
    db: &DatabaseConnection,
    id: i32,
    input: &CourtInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    let court = found::<court::Entity>(&txn, id).await?;
    check_court_refs(&txn, input, Some(id)).await?;
    let before = court_summary(&court);
    let mut active: court::ActiveModel = court.into();
    active.name = Set(input.name.clone());
    active.villager_group_id = Set(input.group_id);
    active.has_lights = Set(input.has_lights);
    active.games_per_evening = Set(input.games_per_evening);
    let court = active.update(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "court",
        id,
        "court.update",
        Some(before),
        Some(court_summary(&court)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) fn blackout_lines(rows: Vec<blackout::Model>) -> Vec<BlackoutLine> {
    rows.into_iter()
        .map(|b| BlackoutLine {
            id: b.id,
            on_date: b.on_date.to_string(),
            reason: b.reason,
        })
        .collect()
}

pub async fn court(
    db: &DatabaseConnection,
    id: i32,
) -> std::result::Result<Option<SetupCourt>, DbErr> {
    let Some(court) = court::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let windows = court_availability::Entity::find()
        .filter(court_availability::Column::CourtId.eq(id))
        .order_by_asc(court_availability::Column::Weekday)
        .order_by_asc(court_availability::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|w| WindowLine {
            id: w.id,
            weekday: w.weekday,
            starts_at: w.starts_at.format("%H:%M").to_string(),
            ends_at: w.ends_at.format("%H:%M").to_string(),
        })
        .collect();
    let blackouts = blackout::Entity::find()
        .filter(blackout::Column::CourtId.eq(id))
        .order_by_asc(blackout::Column::OnDate)
        .all(db)
        .await?;
    let mut values = vec![
        ("name".to_owned(), court.name.clone()),
        (
            "group_id".to_owned(),
            court
                .villager_group_id
                .map(|g| g.to_string())
                .unwrap_or_default(),
        ),
        (
            "games_per_evening".to_owned(),
            court.games_per_evening.to_string(),
        ),
    ];
    if court.has_lights {
        values.push(("has_lights".to_owned(), "on".to_owned()));
    }
    Ok(Some(SetupCourt {
        id,
        name: court.name,
        values,
        windows,
        blackouts: blackout_lines(blackouts),
        groups: group_choices(db).await?,
    }))
}

/// A weekly window in one line for the audit log: `3 19:00–22:00`.
fn window_summary(
    weekday: i16,
    starts_at: chrono::NaiveTime,
    ends_at: chrono::NaiveTime,
) -> String {
    format!(
        "{weekday} {}–{}",
        starts_at.format("%H:%M"),
        ends_at.format("%H:%M")
    )
}

pub async fn add_window(
    db: &DatabaseConnection,
    court_id: i32,
    input: &WindowInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    found::<court::Entity>(&txn, court_id).await?;
    let window = court_availability::ActiveModel {
        court_id: Set(court_id),
        weekday: Set(input.weekday),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let summary = window_summary(input.weekday, input.starts_at, input.ends_at);
    audit_entry(
        &txn,
        actor,
        "court",
        court_id,
        "court.add_window",
        None,
        Some(summary),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(window.id)
}

/// Removes a weekly window; its court's id.
pub async fn remove_window(
    db: &DatabaseConnection,
    id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    let window = found::<court_availability::Entity>(&txn, id).await?;
    court_availability::Entity::delete_by_id(id)
        .exec(&txn)
        .await?;
    let summary = window_summary(window.weekday, window.starts_at, window.ends_at);
    audit_entry(
        &txn,
        actor,
        "court",
        window.court_id,
        "court.remove_window",
        Some(summary),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(window.court_id)
}

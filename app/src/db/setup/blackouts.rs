//! Blackout dates: a court's, a team's or everybody's; the calendar and festivals.
use super::*;

// ---- blackouts ----

/// Adds blackout days (a court's when `court_id` is given, else everybody's); days already
/// blacked out are left as they are. How many were added.
pub async fn add_blackouts(
    db: &DatabaseConnection,
    court_id: Option<i32>,
    input: &BlackoutInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let txn = db.begin().await?;
    if let Some(court_id) = court_id {
        found::<court::Entity>(&txn, court_id).await?;
    }
    let added = insert_blackouts(&txn, court_id, input.days(), &input.reason).await?;
    let summary = format!("{}…{} {} ({})", input.from, input.to, input.reason, added);
    let (entity, entity_id) = match court_id {
        Some(id) => ("court", id),
        None => ("association", association_id(&txn).await?),
    };
    audit_entry(
        &txn,
        actor,
        entity,
        entity_id,
        &format!("{entity}.add_blackout"),
        None,
        Some(summary),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// Adds a team's blackout days; days it has already are left as they are. How many were added.
pub async fn add_team_blackouts(
    db: &DatabaseConnection,
    team_id: i32,
    input: &BlackoutInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let txn = db.begin().await?;
    found::<team::Entity>(&txn, team_id).await?;
    let existing: Vec<NaiveDate> = team_blackout::Entity::find()
        .filter(team_blackout::Column::TeamId.eq(team_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|b| b.on_date)
        .collect();
    let mut added = 0;
    for day in input.days().filter(|d| !existing.contains(d)) {
        team_blackout::ActiveModel {
            team_id: Set(team_id),
            on_date: Set(day),
            reason: Set(input.reason.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        added += 1;
    }
    audit_entry(
        &txn,
        actor,
        "team",
        team_id,
        "team.add_blackout",
        None,
        Some(format!(
            "{}…{} {} ({added})",
            input.from, input.to, input.reason
        )),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// Removes one of a team's blackout days; the team's id.
pub async fn remove_team_blackout(
    db: &DatabaseConnection,
    id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    let row = found::<team_blackout::Entity>(&txn, id).await?;
    team_blackout::Entity::delete_by_id(id).exec(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "team",
        row.team_id,
        "team.remove_blackout",
        Some(format!("{} {}", row.on_date, row.reason)),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.team_id)
}

pub(super) async fn insert_blackouts(
    txn: &impl ConnectionTrait,
    court_id: Option<i32>,
    days: impl Iterator<Item = NaiveDate>,
    reason: &str,
) -> std::result::Result<usize, DbErr> {
    let association_id = association_id(txn).await?;
    let existing: Vec<NaiveDate> = blackout::Entity::find()
        .filter(match court_id {
            Some(id) => blackout::Column::CourtId.eq(id),
            None => blackout::Column::CourtId.is_null(),
        })
        .all(txn)
        .await?
        .into_iter()
        .map(|b| b.on_date)
        .collect();
    let mut added = 0;
    for day in days.filter(|d| !existing.contains(d)) {
        blackout::ActiveModel {
            association_id: Set(association_id),
            court_id: Set(court_id),
            on_date: Set(day),
            reason: Set(reason.to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        added += 1;
    }
    Ok(added)
}

/// Removes one blackout day; its court's id (`None`: the association's).
pub async fn remove_blackout(
    db: &DatabaseConnection,
    id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Option<i32>> {
    let txn = db.begin().await?;
    let row = found::<blackout::Entity>(&txn, id).await?;
    blackout::Entity::delete_by_id(id).exec(&txn).await?;
    let (entity, entity_id) = match row.court_id {
        Some(court) => ("court", court),
        None => ("association", row.association_id),
    };
    audit_entry(
        &txn,
        actor,
        entity,
        entity_id,
        &format!("{entity}.remove_blackout"),
        Some(format!("{} {}", row.on_date, row.reason)),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.court_id)
}

pub async fn calendar(
    db: &DatabaseConnection,
    year: i32,
) -> std::result::Result<SetupCalendar, DbErr> {
    let rows = blackout::Entity::find()
        .filter(blackout::Column::CourtId.is_null())
        .order_by_asc(blackout::Column::OnDate)
        .all(db)
        .await?;
    let festivals = festivals::festivals(year)
        .into_iter()
        .map(|(festival, day)| FestivalLine {
            festival,
            date: day.to_string(),
            blocked: rows.iter().any(|b| b.on_date == day),
        })
        .collect();
    Ok(SetupCalendar {
        year,
        festivals,
        blackouts: blackout_lines(rows),
    })
}

/// Makes a festival of `year` an association-wide blackout day; `false` when it already was.
pub async fn block_festival(
    db: &DatabaseConnection,
    year: i32,
    festival: Festival,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let day = festival
        .date(year)
        .ok_or_else(|| SetupError::one("year", Problem::OutOfRange))?;
    let txn = db.begin().await?;
    let added = insert_blackouts(&txn, None, std::iter::once(day), festival.zh()).await?;
    if added > 0 {
        let id = association_id(&txn).await?;
        audit_entry(
            &txn,
            actor,
            "association",
            id,
            "association.add_blackout",
            None,
            Some(format!("{day} {}", festival.zh())),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(added > 0)
}

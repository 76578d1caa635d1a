//! Games that will not be played as scheduled: postponed (rain) with the suggested slots to
//! play them in, evenings rained off, games called off, a team's withdrawal.
use super::*;

/// Marks a scheduled game postponed (rain): its date stays as it was until a new slot is
/// chosen.
pub async fn postpone_game(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    set_status(
        db,
        viewer,
        game_id,
        version,
        &[GameStatus::Scheduled],
        GameStatus::Postponed,
        now,
    )
    .await
}

/// The games of published competitions still scheduled on `date` (local), on `court` or on
/// every court: what a rained-off evening postpones.
pub async fn evening_games(
    db: &impl ConnectionTrait,
    date: NaiveDate,
    court: Option<i32>,
) -> Result<Vec<game::Model>, DbErr> {
    let names = Names::load(db).await?;
    let from = Shanghai
        .from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .map(|t| t.with_timezone(&Utc));
    let Some(from) = from else {
        return Ok(Vec::new());
    };
    let mut query = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.gte(from))
        .filter(game::Column::StartsAt.lt(from + Duration::days(1)));
    if let Some(court) = court {
        query = query.filter(game::Column::CourtId.eq(court));
    }
    Ok(query
        .order_by_asc(game::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .filter(|g| names.published(g.competition_id))
        .collect())
}

/// Calls a scheduled or postponed game off for good: it will not be played and no table
/// counts it; a competition whose last open game it was closes (see `honours::settle`).
pub async fn cancel_game(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    set_status(
        db,
        viewer,
        game_id,
        version,
        &[GameStatus::Scheduled, GameStatus::Postponed],
        GameStatus::Cancelled,
        now,
    )
    .await
}

/// A game goes from one of `from` to `to` (postponed, called off), claimed at the version
/// the organiser saw, written to the audit log; the competition then moves on (a game called
/// off may have been the last it waited for).
async fn set_status(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    from: &[GameStatus],
    to: GameStatus,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let txn = db.begin().await?;
    let names = Names::load(&txn).await?;
    let game = claim_game(&txn, game_id, version, now).await?;
    if !from.contains(&game.status) {
        return Err(ChangeError::WrongState);
    }
    let before = slot_line(&names, &game);
    let mut active: game::ActiveModel = game.clone().into();
    active.status = Set(to);
    active.version = Set(game.version + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let action = match to {
        GameStatus::Cancelled => "cancel",
        _ => "postpone",
    };
    audit_entry(
        &txn,
        &actor(viewer),
        "game",
        game_id,
        action,
        Some(before),
        Some(slot_line(&names, &updated)),
        now,
    )
    .await?;
    crate::db::honours::settle(&txn, game.competition_id, &actor(viewer), now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// A team withdraws from a published competition. Its games already decided stand; each
/// game it still had to play is lost by forfeit, 20:0 to the opponent, 0 classification
/// points to the team (FIBA Official Basketball Rules, Art. 20 "Game lost by forfeit";
/// Annex D.1.1). Returns the games forfeited.
pub async fn withdraw_team(
    db: &DatabaseConnection,
    viewer: &Viewer,
    competition_id: i32,
    team_id: i32,
    now: DateTime<Utc>,
) -> Result<usize, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let txn = db.begin().await?;
    let competition = competition::Entity::find_by_id(competition_id)
        .one(&txn)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if competition.status != CompetitionStatus::Published {
        return Err(ChangeError::WrongState);
    }
    let open = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .filter(game::Column::Status.is_in([GameStatus::Scheduled, GameStatus::Postponed]))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|g| g.home_team_id == Some(team_id) || g.away_team_id == Some(team_id))
        .filter(|g| g.home_team_id.is_some() && g.away_team_id.is_some())
        .collect::<Vec<_>>();
    let stages: Vec<i32> = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(competition_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let entered = stage_entry::Entity::find()
        .filter(stage_entry::Column::TeamId.eq(team_id))
        .filter(stage_entry::Column::StageId.is_in(stages))
        .one(&txn)
        .await?
        .is_some();
    if !entered {
        return Err(ChangeError::NotFound);
    }
    for game in &open {
        claim_version(&txn, game, now).await?;
        let home_withdraws = game.home_team_id == Some(team_id);
        let mut active: game::ActiveModel = game.clone().into();
        active.status = Set(GameStatus::Forfeit);
        active.outcome = Set(Some(if home_withdraws {
            Outcome::ForfeitByHome
        } else {
            Outcome::ForfeitByAway
        }));
        active.home_score = Set(Some(if home_withdraws { 0 } else { 20 }));
        active.away_score = Set(Some(if home_withdraws { 20 } else { 0 }));
        active.version = Set(game.version + 1);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        audit_entry(
            &txn,
            &actor(viewer),
            "game",
            game.id,
            "forfeit.withdrawn",
            None,
            Some(format!("team {team_id} withdrew")),
            now,
        )
        .await?;
    }
    audit_entry(
        &txn,
        &actor(viewer),
        "competition",
        competition_id,
        "team.withdrawn",
        None,
        Some(format!("team {team_id}: {} games forfeited", open.len())),
        now,
    )
    .await?;
    crate::db::honours::settle(&txn, competition_id, &actor(viewer), now).await?;
    txn.commit().await?;
    Ok(open.len())
}

/// The `count` best free slots for a game from tomorrow (or the day after its original date,
/// whichever is later) over the next weeks — inside the competition's dates unless nothing
/// there is free — the least disruptive evenings, one per date, in date order.
pub async fn suggest_slots(
    db: &impl ConnectionTrait,
    game_id: i32,
    now: DateTime<Utc>,
    count: usize,
) -> Result<Vec<SlotView>, ChangeError> {
    let (names, facts, calendar) = slot_context(db, game_id).await?;
    let tomorrow = local_date_time(now).0 + Duration::days(1);
    let earliest = tomorrow.max(facts.date + Duration::days(1));
    let latest = earliest + Duration::days(SUGGESTION_DAYS);
    // Inside the competition's dates; past its end only when nothing inside is free.
    let ends_on = names
        .competitions
        .get(&facts.game.competition_id)
        .map_or(latest, |c| c.ends_on);
    let postponed = Postponed {
        game_id,
        home: facts.game.home_team_id,
        away: facts.game.away_team_id,
        home_court: facts.home_court,
        original_date: facts.date,
        original_time: facts.time,
    };
    let mut found =
        rules::suggest_slots(&calendar, &postponed, earliest, latest.min(ends_on), count);
    if found.is_empty() {
        found = rules::suggest_slots(&calendar, &postponed, earliest, latest, count);
    }
    Ok(found
        .into_iter()
        .map(|s| SlotView {
            court_id: s.court,
            court: names.court(Some(s.court)),
            date: s.date,
            time: s.time.format("%H:%M").to_string(),
            cost: s.cost,
            rest_days: s.rest_days,
            breaks_added: s.breaks_added,
            days_from_original: s.days_from_original,
            home_court: s.home_court,
            court_load: s.court_load,
        })
        .collect())
}

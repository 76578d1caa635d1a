//! Moving a game to another date, time or court: the form as typed, the conflicts, the move.
use super::*;

/// A proposed move as typed: date `YYYY-MM-DD`, time `HH:MM`, a court id.
#[derive(Debug, Clone, Default)]
pub struct MoveInput {
    pub date: String,
    pub time: String,
    pub court: String,
}

/// Reads the form ([`rules::parse_move`]); bad fields come back as problems.
pub fn parse_move(
    input: &MoveInput,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveTime, i32), Vec<Problem>> {
    rules::parse_move(&input.date, &input.time, &input.court, today).map_err(|problems| {
        problems
            .into_iter()
            .map(|problem| match problem {
                MoveProblem::DateInvalid => Problem::DateInvalid,
                MoveProblem::DatePast => Problem::DatePast,
                MoveProblem::TimeInvalid => Problem::TimeInvalid,
                MoveProblem::CourtMissing => Problem::CourtMissing,
            })
            .collect()
    })
}

/// The conflicts of moving `game_id` to (date, time, court): empty when it may be saved.
pub async fn check_move(
    db: &impl ConnectionTrait,
    game_id: i32,
    date: NaiveDate,
    time: NaiveTime,
    court: i32,
) -> Result<Vec<Problem>, ChangeError> {
    let (names, facts, calendar) = slot_context(db, game_id).await?;
    let proposal = Proposal {
        game_id,
        home: facts.game.home_team_id,
        away: facts.game.away_team_id,
        court,
        date,
        time,
    };
    Ok(rules::check_move(&calendar, &proposal)
        .iter()
        .map(|c| describe(c, &names))
        .collect())
}

/// Moves a game (scheduled or postponed) to a new date, time and court, if nothing clashes.
/// A postponed game is scheduled again. Returns the game as stored now; the caller announces
/// it ([`crate::db::community::game_changed`]) and tells the live hub.
#[allow(clippy::too_many_arguments)]
pub async fn move_game(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    version: Option<i32>,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let today = local_date_time(now).0;
    let (date, time, court) = parse_move(input, today).map_err(ChangeError::Refused)?;
    let txn = db.begin().await?;
    let names = Names::load(&txn).await?;
    let game = claim_game(&txn, game_id, version, now).await?;
    if !movable(game.status) {
        return Err(ChangeError::WrongState);
    }
    let calendar = calendar_for(&txn, &names, game_id).await?;
    let conflicts = rules::check_move(
        &calendar,
        &Proposal {
            game_id,
            home: game.home_team_id,
            away: game.away_team_id,
            court,
            date,
            time,
        },
    );
    if !conflicts.is_empty() {
        return Err(ChangeError::Refused(
            conflicts.iter().map(|c| describe(c, &names)).collect(),
        ));
    }
    let before = slot_line(&names, &game);
    let mut active: game::ActiveModel = game.clone().into();
    active.starts_at = Set(utc_of(date, time));
    active.court_id = Set(Some(court));
    active.status = Set(GameStatus::Scheduled);
    active.version = Set(game.version + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    audit_entry(
        &txn,
        &actor(viewer),
        "game",
        game_id,
        "move",
        Some(before),
        Some(slot_line(&names, &updated)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_move_and_names_bad_fields() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let ok = MoveInput {
            date: "2026-11-30".into(),
            time: "19:30".into(),
            court: "3".into(),
        };
        assert_eq!(
            parse_move(&ok, today).unwrap(),
            (
                NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                NaiveTime::from_hms_opt(19, 30, 0).unwrap(),
                3
            )
        );
        let bad = MoveInput {
            date: "2026-11-01".into(),
            time: "7pm".into(),
            court: "".into(),
        };
        let fields: Vec<_> = parse_move(&bad, today)
            .unwrap_err()
            .iter()
            .map(|p| (p.field(), p.code()))
            .collect();
        assert_eq!(
            fields,
            vec![("date", "past"), ("time", "invalid"), ("court", "missing")]
        );
    }
}

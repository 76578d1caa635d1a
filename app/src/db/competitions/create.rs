//! Creating a league or a festival cup (its groups and knockout laid out at once).
use super::*;

/// A draft league: one (double) round-robin stage with the teams as entries, seeded in order.
pub async fn create_league(
    db: &DatabaseConnection,
    input: &LeagueInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, CreateError> {
    let txn = db.begin().await?;
    let teams = check_teams(&txn, &input.teams, input.division).await?;
    let competition = competition::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        name: Set(input.name.clone()),
        kind: Set(CompetitionKind::League),
        season: Set(season_of(input.starts_on)),
        division: Set(input.division),
        status: Set(CompetitionStatus::Draft),
        festival: Set(None),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let (name, format) = if input.double {
        ("双循环", StageFormat::DoubleRoundRobin)
    } else {
        ("单循环", StageFormat::RoundRobin)
    };
    let stage = insert_stage(&txn, competition.id, name, format, 1).await?;
    for (seed, team) in teams.iter().enumerate() {
        insert_entry(&txn, stage, None, team.id, seed as i32 + 1).await?;
    }
    audit_entry(
        &txn,
        actor,
        "competition",
        competition.id,
        "create",
        None,
        Some(format!(
            "{} league {} {}..{} teams {:?}",
            input.name,
            if input.double { "double" } else { "single" },
            input.starts_on,
            input.ends_on,
            input.teams
        )),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(competition.id)
}

/// The festival days' free slots on the chosen courts — each court's own hours on that
/// weekday, one game every [`GAME_MINUTES`], at most `games_per_court` a day and never more
/// than the court's games per evening; a slot is free when the same check a move gets finds
/// nothing (closures, blackouts, other competitions' games) — and when the entered teams
/// (`teams`, in seed order) play elsewhere on those days.
async fn free_slots(
    txn: &impl ConnectionTrait,
    dates: &[NaiveDate],
    courts: &[i32],
    games_per_court: u32,
    teams: &[i32],
) -> Result<(Vec<CupDay>, Vec<cup::Busy>), DbErr> {
    use crate::domain::schedule::change::{check_move, Proposal};
    let names = crate::db::changes::Names::load(txn).await?;
    let calendar = crate::db::changes::calendar(txn, &names, 0, None).await?;
    let mut days = Vec::new();
    for &date in dates {
        let mut slots = Vec::new();
        for (index, &court_id) in courts.iter().enumerate() {
            let Some(court) = calendar.courts.iter().find(|c| c.id == court_id) else {
                continue;
            };
            let booked = calendar
                .games
                .iter()
                .filter(|g| g.court == Some(court_id) && g.date == date)
                .count() as u32;
            let room = court
                .games_per_evening
                .saturating_sub(booked)
                .min(games_per_court);
            let mut times: Vec<NaiveTime> = Vec::new();
            for window in court.windows.iter().filter(|w| w.weekday == date.weekday()) {
                let mut time = window.starts;
                while time < window.ends && time >= window.starts {
                    times.push(time);
                    time += Duration::minutes(GAME_MINUTES);
                }
            }
            times.sort();
            times.dedup();
            let free = times.into_iter().filter(|&time| {
                let phantom = Proposal {
                    game_id: 0,
                    home: None,
                    away: None,
                    court: court_id,
                    date,
                    time,
                };
                check_move(&calendar, &phantom).is_empty()
            });
            slots.extend(free.take(room as usize).map(|time| cup::CupSlot {
                time,
                court: index as u32,
            }));
        }
        days.push(CupDay { date, slots });
    }
    let busy = calendar
        .games
        .iter()
        .filter(|g| dates.contains(&g.date))
        .flat_map(|g| {
            teams
                .iter()
                .enumerate()
                .filter(|(_, &team)| g.involves(team))
                .map(|(seed, _)| cup::Busy {
                    seed,
                    date: g.date,
                    time: g.time,
                })
        })
        .collect();
    Ok((days, busy))
}

/// How many of a draft cup's games break a rule of the calendar (the check a move gets, in
/// the cup's rhythm: up to `per_day` games a team a day, never two at once), with a line
/// for each.
async fn cup_violations(
    txn: &impl ConnectionTrait,
    competition_id: i32,
    per_day: u32,
) -> Result<Vec<String>, DbErr> {
    use crate::domain::schedule::change::{check_move, Proposal};
    let names = crate::db::changes::Names::load(txn).await?;
    let mut calendar = crate::db::changes::calendar(txn, &names, 0, Some(competition_id)).await?;
    calendar.min_rest_days = 0;
    calendar.games_per_team_per_day = per_day;
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .order_by_asc(game::Column::StartsAt)
        .all(txn)
        .await?;
    let mut problems = Vec::new();
    for game in &games {
        let (date, time) = crate::db::changes::local_date_time(game.starts_at);
        let proposal = Proposal {
            game_id: game.id,
            home: game.home_team_id,
            away: game.away_team_id,
            court: game.court_id.unwrap_or_default(),
            date,
            time,
        };
        let conflicts = check_move(&calendar, &proposal);
        if !conflicts.is_empty() {
            let codes: Vec<&str> = conflicts.iter().map(|c| c.code()).collect();
            problems.push(format!(
                "{} {} {}: {}",
                date.and_time(time).format("%Y-%m-%d %H:%M"),
                names.court(game.court_id),
                game.bracket_slot.clone().unwrap_or_default(),
                codes.join(", ")
            ));
        }
    }
    Ok(problems)
}

/// A draft cup: the domain sizes groups + knockout to the festival's days and the courts'
/// free slots, draws the seeds into the groups and lays every game out; the games are stored
/// as the draft's schedule, with a finished run whose report counts what the calendar check
/// finds wrong with them.
pub async fn create_cup(
    db: &DatabaseConnection,
    input: &CupInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, CreateError> {
    let dates = cup::festival_days(input.festival_date, input.days);
    let (days, busy) = free_slots(
        db,
        &dates,
        &input.courts,
        input.games_per_court,
        &input.teams,
    )
    .await?;
    let request = CupRequest {
        teams: input.teams.len(),
        size: if input.big {
            FestivalSize::Big
        } else {
            FestivalSize::Small
        },
        days,
        max_games_per_team_per_day: input.per_day,
        knockout_only: input.knockout_only,
        busy,
    };
    let plan = cup::propose(&request).map_err(|_| does_not_fit())?;
    let layout = cup::lay_out(&request, &plan).map_err(|_| does_not_fit())?;
    let txn = db.begin().await?;
    let teams = check_teams(&txn, &input.teams, input.division).await?;
    let courts = court::Entity::find()
        .filter(court::Column::Id.is_in(input.courts.clone()))
        .all(&txn)
        .await?;
    if courts.len() != input.courts.len() {
        return Err(CreateError::Invalid(vec![FieldProblem::new(
            fields::COURT,
            Problem::Invalid,
        )]));
    }
    let competition = competition::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        name: Set(input.name.clone()),
        kind: Set(CompetitionKind::Cup),
        season: Set(season_of(input.festival_date)),
        division: Set(input.division),
        status: Set(CompetitionStatus::Draft),
        festival: Set(Some(input.festival.code().to_owned())),
        starts_on: Set(dates[0]),
        ends_on: Set(*dates.last().expect("at least one day")),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // A straight knockout has no group stage.
    let groups_stage = if plan.groups() > 0 {
        Some(insert_stage(&txn, competition.id, "小组赛", StageFormat::Groups, 1).await?)
    } else {
        None
    };
    let knockout_stage =
        insert_stage(&txn, competition.id, "淘汰赛", StageFormat::Knockout, 2).await?;
    let seeded: Vec<(usize, &team::Model)> = teams.iter().enumerate().collect();
    let drawn = cup::draw(&seeded, &plan);
    if groups_stage.is_none() {
        // A straight knockout's entrants, in seed order.
        for (seed, team) in teams.iter().enumerate() {
            insert_entry(&txn, knockout_stage, None, team.id, seed as i32 + 1).await?;
        }
    }
    let mut pools = Vec::new();
    for (g, members) in drawn.iter().enumerate() {
        let Some(groups_stage) = groups_stage else {
            break;
        };
        let pool = pool::ActiveModel {
            stage_id: Set(groups_stage),
            name: Set(format!("{}组", cup::group_letter(g))),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (seed, team) in members {
            insert_entry(&txn, groups_stage, Some(pool.id), team.id, *seed as i32 + 1).await?;
        }
        pools.push(pool.id);
    }
    let side = |side: &CupSide| -> (Option<i32>, Option<String>) {
        match side {
            CupSide::Team { group, index } => (Some(drawn[*group][*index].1.id), None),
            CupSide::GroupPlace { group, place } => (
                None,
                Some(format!("{}组第{place}名", cup::group_letter(*group))),
            ),
            CupSide::Winner(slot) => (None, Some(format!("{slot}胜者"))),
            CupSide::Loser(slot) => (None, Some(format!("{slot}负者"))),
        }
    };
    for g in &layout {
        let (home_team, home_source) = side(&g.home);
        let (away_team, away_source) = side(&g.away);
        let stage = match (g.group, groups_stage) {
            (Some(_), Some(groups)) => groups,
            _ => knockout_stage,
        };
        let court = input.courts[g.court as usize];
        let at = g.date.and_time(g.time);
        game::ActiveModel {
            pool_id: Set(g.group.map(|p| pools[p])),
            bracket_slot: Set(g.slot.clone()),
            home_team_id: Set(home_team),
            away_team_id: Set(away_team),
            home_source: Set(home_source),
            away_source: Set(away_source),
            ..laid_out_game(competition.id, stage, g.round as i32, court, at, now)
        }
        .insert(&txn)
        .await?;
    }
    let problems = cup_violations(&txn, competition.id, input.per_day).await?;
    let hard_violations = problems.len() as i32;
    let report = StoredReport {
        problems,
        breaks_reference: None,
        seconds: 0.0,
    };
    schedule_run::ActiveModel {
        status: Set(RUN_DONE.into()),
        progress: Set(100),
        hard_violations: Set(Some(hard_violations)),
        report: Set(Some(serde_json::to_string(&report).unwrap_or_default())),
        finished_at: Set(Some(now)),
        ..new_run(competition.id, actor, now)
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "competition",
        competition.id,
        "create",
        None,
        Some(format!(
            "{} cup {} {} groups {:?}, {} in the knockout, {} games",
            input.name,
            input.festival.code(),
            input.festival_date,
            plan.group_sizes,
            plan.knockout_teams,
            plan.total_games()
        )),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(competition.id)
}

/// The cup's games do not fit in its days and courts.
fn does_not_fit() -> CreateError {
    CreateError::Invalid(vec![FieldProblem::new(fields::DAYS, Problem::Fit)])
}

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
    let stage = stage::ActiveModel {
        competition_id: Set(competition.id),
        name: Set(if input.double {
            "双循环"
        } else {
            "单循环"
        }
        .into()),
        format: Set(if input.double {
            StageFormat::DoubleRoundRobin
        } else {
            StageFormat::RoundRobin
        }),
        sort_order: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (seed, team) in teams.iter().enumerate() {
        stage_entry::ActiveModel {
            stage_id: Set(stage.id),
            pool_id: Set(None),
            team_id: Set(team.id),
            seed: Set(seed as i32 + 1),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
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

/// A draft cup: the domain sizes groups + knockout to the festival's days and courts, draws
/// the seeds into the groups and lays every game out; the games are stored as the draft's
/// schedule, with a finished run and its report for the review page.
pub async fn create_cup(
    db: &DatabaseConnection,
    input: &CupInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, CreateError> {
    let dates = cup::festival_days(input.festival_date, input.days);
    let request = CupRequest {
        teams: input.teams.len(),
        size: if input.big {
            FestivalSize::Big
        } else {
            FestivalSize::Small
        },
        days: dates
            .iter()
            .map(|&date| CupDay {
                date,
                courts: input.courts.len() as u32,
                games_per_court: input.games_per_court,
            })
            .collect(),
        max_games_per_team_per_day: input.per_day,
        knockout_only: input.knockout_only,
    };
    let plan =
        cup::propose(&request).map_err(|_| CreateError::Invalid(vec![("days".into(), "fit")]))?;
    let layout = cup::lay_out(&request, &plan)
        .map_err(|_| CreateError::Invalid(vec![("days".into(), "fit")]))?;
    let txn = db.begin().await?;
    let teams = check_teams(&txn, &input.teams, input.division).await?;
    let courts = court::Entity::find()
        .filter(court::Column::Id.is_in(input.courts.clone()))
        .all(&txn)
        .await?;
    if courts.len() != input.courts.len() {
        return Err(CreateError::Invalid(vec![("court".into(), "invalid")]));
    }
    let competition = competition::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        name: Set(input.name.clone()),
        kind: Set(CompetitionKind::Cup),
        season: Set(season_of(input.festival_date)),
        division: Set(input.division),
        status: Set(CompetitionStatus::Draft),
        festival: Set(Some(input.festival.clone())),
        starts_on: Set(dates[0]),
        ends_on: Set(*dates.last().expect("at least one day")),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // A straight knockout has no group stage.
    let groups_stage = if plan.groups() > 0 {
        Some(
            stage::ActiveModel {
                competition_id: Set(competition.id),
                name: Set("小组赛".into()),
                format: Set(StageFormat::Groups),
                sort_order: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id,
        )
    } else {
        None
    };
    let knockout_stage = stage::ActiveModel {
        competition_id: Set(competition.id),
        name: Set("淘汰赛".into()),
        format: Set(StageFormat::Knockout),
        sort_order: Set(2),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let seeded: Vec<(usize, &team::Model)> = teams.iter().enumerate().collect();
    let drawn = cup::draw(&seeded, &plan);
    if groups_stage.is_none() {
        // A straight knockout's entrants, in seed order.
        for (seed, team) in teams.iter().enumerate() {
            stage_entry::ActiveModel {
                stage_id: Set(knockout_stage.id),
                pool_id: Set(None),
                team_id: Set(team.id),
                seed: Set(seed as i32 + 1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
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
            stage_entry::ActiveModel {
                stage_id: Set(groups_stage),
                pool_id: Set(Some(pool.id)),
                team_id: Set(team.id),
                seed: Set(*seed as i32 + 1),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
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
        let at = input.first_game + Duration::minutes(GAME_MINUTES * g.step as i64);
        game::ActiveModel {
            competition_id: Set(competition.id),
            stage_id: Set(match (g.group, groups_stage) {
                (Some(_), Some(groups)) => groups,
                _ => knockout_stage.id,
            }),
            pool_id: Set(g.group.map(|p| pools[p])),
            round: Set(g.round as i32),
            bracket_slot: Set(g.slot.clone()),
            home_team_id: Set(home_team),
            away_team_id: Set(away_team),
            home_source: Set(home_source),
            away_source: Set(away_source),
            court_id: Set(Some(input.courts[g.court as usize])),
            starts_at: Set(from_local(g.date.and_time(at))),
            status: Set(GameStatus::Scheduled),
            home_score: Set(None),
            away_score: Set(None),
            period_scores: Set(None),
            box_score: Set(None),
            outcome: Set(None),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let report = StoredReport {
        problems: Vec::new(),
        breaks_reference: None,
        seconds: 0.0,
    };
    schedule_run::ActiveModel {
        competition_id: Set(competition.id),
        status: Set(RUN_DONE.into()),
        progress: Set(100),
        cancel_requested: Set(false),
        hard_violations: Set(Some(0)),
        report: Set(Some(serde_json::to_string(&report).unwrap_or_default())),
        message: Set(None),
        actor: Set(actor.to_owned()),
        started_at: Set(now),
        finished_at: Set(Some(now)),
        ..Default::default()
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
            input.festival,
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

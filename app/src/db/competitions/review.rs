//! Reviewing a draft and publishing it.
use super::*;

/// The review page's data (drafts and published alike); `None` when there is no such
/// competition.
pub async fn review(
    db: &DatabaseConnection,
    competition_id: i32,
    lang: crate::i18n::Lang,
) -> Result<Option<CompetitionReview>, DbErr> {
    let Some(competition) = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let stages = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(competition_id))
        .order_by_asc(stage::Column::SortOrder)
        .all(db)
        .await?;
    let stage_ids: Vec<i32> = stages.iter().map(|s| s.id).collect();
    let pools = pool::Entity::find()
        .filter(pool::Column::StageId.is_in(stage_ids.clone()))
        .order_by_asc(pool::Column::Id)
        .all(db)
        .await?;
    let entries = stage_entry::Entity::find()
        .filter(stage_entry::Column::StageId.is_in(stage_ids))
        .order_by_asc(stage_entry::Column::Seed)
        .all(db)
        .await?;
    let teams: HashMap<i32, team::Model> = team::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let courts: HashMap<i32, String> = court::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::CourtId)
        .all(db)
        .await?;
    let run = latest_run(db, competition_id).await?;

    let team_name = |id: i32| teams.get(&id).map(|t| t.name.clone()).unwrap_or_default();
    let pool_name: HashMap<i32, String> = pools.iter().map(|p| (p.id, p.name.clone())).collect();
    let mut structure = Vec::new();
    for stage in &stages {
        let in_stage: Vec<&stage_entry::Model> =
            entries.iter().filter(|e| e.stage_id == stage.id).collect();
        let stage_pools: Vec<&pool::Model> =
            pools.iter().filter(|p| p.stage_id == stage.id).collect();
        if stage_pools.is_empty() {
            let names: Vec<String> = in_stage.iter().map(|e| team_name(e.team_id)).collect();
            let knockout: Vec<String> = games
                .iter()
                .filter(|g| g.stage_id == stage.id)
                .filter_map(|g| g.bracket_slot.as_deref())
                .map(|code| crate::i18n::stage_text(lang, code))
                .collect();
            if names.is_empty() {
                structure.push(format!("{}: {}", stage.name, knockout.join(" · ")));
            } else {
                structure.push(format!("{}: {}", stage.name, names.join("、")));
            }
        }
        for pool in stage_pools {
            let names: Vec<String> = in_stage
                .iter()
                .filter(|e| e.pool_id == Some(pool.id))
                .map(|e| team_name(e.team_id))
                .collect();
            structure.push(format!(
                "{} {}: {}",
                stage.name,
                pool.name,
                names.join("、")
            ));
        }
    }
    let review_game = |g: &game::Model| {
        let at = local(g.starts_at);
        ReviewGame {
            id: g.id,
            date: day_text(at.date()),
            time: at.format("%H:%M").to_string(),
            court: g
                .court_id
                .and_then(|c| courts.get(&c).cloned())
                .unwrap_or_default(),
            home: g
                .home_team_id
                .map(team_name)
                .or_else(|| g.home_source.clone())
                .unwrap_or_default(),
            away: g
                .away_team_id
                .map(team_name)
                .or_else(|| g.away_source.clone())
                .unwrap_or_default(),
            label: g
                .bracket_slot
                .clone()
                .or_else(|| g.pool_id.and_then(|p| pool_name.get(&p).cloned()))
                .unwrap_or_else(|| format!("R{}", g.round)),
        }
    };
    // Teams in entry order (first stage), each once.
    let mut team_ids: Vec<i32> = Vec::new();
    for e in &entries {
        if !team_ids.contains(&e.team_id) {
            team_ids.push(e.team_id);
        }
    }
    let index: HashMap<i32, usize> = team_ids.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let placed: Vec<PlacedGame> = games
        .iter()
        .filter_map(|g| {
            Some(PlacedGame {
                home: *index.get(&g.home_team_id?)?,
                away: *index.get(&g.away_team_id?)?,
                date: local(g.starts_at).date(),
            })
        })
        .collect();
    let counted = figures(team_ids.len(), &placed);
    let group_of = |team: i32| {
        entries
            .iter()
            .find(|e| e.team_id == team && e.pool_id.is_some())
            .and_then(|e| e.pool_id)
            .and_then(|p| pool_name.get(&p).cloned())
            .unwrap_or_default()
    };
    let balance = team_ids
        .iter()
        .zip(&counted.teams)
        .map(|(&id, f)| TeamBalance {
            team: team_name(id),
            group: group_of(id),
            home: f.home,
            away: f.away,
            breaks: f.breaks,
            min_rest_days: f.min_rest_days,
        })
        .collect();
    let mut per_court: BTreeMap<i32, Vec<ReviewGame>> = BTreeMap::new();
    for g in &games {
        per_court
            .entry(g.court_id.unwrap_or(0))
            .or_default()
            .push(review_game(g));
    }
    let games_per_court = per_court
        .iter()
        .map(|(c, list)| {
            (
                courts.get(c).cloned().unwrap_or_default(),
                list.len() as u32,
            )
        })
        .collect();
    let by_court = per_court
        .into_iter()
        .map(|(c, games)| ReviewCalendar {
            name: courts.get(&c).cloned().unwrap_or_default(),
            games,
        })
        .collect();
    let by_team = team_ids
        .iter()
        .map(|&id| ReviewCalendar {
            name: team_name(id),
            games: games
                .iter()
                .filter(|g| g.home_team_id == Some(id) || g.away_team_id == Some(id))
                .map(review_game)
                .collect(),
        })
        .collect();
    let run_view = run.as_ref().map(|run| {
        let stored: Option<StoredReport> = run
            .report
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok());
        RunView {
            id: run.id,
            status: run.status.clone(),
            progress: run.progress,
            hard_violations: run.hard_violations,
            problems: stored
                .as_ref()
                .map(|s| s.problems.iter().take(20).cloned().collect())
                .unwrap_or_default(),
            message: run.message.clone(),
            started_at: local(run.started_at)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            seconds: stored.as_ref().map(|s| s.seconds),
        }
    });
    let breaks_reference = run
        .as_ref()
        .and_then(|r| r.report.as_deref())
        .and_then(|r| serde_json::from_str::<StoredReport>(r).ok())
        .and_then(|s| s.breaks_reference);
    let can_publish = competition.status == CompetitionStatus::Draft
        && !games.is_empty()
        && run
            .as_ref()
            .is_some_and(|r| r.status == RUN_DONE && r.hard_violations == Some(0));
    Ok(Some(CompetitionReview {
        id: competition.id,
        name: competition.name,
        kind: competition.kind,
        status: competition.status,
        festival: competition.festival,
        starts_on: day_text(competition.starts_on),
        ends_on: day_text(competition.ends_on),
        teams: team_ids.len() as u32,
        structure,
        run: run_view,
        games: games.len() as u32,
        breaks: counted.breaks,
        breaks_reference,
        min_rest_days: counted.min_rest_days,
        avg_rest_days: counted.avg_rest_days,
        balance,
        games_per_court,
        by_court,
        by_team,
        can_publish,
        entrants: {
            let mut seen = std::collections::BTreeSet::new();
            entries
                .iter()
                .filter(|e| seen.insert(e.team_id))
                .map(|e| Choice {
                    id: e.team_id,
                    name: team_name(e.team_id),
                })
                .collect()
        },
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("no such competition")]
    NotFound,
    #[error("already published")]
    NotDraft,
    #[error("no schedule, or one with hard violations")]
    NotReady,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Publishes a draft whose latest run finished with no hard violations; audit-logged.
pub async fn publish(
    db: &DatabaseConnection,
    competition_id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), PublishError> {
    let txn = db.begin().await?;
    let competition = match draft(&txn, competition_id).await {
        Ok(c) => c,
        Err(RunError::NotDraft) => return Err(PublishError::NotDraft),
        Err(RunError::Db(e)) => return Err(PublishError::Db(e)),
        Err(_) => return Err(PublishError::NotFound),
    };
    let games = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(competition_id))
        .count(&txn)
        .await?;
    let run = latest_run(&txn, competition_id).await?;
    let ready =
        games > 0 && run.is_some_and(|r| r.status == RUN_DONE && r.hard_violations == Some(0));
    if !ready {
        return Err(PublishError::NotReady);
    }
    let mut active: competition::ActiveModel = competition.into();
    active.status = Set(CompetitionStatus::Published);
    active.update(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "competition",
        competition_id,
        "publish",
        Some("draft".into()),
        Some(format!("published, {games} games")),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

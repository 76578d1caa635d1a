//! A league's schedule runs: the engine's problem, progress, cancellation and outcome.
use super::*;
use crate::db::changes::weekday_of;

pub const RUN_RUNNING: &str = "running";
pub const RUN_DONE: &str = "done";
pub const RUN_CANCELLED: &str = "cancelled";
pub const RUN_FAILED: &str = "failed";

/// A run of `competition_id` that `actor` starts at `now`: running, with no progress,
/// violations, report or message yet; the caller sets what differs.
pub(super) fn new_run(
    competition_id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> schedule_run::ActiveModel {
    schedule_run::ActiveModel {
        competition_id: Set(competition_id),
        status: Set(RUN_RUNNING.into()),
        progress: Set(0),
        cancel_requested: Set(false),
        hard_violations: Set(None),
        report: Set(None),
        message: Set(None),
        actor: Set(actor.to_owned()),
        started_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
}

/// What a finished run keeps besides its hard violations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredReport {
    pub problems: Vec<String>,
    pub breaks_reference: Option<u32>,
    pub seconds: f64,
}

/// A league's scheduling problem, read from the set-up: its teams (home courts), every court
/// with weekly opening windows (games per evening) and blackouts (association-wide and per
/// court), and the season's dates.
#[derive(Debug, Clone)]
pub struct LeagueProblem {
    pub competition_id: i32,
    pub stage_id: i32,
    pub input: VillageInput,
    pub team_ids: Vec<i32>,
    pub court_ids: Vec<i32>,
    /// Per court: the first game's local time on each weekday it opens.
    pub first_game: Vec<HashMap<Weekday, NaiveTime>>,
}

/// The league's problem with the organiser's rules; `None` when it is not a draft league.
pub async fn league_problem(
    db: &impl ConnectionTrait,
    competition_id: i32,
    rules: VillageRules,
) -> Result<Option<LeagueProblem>, DbErr> {
    let Some(competition) = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if competition.kind != CompetitionKind::League || competition.status != CompetitionStatus::Draft
    {
        return Ok(None);
    }
    let Some(stage) = stage::Entity::find()
        .filter(stage::Column::CompetitionId.eq(competition_id))
        .order_by_asc(stage::Column::SortOrder)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let entries = stage_entry::Entity::find()
        .filter(stage_entry::Column::StageId.eq(stage.id))
        .order_by_asc(stage_entry::Column::Seed)
        .all(db)
        .await?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let teams: HashMap<i32, team::Model> = team::Entity::find()
        .filter(team::Column::Id.is_in(team_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let windows = court_availability::Entity::find().all(db).await?;
    let courts: Vec<court::Model> = court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| windows.iter().any(|w| w.court_id == c.id))
        .collect();
    let blackouts = blackout::Entity::find().all(db).await?;
    // Evenings other competitions already play on a court are not the league's to fill.
    let published: Vec<i32> = competition::Entity::find()
        .filter(competition::Column::Status.ne(CompetitionStatus::Draft))
        .filter(competition::Column::Id.ne(competition_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let taken: Vec<(Option<i32>, NaiveDate)> = game::Entity::find()
        .filter(game::Column::CompetitionId.is_in(published))
        .filter(game::Column::Status.is_not_in([GameStatus::Postponed, GameStatus::Cancelled]))
        .all(db)
        .await?
        .into_iter()
        .map(|g| {
            let local = g.starts_at.with_timezone(&chrono_tz::Asia::Shanghai);
            (g.court_id, local.date_naive())
        })
        .collect();
    let team_blackouts = team_blackout::Entity::find()
        .filter(team_blackout::Column::TeamId.is_in(team_ids.clone()))
        .all(db)
        .await?;
    let mut village_courts = Vec::new();
    let mut first_game = Vec::new();
    for court in &courts {
        let mut weekly: BTreeMap<u32, (Weekday, u32, NaiveTime)> = BTreeMap::new();
        for w in windows.iter().filter(|w| w.court_id == court.id) {
            let Some(weekday) = weekday_of(w.weekday) else {
                continue;
            };
            let minutes = (w.ends_at - w.starts_at).num_minutes().max(0);
            let fit =
                ((minutes / GAME_MINUTES).max(1) as u32).min(court.games_per_evening.max(1) as u32);
            let entry =
                weekly
                    .entry(weekday.num_days_from_monday())
                    .or_insert((weekday, 0, w.starts_at));
            entry.1 = (entry.1 + fit).min(court.games_per_evening.max(1) as u32);
            entry.2 = entry.2.min(w.starts_at);
        }
        village_courts.push(Court {
            name: court.name.clone(),
            weekly: weekly
                .values()
                .map(|(weekday, games, _)| WeeklyWindow {
                    weekday: *weekday,
                    games: *games,
                })
                .collect(),
            blackout_dates: blackouts
                .iter()
                .filter(|b| b.court_id.is_none() || b.court_id == Some(court.id))
                .map(|b| b.on_date)
                .chain(
                    taken
                        .iter()
                        .filter(|(c, _)| *c == Some(court.id))
                        .map(|(_, date)| *date),
                )
                .collect(),
        });
        first_game.push(weekly.values().map(|(d, _, t)| (*d, *t)).collect());
    }
    let court_ids: Vec<i32> = courts.iter().map(|c| c.id).collect();
    let village_teams = team_ids
        .iter()
        .map(|id| {
            let team = teams.get(id);
            VillageTeam {
                name: team.map(|t| t.name.clone()).unwrap_or_default(),
                home_court: team
                    .and_then(|t| t.home_court_id)
                    .and_then(|c| court_ids.iter().position(|&id| id == c)),
                blackout_dates: team_blackouts
                    .iter()
                    .filter(|b| b.team_id == *id)
                    .map(|b| b.on_date)
                    .collect(),
            }
        })
        .collect();
    let double = stage.format == StageFormat::DoubleRoundRobin;
    Ok(Some(LeagueProblem {
        competition_id,
        stage_id: stage.id,
        input: VillageInput {
            teams: village_teams,
            courts: village_courts,
            first_date: competition.starts_on,
            last_date: competition.ends_on,
            round_robins: if double { 2 } else { 1 },
            format: VillageFormat::TimeRelaxed,
            rules,
        },
        team_ids,
        court_ids,
        first_game,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("no such draft")]
    NotFound,
    #[error("not a draft any more")]
    NotDraft,
    #[error("a run is going on")]
    Running,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A competition whose schedule may be (re)made: a draft, with no run going on.
pub(super) async fn draft(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<competition::Model, RunError> {
    let competition = competition::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(RunError::NotFound)?;
    if competition.status != CompetitionStatus::Draft {
        return Err(RunError::NotDraft);
    }
    Ok(competition)
}

pub(super) async fn latest_run(
    db: &impl ConnectionTrait,
    competition_id: i32,
) -> Result<Option<schedule_run::Model>, DbErr> {
    schedule_run::Entity::find()
        .filter(schedule_run::Column::CompetitionId.eq(competition_id))
        .order_by_desc(schedule_run::Column::Id)
        .one(db)
        .await
}

/// A new run for a draft league, audit-logged; refused while another is going on.
pub async fn start_run(
    db: &DatabaseConnection,
    competition_id: i32,
    settings: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32, RunError> {
    let txn = db.begin().await?;
    let competition = draft(&txn, competition_id).await?;
    if competition.kind != CompetitionKind::League {
        return Err(RunError::NotFound);
    }
    if let Some(run) = latest_run(&txn, competition_id).await? {
        if run.status == RUN_RUNNING {
            // A run that outlived any search budget died with its process: let it go.
            if now - run.started_at < Duration::minutes(10) {
                return Err(RunError::Running);
            }
            let mut stale: schedule_run::ActiveModel = run.into();
            stale.status = Set(RUN_FAILED.into());
            stale.finished_at = Set(Some(now));
            stale.update(&txn).await?;
        }
    }
    let run = new_run(competition_id, actor, now).insert(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "competition",
        competition_id,
        "generate",
        None,
        Some(format!("run {} {settings}", run.id)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(run.id)
}

/// Records a running run's progress; answers whether the organiser asked to cancel it.
pub async fn report_progress(
    db: &DatabaseConnection,
    run_id: i32,
    progress: i32,
) -> Result<bool, DbErr> {
    let Some(run) = schedule_run::Entity::find_by_id(run_id).one(db).await? else {
        return Ok(true);
    };
    if run.progress != progress && run.status == RUN_RUNNING {
        let mut active: schedule_run::ActiveModel = run.clone().into();
        active.progress = Set(progress.clamp(0, 99));
        active.update(db).await?;
    }
    Ok(run.cancel_requested)
}

/// Asks the competition's running run to stop; `false` when none is running.
pub async fn request_cancel(
    db: &DatabaseConnection,
    competition_id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(run) = latest_run(db, competition_id).await? else {
        return Ok(false);
    };
    if run.status != RUN_RUNNING {
        return Ok(false);
    }
    let id = run.id;
    let mut active: schedule_run::ActiveModel = run.into();
    active.cancel_requested = Set(true);
    active.update(db).await?;
    audit_entry(
        db,
        actor,
        "competition",
        competition_id,
        "generate_cancel",
        None,
        Some(format!("run {id}")),
        now,
    )
    .await?;
    Ok(true)
}

/// Ends a run without a schedule (cancelled or failed).
pub async fn end_run(
    db: &DatabaseConnection,
    run_id: i32,
    status: &str,
    message: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if let Some(run) = schedule_run::Entity::find_by_id(run_id).one(db).await? {
        let mut active: schedule_run::ActiveModel = run.into();
        active.status = Set(status.to_owned());
        active.message = Set(message);
        active.finished_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(())
}

/// Stores a finished run's schedule as the draft's games (replacing earlier ones) with local
/// start times from the courts' windows, and its quality report. A run the organiser
/// cancelled meanwhile stores nothing.
pub async fn finish_league_run(
    db: &DatabaseConnection,
    run_id: i32,
    problem: &LeagueProblem,
    schedule: &VillageSchedule,
    seconds: f64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let Some(run) = schedule_run::Entity::find_by_id(run_id).one(&txn).await? else {
        return Ok(());
    };
    let still_draft = competition::Entity::find_by_id(problem.competition_id)
        .one(&txn)
        .await?
        .is_some_and(|c| c.status == CompetitionStatus::Draft);
    if run.cancel_requested || run.status != RUN_RUNNING || !still_draft {
        let mut active: schedule_run::ActiveModel = run.into();
        active.status = Set(RUN_CANCELLED.into());
        active.finished_at = Set(Some(now));
        active.update(&txn).await?;
        txn.commit().await?;
        return Ok(());
    }
    game::Entity::delete_many()
        .filter(game::Column::CompetitionId.eq(problem.competition_id))
        .exec(&txn)
        .await?;
    let mut evening_count: HashMap<(usize, NaiveDate), i64> = HashMap::new();
    for g in &schedule.games {
        let k = evening_count.entry((g.court, g.date)).or_default();
        let start = problem.first_game[g.court]
            .get(&g.date.weekday())
            .copied()
            .unwrap_or(NaiveTime::from_hms_opt(19, 0, 0).expect("valid"))
            + Duration::minutes(GAME_MINUTES * *k);
        *k += 1;
        let (stage, round) = (problem.stage_id, g.round as i32 + 1);
        let at = g.date.and_time(start);
        game::ActiveModel {
            home_team_id: Set(Some(problem.team_ids[g.home])),
            away_team_id: Set(Some(problem.team_ids[g.away])),
            ..laid_out_game(
                problem.competition_id,
                stage,
                round,
                problem.court_ids[g.court],
                at,
                now,
            )
        }
        .insert(&txn)
        .await?;
    }
    let report: &QualityReport = &schedule.report;
    let stored = StoredReport {
        problems: report.problems.clone(),
        breaks_reference: Some(report.breaks_reference),
        seconds,
    };
    let mut active: schedule_run::ActiveModel = run.into();
    active.status = Set(RUN_DONE.into());
    active.progress = Set(100);
    active.hard_violations = Set(Some(report.hard_violations as i32));
    active.report = Set(Some(serde_json::to_string(&stored).unwrap_or_default()));
    active.finished_at = Set(Some(now));
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

//! `cunba schedule demo`: the figure the organisers' workspace promises — how long Cunba
//! takes to schedule the demo league (12 men's teams, double round robin, the demo's courts
//! with their weekly windows, games per evening and the National Day blackout) and how good
//! the result is. Runs in a scratch SQLite database, through the same code as the web's
//! generate button.
use std::time::Instant;

use anyhow::Context;
use app::db::competitions::{self as store, LeagueInput};
use app::db::entities::team;
use app::domain::schedule::figures::{figures, PlacedGame};
use app::domain::schedule::village::{schedule_village_watched, VillageRules};
use app::domain::schedule::SearchLimits;
use app::model::Division;
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::{database, demo};

pub async fn run(seconds: f64, seed: u64, weeks: u32, min_rest_days: u32) -> anyhow::Result<()> {
    let path =
        std::env::temp_dir().join(format!("cunba-schedule-demo-{}.sqlite", std::process::id()));
    let url = format!("sqlite://{}", path.display());
    let outcome = run_in(&url, seconds, seed, weeks, min_rest_days).await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    outcome
}

async fn run_in(
    url: &str,
    seconds: f64,
    seed: u64,
    weeks: u32,
    min_rest_days: u32,
) -> anyhow::Result<()> {
    let db = database::connect(url).await?;
    database::migrate(&db).await?;
    demo::seed(&db, Utc::now()).await.context("demo data")?;
    let teams: Vec<i32> = team::Entity::find()
        .filter(team::Column::Division.eq(Division::Men))
        .order_by_asc(team::Column::Id)
        .all(&db)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let year = Utc::now().year() + 1;
    let mut starts_on = NaiveDate::from_ymd_opt(year, 3, 1).context("a date")?;
    while starts_on.weekday() != Weekday::Mon {
        starts_on += Duration::days(1);
    }
    let ends_on = starts_on + Duration::days(weeks as i64 * 7 - 1);
    let input = LeagueInput {
        name: "基准 benchmark".into(),
        division: Division::Men,
        double: true,
        starts_on,
        ends_on,
        teams: teams.clone(),
    };
    let id = store::create_league(&db, &input, "benchmark", Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let rules = VillageRules {
        min_rest_days,
        ..VillageRules::default()
    };
    let problem = store::league_problem(&db, id, rules)
        .await?
        .context("the draft league")?;
    let courts = problem.input.courts.len();
    let evenings: u32 = problem
        .input
        .courts
        .iter()
        .map(|c| c.weekly.iter().map(|w| w.games).sum::<u32>())
        .sum();
    let limits = SearchLimits::seconds(seconds, seed);
    let started = Instant::now();
    let schedule = tokio::task::spawn_blocking(move || {
        schedule_village_watched(&problem.input, &limits, |_| true)
    })
    .await??;
    let elapsed = started.elapsed().as_secs_f64();
    let r = &schedule.report;
    let home: Vec<String> = r.home_games.iter().map(u32::to_string).collect();
    let per_court: Vec<String> = r.games_per_court.iter().map(u32::to_string).collect();
    let dates: std::collections::BTreeSet<_> = schedule.games.iter().map(|g| g.date).collect();
    println!(
        "demo league: {} teams, double round robin, {} games, {starts_on}..{ends_on} ({weeks} weeks), {courts} courts, {evenings} game slots a week, min rest {min_rest_days} days",
        teams.len(),
        schedule.games.len()
    );
    println!("time: {elapsed:.2} s (budget {seconds} s, seed {seed})");
    println!("hard violations: {}", r.hard_violations);
    println!(
        "breaks: {} (compact-timetable reference 3n-6 = {})",
        r.breaks, r.breaks_reference
    );
    let placed: Vec<PlacedGame> = schedule
        .games
        .iter()
        .map(|g| PlacedGame {
            home: g.home,
            away: g.away,
            date: g.date,
        })
        .collect();
    let counted = figures(teams.len(), &placed);
    println!(
        "rest days: min {}, average {}",
        r.min_rest_days.map_or("-".into(), |d| d.to_string()),
        counted
            .avg_rest_days
            .map_or("-".into(), |d| format!("{d:.1}"))
    );
    println!("home games per team: {}", home.join(" "));
    println!(
        "largest home-game spread after any date: {}",
        r.max_home_imbalance
    );
    println!("games per court: {}", per_court.join(" "));
    println!(
        "playing dates: {} (first {}, last {})",
        dates.len(),
        dates.first().map_or("-".into(), |d| d.to_string()),
        dates.last().map_or("-".into(), |d| d.to_string())
    );
    for problem in r.problems.iter().take(10) {
        println!("problem: {problem}");
    }
    Ok(())
}

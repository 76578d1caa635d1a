//! Draws the demo league's share cards with the font the server would use, prints how long
//! each took and how large its PNG is, and writes them to a folder:
//!
//! ```sh
//! cargo run --release -p server --example cards -- [FOLDER]   # default target/cards
//! ```
use std::time::{Duration, Instant};

use anyhow::Context;
use app::db::entities::{competition, game};
use app::model::{CompetitionKind, GameStatus};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::config::Settings;
use server::feeds::cards::{self, CardFont};

/// Each card is drawn this many times; the median is shown.
const RUNS: usize = 9;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter("info,sqlx=warn,sea_orm=warn")
        .with_writer(std::io::stderr)
        .init();
    let folder = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/cards".into());
    std::fs::create_dir_all(&folder).with_context(|| format!("cannot create {folder}"))?;
    let font = CardFont::discover().context("no Chinese font: install fonts-wqy-microhei")?;

    let data = tempfile::tempdir()?;
    let settings = Settings {
        database_url: format!("sqlite://{}", data.path().join("cunba.db").display()),
        addr: "127.0.0.1:0".parse()?,
        site_root: "target/site".into(),
        demo: true,
        auto_confirm_hours: 24,
        report_limit: server::config::DEFAULT_REPORT_LIMIT,
        warm: false,
    };
    let state = server::startup::prepare_state(&settings).await?;
    let db = &state.db;
    let now = Utc::now();

    let competitions = competition::Entity::find()
        .order_by_asc(competition::Column::Id)
        .all(db)
        .await?;
    let league = competitions
        .iter()
        .find(|c| c.kind == CompetitionKind::League)
        .context("the demo league")?;
    let cup = competitions
        .iter()
        .find(|c| c.kind == CompetitionKind::Cup)
        .context("the demo cup")?;
    let played = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .filter(game::Column::Status.eq(GameStatus::Played))
        .filter(game::Column::PeriodScores.is_not_null())
        .order_by_desc(game::Column::StartsAt)
        .one(db)
        .await?
        .context("a played league game")?;
    let forfeit = game::Entity::find()
        .filter(game::Column::Status.eq(GameStatus::Forfeit))
        .one(db)
        .await?;
    let next = game::Entity::find()
        .filter(game::Column::CompetitionId.eq(league.id))
        .filter(game::Column::Status.eq(GameStatus::Scheduled))
        .filter(game::Column::StartsAt.gt(now))
        .order_by_asc(game::Column::StartsAt)
        .one(db)
        .await?;
    let cup_final = game::Entity::find()
        .filter(game::Column::BracketSlot.eq("F"))
        .one(db)
        .await?;

    // Each entry: name, SVG, and how long loading the data and writing the SVG took (what
    // every request does before the cache decides).
    let mut cards: Vec<(String, String, Duration)> = Vec::new();
    let mut games = vec![(String::new(), Some(played))];
    for (name, game) in [
        ("-forfeit", forfeit),
        ("-next", next),
        ("-final", cup_final),
    ] {
        games.push((name.to_owned(), game));
    }
    for (suffix, game) in games {
        let Some(game) = game else { continue };
        let started = Instant::now();
        if let Some(svg) = cards::game_svg(db, &state.names, game.id, now).await? {
            cards.push((format!("game-{}{suffix}", game.id), svg, started.elapsed()));
        }
    }
    for competition in [league, cup] {
        let started = Instant::now();
        if let Some(svg) = cards::standings_svg(db, &state.names, competition.id, now).await? {
            cards.push((
                format!("standings-{}", competition.id),
                svg,
                started.elapsed(),
            ));
        }
    }
    let started = Instant::now();
    let svg = cards::today_svg(db, &state.names, now).await?;
    cards.push(("today".into(), svg, started.elapsed()));

    println!("font: {} ({})", font.family, font.path.display());
    println!(
        "{:<26} {:>11} {:>9} {:>10} {:>9}",
        "card", "data+SVG", "SVG", "draw+PNG", "PNG"
    );
    for (name, svg, svg_time) in &cards {
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut png = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            png = font.render_png(svg)?;
            times.push(started.elapsed());
        }
        times.sort();
        let median = times[RUNS / 2];
        std::fs::write(format!("{folder}/{name}.png"), &png)?;
        println!(
            "{:<26} {:>9.1}ms {:>7.1}KB {:>8.1}ms {:>7.1}KB",
            name,
            svg_time.as_secs_f64() * 1000.0,
            svg.len() as f64 / 1024.0,
            median.as_secs_f64() * 1000.0,
            png.len() as f64 / 1024.0,
        );
    }
    println!("written to {folder}/ (median of {RUNS} draws per card, one thread)");
    Ok(())
}

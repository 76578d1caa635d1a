//! The command line: `cunba [serve]`, `migrate`, `seed-demo`, `standings`.
pub mod schedule_demo;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Settings, DEFAULT_ADDR, DEFAULT_DATABASE_URL, DEFAULT_REPORT_LIMIT};
use crate::{database, demo, startup::Application};

#[derive(Parser, Debug)]
#[command(
    name = "cunba",
    version,
    about = "村BA — basketball league and camp manager for a village community"
)]
pub struct Cli {
    /// sqlite://PATH (embedded, the default) or postgres://USER@HOST/DB
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site (the default when no command is given)
    Serve(ServeArgs),
    /// Bring the database schema up to date and exit
    Migrate,
    /// Load the demo league (巷头社区) into an empty database
    SeedDemo,
    /// Print standings (FIBA Annex D) for a JSON file of results, or a stored competition
    Standings(StandingsArgs),
    /// Write a consistent copy of the SQLite database to FILE, safe while the server runs
    Backup { file: PathBuf },
    /// Replace the SQLite database with a backup (stop the server first)
    Restore { file: PathBuf },
    /// Solve or check RobinX (ITC2021) sports-timetabling instances
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Accounts: create the first administrator, sign a user out everywhere
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The summer camp: remove a past camp's personal data
    #[command(subcommand)]
    Camp(crate::demo::camp::CampCommand),
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an administrator (or organiser); the password is read from standard input
    Create {
        #[arg(long)]
        username: String,
        /// The name others see
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// Make an organiser rather than an administrator
        #[arg(long)]
        organiser: bool,
    },
    /// End every session of a user (a lost phone): by user name, or a captain's or
    /// referee's mobile number
    RevokeSessions {
        #[arg(long, alias = "username")]
        login: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ScheduleCommand {
    /// Solve an instance within a time budget and write a RobinX solution file
    Robinx {
        instance: PathBuf,
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Score a solution exactly as ITC2021 does: prints `infeasibility=H objective=O`
    Validate {
        instance: PathBuf,
        solution: PathBuf,
    },
    /// Benchmark: schedule the demo league (12 men's teams, double round robin, the demo
    /// courts) in a scratch database and print the time taken and the quality figures
    Demo {
        /// The search budget
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Weeks in the season (from the first Monday of March next year)
        #[arg(long, default_value_t = 16)]
        weeks: u32,
        #[arg(long, default_value_t = 2)]
        min_rest_days: u32,
    },
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, env = "CUNBA_ADDR", default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// Do not load the demo league into a new database
    #[arg(long)]
    pub no_demo: bool,
    /// Load the demo league into a new database even on a public address (with fresh
    /// passwords, printed once); on a loopback address it is loaded unless --no-demo
    #[arg(long, conflicts_with = "no_demo")]
    pub demo: bool,
    /// The folder cargo-leptos built the site into
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Hours a captain's score report waits for the other captain before it stands
    #[arg(long, env = "CUNBA_AUTO_CONFIRM_HOURS", default_value_t = 24)]
    pub auto_confirm_hours: u32,
    /// Score reports (and answers to them) one user may send a minute; raise it only for
    /// load tests, where a few demo captains stand in for many
    #[arg(long, env = "CUNBA_REPORT_LIMIT", default_value_t = DEFAULT_REPORT_LIMIT, value_parser = clap::value_parser!(u32).range(1..))]
    pub report_limit: u32,
    /// Take requests at once, without first rendering the public pages (for at most 3 s)
    #[arg(long)]
    pub no_warm: bool,
}

#[derive(clap::Args, Debug)]
pub struct StandingsArgs {
    /// A JSON file: {"teams": [...], "games": [{"home", "away", "home_score", "away_score", "outcome"}]}
    #[arg(
        long,
        conflicts_with = "competition",
        required_unless_present = "competition"
    )]
    pub input: Option<PathBuf>,
    /// A competition stored in the database
    #[arg(long)]
    pub competition: Option<i32>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Json,
    Table,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let database_url = cli.database_url;
    match cli
        .command
        .unwrap_or(Command::Serve(ServeArgs::parse_defaults()))
    {
        Command::Serve(args) => serve(database_url, args).await,
        Command::Migrate => {
            let db = database::connect(&database_url).await?;
            database::migrate(&db).await?;
            println!("schema up to date ({})", database::backend_name(&db));
            Ok(())
        }
        Command::SeedDemo => {
            let db = database::connect(&database_url).await?;
            database::migrate(&db).await?;
            if demo::has_data(&db).await? {
                bail!(
                    "the database already holds an association; seed-demo only fills an empty one"
                );
            }
            demo::seed(&db, chrono::Utc::now())
                .await
                .context("loading the demo league failed")?;
            println!("demo league loaded");
            Ok(())
        }
        Command::Standings(args) => standings(database_url, args).await,
        Command::Admin(command) => admin(database_url, command).await,
        Command::Camp(command) => crate::demo::camp::run(database_url, command).await,
        Command::Backup { file } => {
            database::backup(&database_url, &file).await?;
            println!("backup written to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            database::restore(&database_url, &file).await?;
            println!("database restored from {}", file.display());
            Ok(())
        }
        Command::Schedule(ScheduleCommand::Demo {
            seconds,
            seed,
            weeks,
            min_rest_days,
        }) => crate::cli::schedule_demo::run(seconds, seed, weeks, min_rest_days).await,
        Command::Schedule(command) => tokio::task::spawn_blocking(move || schedule(command))
            .await
            .context("the scheduler stopped unexpectedly")?,
    }
}

impl ServeArgs {
    fn parse_defaults() -> ServeArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["cunba"]).serve
    }
}

/// Whether a new database gets the demo league: asked for with `--demo`, or by default on
/// a loopback address (a try-out on one's own computer), never with `--no-demo`.
pub fn wants_demo(args: &ServeArgs) -> bool {
    !args.no_demo && (args.demo || args.addr.ip().is_loopback())
}

async fn serve(database_url: String, args: ServeArgs) -> anyhow::Result<()> {
    let demo = wants_demo(&args);
    let settings = Settings {
        database_url,
        addr: args.addr,
        site_root: args.site_root,
        demo,
        auto_confirm_hours: args.auto_confirm_hours,
        report_limit: args.report_limit,
        warm: !args.no_warm,
    };
    let app = Application::build(&settings).await?;
    if !settings.site_root.join("pkg").exists() {
        tracing::warn!(
            "no built site under {:?}: pages work, styles and islands will not; build with `make run`",
            settings.site_root
        );
    }
    println!(
        "村BA serving on http://{}  ({}; Ctrl-C to stop)",
        app.local_addr(),
        database::backend_name(&app.state.db)
    );
    app.run_until_stopped().await
}

async fn admin(database_url: String, command: AdminCommand) -> anyhow::Result<()> {
    use app::db::{accounts, entities::app_user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = database::connect(&database_url).await?;
    database::migrate(&db).await?;
    match command {
        AdminCommand::Create {
            username,
            name,
            phone,
            organiser,
        } => {
            let phone = match phone {
                Some(text) => Some(
                    app::domain::phone::normalise(&text)
                        .with_context(|| format!("not an 11-digit mobile number: {text}"))?,
                ),
                None => None,
            };
            eprintln!("password (at least 8 characters), then Enter:");
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']).to_owned();
            let role = if organiser {
                app::model::Role::Organiser
            } else {
                app::model::Role::Admin
            };
            let user = accounts::NewUser {
                role,
                display_name: name.unwrap_or_else(|| username.clone()),
                username: Some(username.clone()),
                phone,
                team_id: None,
                secret: password,
            };
            match accounts::create_user(&db, user, chrono::Utc::now()).await {
                Ok(viewer) => {
                    println!("{} {username} created (user #{})", role.as_str(), viewer.id);
                    Ok(())
                }
                Err(accounts::AccountError::User(key)) => {
                    bail!(
                        "{} / {}",
                        app::i18n::Lang::Zh.t(key),
                        app::i18n::Lang::En.t(key)
                    )
                }
                Err(error) => Err(error.into()),
            }
        }
        AdminCommand::RevokeSessions { login } => {
            let mut who =
                sea_orm::Condition::any().add(app_user::Column::Username.eq(login.as_str()));
            if let Some(phone) = app::domain::phone::in_login(&login) {
                who = who.add(app_user::Column::Phone.eq(phone));
            }
            let user = app_user::Entity::find()
                .filter(who)
                .one(&db)
                .await?
                .with_context(|| format!("no user with the login {login}"))?;
            let ended = accounts::end_all_sessions(&db, user.id).await?;
            println!("{ended} session(s) of {login} ended");
            Ok(())
        }
    }
}

async fn standings(database_url: String, args: StandingsArgs) -> anyhow::Result<()> {
    use app::domain::standings::{render_table, standings_from_json, StandingsReport};
    // One table for a file or a league; a cup has one per pool, each named.
    let tables: Vec<(Option<String>, StandingsReport)> = match (&args.input, args.competition) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let report = standings_from_json(&text).map_err(|error| anyhow::anyhow!("{error}"))?;
            vec![(None, report)]
        }
        (None, Some(id)) => {
            let db = database::connect(&database_url).await?;
            let tables = app::db::standings::report_for_competition(&db, id)
                .await?
                .with_context(|| format!("no competition with id {id}"))?;
            let named = tables.len() > 1;
            tables
                .into_iter()
                .map(|(title, report)| (named.then_some(title), report))
                .collect()
        }
        (None, None) => bail!("give --input FILE.json or --competition ID"),
    };
    match args.format {
        Format::Json => {
            let json = match tables.as_slice() {
                [(None, report)] => serde_json::to_value(report)?,
                _ => serde_json::Value::Array(
                    tables
                        .iter()
                        .map(|(title, report)| {
                            let mut value = serde_json::to_value(report)?;
                            value["table"] = serde_json::Value::from(title.clone());
                            Ok(value)
                        })
                        .collect::<anyhow::Result<_>>()?,
                ),
            };
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Table => {
            for (title, report) in &tables {
                if let Some(title) = title {
                    println!("{title}");
                }
                print!("{}", render_table(report));
            }
        }
    }
    Ok(())
}

fn read(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn schedule(command: ScheduleCommand) -> anyhow::Result<()> {
    use app::domain::schedule::{solve_robinx, validate_robinx};
    match command {
        ScheduleCommand::Robinx {
            instance,
            seconds,
            seed,
            out,
        } => {
            let xml = read(&instance)?;
            let mut last_report = std::time::Duration::ZERO;
            let solution = solve_robinx(&xml, seconds, seed, |progress| {
                if progress.elapsed >= last_report + std::time::Duration::from_secs(1) {
                    last_report = progress.elapsed;
                    eprintln!(
                        "{:>6.1}s  hard violations {:>4}  objective {:>6}  ({} moves)",
                        progress.elapsed.as_secs_f64(),
                        progress.hard_violations,
                        progress.objective,
                        progress.iterations
                    );
                }
            })
            .map_err(|error| anyhow::anyhow!("{}: {error}", instance.display()))?;
            std::fs::write(&out, &solution)
                .with_context(|| format!("cannot write {}", out.display()))?;
            let evaluation = validate_robinx(&xml, &solution)?;
            println!("{evaluation}");
            Ok(())
        }
        ScheduleCommand::Demo { .. } => unreachable!("run in async context"),
        ScheduleCommand::Validate { instance, solution } => {
            let evaluation = validate_robinx(&read(&instance)?, &read(&solution)?)
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            println!("{evaluation}");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &[&str]) -> ServeArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(line).serve
    }

    #[test]
    fn the_demo_only_on_a_loopback_address_or_when_asked() {
        assert!(wants_demo(&args(&["cunba", "--addr", "127.0.0.1:3000"])));
        assert!(wants_demo(&args(&["cunba", "--addr", "[::1]:3000"])));
        assert!(!wants_demo(&args(&[
            "cunba",
            "--addr",
            "127.0.0.1:3000",
            "--no-demo"
        ])));
        assert!(!wants_demo(&args(&["cunba", "--addr", "0.0.0.0:3000"])));
        assert!(!wants_demo(&args(&["cunba", "--addr", "192.168.1.5:80"])));
        assert!(wants_demo(&args(&[
            "cunba",
            "--addr",
            "0.0.0.0:3000",
            "--demo"
        ])));
    }
}

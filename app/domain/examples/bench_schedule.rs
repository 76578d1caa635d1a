//! Benchmark of the scheduling engine (figures, not a test):
//!
//! ```text
//! cargo run --release -p cunba-domain --example bench_schedule -- --seconds 60 [--only Early] [--sets tests,small] [--threads 2] [--seed 1] [--iterations N] [--village-seeds 5] [--out DIR] [--quiet]
//! ```
//!
//! Every run is written under one folder (`--out`, else `target/bench-schedule/<UTC time>`):
//! `runs.csv` (one row per instance: set, instance, teams, feasible, hard, objective, best
//! known, gap, time to first feasible, moves) and `solutions/<instance>.xml`, each solution as
//! RobinX XML for another evaluator. Each written file is read back and scored by the
//! independent validator; a run counts as feasible only if that score says so (a mismatch with
//! the search's own score is printed as `VALIDATOR MISMATCH`). While an instance runs, a line
//! on stderr every 10 s (and whenever the hard violations left fall) tells which instance, the
//! best objective so far and the hard violations left; `--quiet` silences it.
//!
//! Runs the optimiser on ITC2021_Test1–8, the Tiny/Small/Medium feasibility sets and the 45
//! competition instances (each for `--seconds`; the feasibility sets have hard constraints only,
//! so each of their runs stops at its first feasible timetable, `--seconds` at most), then
//! the village scenario, and prints one table row per instance. `--only` keeps instances whose
//! name contains one of its comma-separated patterns ("village" selects the village scenario
//! alone; "Test1,Test2" two test instances; a trailing `$` matches the end of the name, so
//! "Early_1$" is Early_1 without Early_10–15). `--sets` runs only the named sets, among `tests`,
//! `tiny`, `small`, `medium`, `competition` and `village`. The village scenario runs a ladder of
//! budgets with `--seed`, then `--village-seeds` seeds with the 5 s budget. The data is read
//! from `ROBINX_DIR`, else `shared/robinx` beside the repository. `--iterations` also stops
//! each run after that many moves, so that figures do not
//! depend on the machine's load when the time limit is generous.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Weekday};
use cunba_domain::schedule::optimise::{optimise_in_threads, Outcome, SearchLimits};
use cunba_domain::schedule::validate::{assess, evaluate};
use cunba_domain::schedule::village::{
    schedule_village, Court, VillageFormat, VillageInput, VillageRules, VillageTeam, WeeklyWindow,
};
use cunba_domain::schedule::{Instance, Solution};
use std::io::Write;

struct Options {
    seconds: f64,
    only: Option<String>,
    threads: usize,
    seed: u64,
    /// Stop each run after this many moves (as well as the time limit): figures that do not
    /// depend on the machine's load.
    iterations: Option<u64>,
    /// Sets to run (all when empty).
    sets: Vec<String>,
    /// Seeds of the village scenario's 5 s runs.
    village_seeds: u64,
    /// Where the CSV and the solutions go.
    out: PathBuf,
    /// No progress lines on stderr.
    quiet: bool,
}

impl Options {
    fn runs(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.iter().any(|s| s == set)
    }

    fn patterns(&self) -> Vec<&str> {
        self.only
            .as_deref()
            .map(|only| only.split(',').filter(|p| !p.is_empty()).collect())
            .unwrap_or_default()
    }

    fn keeps(&self, name: &str) -> bool {
        let patterns = self.patterns();
        patterns.is_empty()
            || patterns.iter().any(|p| match p.strip_suffix('$') {
                Some(end) => name.ends_with(end),
                None => name.contains(p),
            })
    }
}

fn options() -> Options {
    let mut options = Options {
        seconds: 10.0,
        only: None,
        threads: 1,
        seed: 1,
        iterations: None,
        sets: Vec::new(),
        village_seeds: 5,
        out: PathBuf::new(),
        quiet: false,
    };
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| panic!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--seconds" => options.seconds = value().parse().expect("--seconds N"),
            "--only" => options.only = Some(value()),
            "--threads" => options.threads = value().parse().expect("--threads N"),
            "--seed" => options.seed = value().parse().expect("--seed N"),
            "--iterations" => options.iterations = Some(value().parse().expect("--iterations N")),
            "--sets" => options.sets = value().split(',').map(str::to_string).collect(),
            "--out" => out = Some(PathBuf::from(value())),
            "--quiet" => options.quiet = true,
            "--village-seeds" => {
                options.village_seeds = value().parse().expect("--village-seeds N")
            }
            other => panic!("unknown argument {other}"),
        }
    }
    options.out = out.unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
        target
            .join("bench-schedule")
            .join(chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string())
    });
    options
}

fn robinx_dir() -> PathBuf {
    std::env::var_os("ROBINX_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/robinx"))
}

/// Best-known objectives: best-known.csv for the competition, the organisers' optima for the
/// test instances that have one.
fn best_known() -> HashMap<String, u64> {
    let mut known: HashMap<String, u64> = [
        ("ITC2021_Test1", 1066),
        ("ITC2021_Test2", 176),
        ("ITC2021_Test3", 1253),
        ("ITC2021_Test4", 4535),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if let Ok(csv) = std::fs::read_to_string(robinx_dir().join("itc2021/best-known.csv")) {
        for line in csv.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            if let (Some(name), Some(objective)) = (fields.first(), fields.get(6)) {
                if let (Some((kind, number)), Ok(objective)) =
                    (name.split_once('_'), objective.parse::<u64>())
                {
                    let number: u32 = number.parse().unwrap_or(0);
                    known.insert(format!("ITC2021_{kind}_{number}"), objective);
                }
            }
        }
    }
    known
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "xml"))
                .collect()
        })
        .unwrap_or_default();
    // Natural order: Early_2 before Early_10.
    files.sort_by_key(|p| {
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let (prefix, number) = stem.rsplit_once('_').unwrap_or((&stem, ""));
        let digits: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
        (
            prefix.to_string(),
            digits.parse::<u32>().unwrap_or(0),
            stem.clone(),
        )
    });
    files
}

#[derive(Default)]
struct Tally {
    runs: usize,
    feasible: usize,
    /// Hard violations left, summed over the infeasible runs.
    residual_hard: u64,
    /// Relative gaps to the best known objective of the feasible runs that have one.
    gaps: Vec<f64>,
}

fn run_set(
    title: &str,
    files: &[PathBuf],
    seconds: f64,
    iterations: Option<u64>,
    options: &Options,
    known: &HashMap<String, u64>,
    csv: &mut std::fs::File,
) -> Tally {
    let mut tally = Tally::default();
    let files: Vec<&PathBuf> = files
        .iter()
        .filter(|p| options.keeps(&p.file_stem().unwrap_or_default().to_string_lossy()))
        .collect();
    if files.is_empty() {
        return tally;
    }
    println!(
        "\n## {title} ({seconds} s each, {} thread(s), seed {})",
        options.threads, options.seed
    );
    println!(
        "{:<28} {:>5} {:>9} {:>10} {:>10} {:>8} {:>10} {:>9}",
        "instance", "teams", "feasible", "objective", "best", "gap", "first-feas", "moves/s"
    );
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let xml = std::fs::read_to_string(path).expect("readable instance");
        let instance = match Instance::from_xml(&xml) {
            Ok(instance) => instance,
            Err(e) => {
                println!("{name:<28} error: {e}");
                continue;
            }
        };
        let limits = SearchLimits {
            max_iterations: iterations,
            ..SearchLimits::seconds(seconds, options.seed)
        };
        let started = Instant::now();
        let mut first_feasible: Option<Duration> = None;
        let mut last_line = (Duration::ZERO, u64::MAX);
        let quiet = options.quiet;
        let outcome = optimise_in_threads(&instance, &limits, options.threads, |p| {
            if p.hard_violations == 0 && first_feasible.is_none() {
                first_feasible = Some(p.elapsed);
            }
            if !quiet
                && (p.elapsed >= last_line.0 + Duration::from_secs(10)
                    || p.hard_violations < last_line.1)
            {
                last_line = (p.elapsed, p.hard_violations);
                eprintln!(
                    "  … {name} {:>6.1}s  hard left {:>3}  objective {:>6}  moves {}",
                    p.elapsed.as_secs_f64(),
                    p.hard_violations,
                    p.objective,
                    p.iterations
                );
            }
        });
        let elapsed = started.elapsed().as_secs_f64();
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(e) => {
                println!("{name:<28} error: {e}");
                continue;
            }
        };
        tally.runs += 1;
        // The solution as RobinX XML, read back and scored by the independent validator: that
        // score, not the search's, is the one reported.
        let solution = Solution {
            instance_name: instance.name.clone(),
            solution_name: format!("cunba bench seed {}", options.seed),
            claimed_infeasibility: Some(outcome.evaluation.infeasibility),
            claimed_objective: Some(outcome.evaluation.objective),
            games: outcome.games.clone(),
        };
        let xml = solution.to_xml();
        let solutions = options.out.join("solutions");
        std::fs::write(solutions.join(format!("{name}.xml")), &xml)
            .expect("the solutions folder is writable");
        let checked = Solution::from_xml(&xml)
            .map(|s| evaluate(&instance, &s.games))
            .expect("a written solution reads back");
        if checked != outcome.evaluation {
            println!(
                "{name}: VALIDATOR MISMATCH: the search says {:?}, the validator {:?}",
                outcome.evaluation, checked
            );
        }
        let outcome = Outcome {
            evaluation: checked,
            ..outcome
        };
        let feasible = outcome.evaluation.infeasibility == 0;
        tally.feasible += feasible as usize;
        tally.residual_hard += outcome.evaluation.infeasibility;
        let best = known.get(&name).copied();
        if let (true, Some(best)) = (feasible, best) {
            if best > 0 {
                tally
                    .gaps
                    .push((outcome.evaluation.objective as f64 - best as f64) / best as f64);
            }
        }
        let gap = match (feasible, best) {
            (true, Some(best)) if best > 0 => {
                format!(
                    "{:.1}%",
                    100.0 * (outcome.evaluation.objective as f64 - best as f64) / best as f64
                )
            }
            (true, Some(_)) => format!("+{}", outcome.evaluation.objective),
            _ => "-".into(),
        };
        // Where an infeasible timetable falls short: hard deviation per constraint class.
        let mut short = String::new();
        if !feasible {
            let assessment = assess(&instance, &outcome.games);
            let mut by_class: Vec<(&str, u32)> = Vec::new();
            for c in assessment.violated_hard(&instance) {
                let class = instance.constraints[c].rule.class();
                let deviation = assessment.deviations[c];
                match by_class.iter_mut().find(|(k, _)| *k == class) {
                    Some(entry) => entry.1 += deviation,
                    None => by_class.push((class, deviation)),
                }
            }
            by_class.sort_unstable();
            for (class, deviation) in by_class {
                short.push_str(&format!(" {class}:{deviation}"));
            }
        }
        writeln!(
            csv,
            "{title},{name},{},{},{},{},{},{},{},{},{},{},{:.1}",
            instance.team_count(),
            feasible,
            outcome.evaluation.infeasibility,
            outcome.evaluation.objective,
            best.map_or(String::new(), |b| b.to_string()),
            match (feasible, best) {
                (true, Some(best)) if best > 0 => format!(
                    "{:.2}",
                    100.0 * (outcome.evaluation.objective as f64 - best as f64) / best as f64
                ),
                _ => String::new(),
            },
            first_feasible.map_or(String::new(), |d| format!("{:.2}", d.as_secs_f64())),
            short.trim(),
            outcome.iterations,
            options.threads,
            elapsed,
        )
        .expect("the CSV is writable");
        println!(
            "{:<28} {:>5} {:>9} {:>10} {:>10} {:>8} {:>10} {:>9.0}{short}",
            name,
            instance.team_count(),
            if feasible {
                "yes".to_string()
            } else {
                format!("no ({})", outcome.evaluation.infeasibility)
            },
            outcome.evaluation.objective,
            best.map_or("-".into(), |b| b.to_string()),
            gap,
            first_feasible.map_or("-".into(), |d| format!("{:.2}s", d.as_secs_f64())),
            outcome.iterations as f64 / elapsed,
        );
    }
    tally.gaps.sort_by(f64::total_cmp);
    let median_gap = tally
        .gaps
        .get(tally.gaps.len() / 2)
        .map_or("-".to_string(), |g| format!("{:.1}%", 100.0 * g));
    let mean_gap = if tally.gaps.is_empty() {
        "-".to_string()
    } else {
        format!(
            "{:.1}%",
            100.0 * tally.gaps.iter().sum::<f64>() / tally.gaps.len() as f64
        )
    };
    println!(
        "{title}: feasible {}/{}, hard violations left {}, median gap {median_gap}, mean gap {mean_gap} ({} with a best known)",
        tally.feasible,
        tally.runs,
        tally.residual_hard,
        tally.gaps.len()
    );
    tally
}

/// 16 villages, each with its own court open two or three evenings a week, a 20-week double
/// round robin (240 games), festival closures and two rest days between games.
fn village_scenario() -> VillageInput {
    let date = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    let evenings = [
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let festivals = vec![
        date(4, 4), // Qingming
        date(4, 5),
        date(4, 6),
        date(5, 1), // Labour Day
        date(5, 2),
        date(5, 3),
        date(5, 31), // Dragon Boat
        date(6, 1),
        date(6, 2),
    ];
    let first_date = date(3, 1);
    VillageInput {
        teams: (0..16)
            .map(|t| VillageTeam {
                name: format!("村{}队", t + 1),
                home_court: Some(t),
                blackout_dates: vec![],
            })
            .collect(),
        courts: (0..16)
            .map(|c| Court {
                name: format!("球场{}", c + 1),
                weekly: (0..2 + c % 2)
                    .map(|i| WeeklyWindow {
                        weekday: evenings[(c + 2 * i) % 5],
                        games: 1,
                    })
                    .collect(),
                blackout_dates: festivals.clone(),
            })
            .collect(),
        first_date,
        last_date: first_date + chrono::Days::new(20 * 7 - 1),
        round_robins: 2,
        format: VillageFormat::TimeRelaxed,
        rules: VillageRules {
            min_rest_days: 2,
            ..VillageRules::default()
        },
    }
}

fn run_village(options: &Options) {
    println!("\n## Village: 16 teams, double round robin (240 games), 20 weeks, 16 courts, festivals, 2 rest days");
    let input = village_scenario();
    println!(
        "{:>8} {:>6} {:>7} {:>8} {:>9} {:>9} {:>9}",
        "budget", "hard", "breaks", "3n-6", "min rest", "imbalance", "took"
    );
    for budget in [0.25, 0.5, 1.0, 2.0, 5.0] {
        let started = Instant::now();
        let schedule = schedule_village(&input, &SearchLimits::seconds(budget, options.seed))
            .expect("valid village input");
        let report = &schedule.report;
        println!(
            "{:>7}s {:>6} {:>7} {:>8} {:>9} {:>9} {:>8.2}s",
            budget,
            report.hard_violations,
            report.breaks,
            report.breaks_reference,
            report.min_rest_days.map_or("-".into(), |r| r.to_string()),
            report.max_home_imbalance,
            started.elapsed().as_secs_f64()
        );
        if report.hard_violations == 0
            && report.breaks as f64 <= report.breaks_reference as f64 * 1.1
        {
            println!("village: 0 hard and breaks within 10% of 3n-6 with a {budget} s budget");
            break;
        }
    }
    if options.village_seeds == 0 {
        return;
    }
    println!(
        "\n{:>8} {:>6} {:>7} {:>9}",
        "seed", "hard", "breaks", "took"
    );
    let (mut worst_hard, mut worst_breaks, mut slowest) = (0, 0, 0.0f64);
    for seed in options.seed..options.seed + options.village_seeds {
        let started = Instant::now();
        let schedule = schedule_village(&input, &SearchLimits::seconds(5.0, seed))
            .expect("valid village input");
        let took = started.elapsed().as_secs_f64();
        let report = &schedule.report;
        println!(
            "{:>8} {:>6} {:>7} {:>8.2}s",
            seed, report.hard_violations, report.breaks, took
        );
        worst_hard = worst_hard.max(report.hard_violations);
        worst_breaks = worst_breaks.max(report.breaks);
        slowest = slowest.max(took);
    }
    println!(
        "village over {} seeds with a 5 s budget: worst hard {worst_hard}, worst breaks {worst_breaks} (3n-6 = {}, +10% = {:.0}), slowest {slowest:.2}s",
        options.village_seeds,
        input.teams.len() * 3 - 6,
        (input.teams.len() * 3 - 6) as f64 * 1.1
    );
}

fn main() {
    let options = options();
    let dir = robinx_dir();
    let known = best_known();
    let village_only = options.patterns() == ["village"];
    std::fs::create_dir_all(options.out.join("solutions")).expect("the output folder is writable");
    let mut csv = std::fs::File::create(options.out.join("runs.csv")).expect("runs.csv");
    writeln!(
        csv,
        "set,instance,teams,feasible,hard,objective,best_known,gap_percent,first_feasible_s,hard_left_by_class,moves,threads,seconds"
    )
    .expect("the CSV is writable");
    println!(
        "results: {} (runs.csv, solutions/*.xml)",
        options.out.display()
    );
    if !village_only {
        let tests: Vec<PathBuf> = (1..=8)
            .map(|k| dir.join(format!("itc2021/instances/ITC2021_Test{k}.xml")))
            .collect();
        let tests: Vec<PathBuf> = if options.runs("tests") {
            tests
        } else {
            Vec::new()
        };
        run_set(
            "ITC2021 test instances",
            &tests,
            options.seconds,
            options.iterations,
            &options,
            &known,
            &mut csv,
        );
        for size in ["Tiny", "Small", "Medium"] {
            if !options.runs(&size.to_lowercase()) {
                continue;
            }
            let files = xml_files(&dir.join("feasibility").join(size).join("instances"));
            // Hard constraints only: a run stops at its first feasible timetable.
            run_set(
                &format!("Feasibility {size}"),
                &files,
                options.seconds,
                options.iterations,
                &options,
                &known,
                &mut csv,
            );
        }
        let competition: Vec<PathBuf> = xml_files(&dir.join("itc2021/instances"))
            .into_iter()
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.contains("Early") || name.contains("Middle") || name.contains("Late")
            })
            .collect();
        let competition = if options.runs("competition") {
            competition
        } else {
            Vec::new()
        };
        run_set(
            "ITC2021 competition",
            &competition,
            options.seconds,
            options.iterations,
            &options,
            &known,
            &mut csv,
        );
    }
    if options.runs("village")
        && (options.only.is_none() || options.patterns().contains(&"village"))
    {
        run_village(&options);
    }
}

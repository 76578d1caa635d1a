use super::*;
use std::time::Duration;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `teams` villages, each with its own court open on two or three evenings a week.
pub(crate) fn league(teams: usize, weeks: u64) -> VillageInput {
    let evenings = [
        Weekday::Tue,
        Weekday::Thu,
        Weekday::Sat,
        Weekday::Sun,
        Weekday::Wed,
    ];
    let first_date = date(2025, 3, 1);
    VillageInput {
        teams: (0..teams)
            .map(|t| VillageTeam {
                name: format!("Team {t}"),
                home_court: Some(t),
                blackout_dates: vec![],
            })
            .collect(),
        courts: (0..teams)
            .map(|c| Court {
                name: format!("Court {c}"),
                weekly: (0..2 + c % 2)
                    .map(|i| WeeklyWindow {
                        weekday: evenings[(c + i) % 5],
                        games: 1,
                    })
                    .collect(),
                // Qingming festival: every court closed.
                blackout_dates: vec![date(2025, 4, 4), date(2025, 4, 5), date(2025, 4, 6)],
            })
            .collect(),
        first_date,
        last_date: first_date + chrono::Days::new(weeks * 7 - 1),
        round_robins: 2,
        format: VillageFormat::TimeRelaxed,
        rules: VillageRules {
            min_rest_days: 2,
            ..VillageRules::default()
        },
    }
}

fn quick() -> SearchLimits {
    SearchLimits {
        time: Duration::from_secs(10),
        max_iterations: Some(400_000),
        seed: 7,
    }
}

#[test]
fn a_watcher_hears_progress_and_can_stop_the_search() {
    // Impossible rest days: the search would run its whole budget.
    let mut input = league(12, 16);
    input.rules.min_rest_days = 30;
    let limits = SearchLimits {
        time: Duration::from_secs(30),
        max_iterations: None,
        seed: 3,
    };
    let mut heard = Vec::new();
    let started = std::time::Instant::now();
    let schedule = schedule_village_watched(&input, &limits, |watch| {
        heard.push(watch);
        heard.len() < 3
    })
    .unwrap();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(heard.len(), 4, "three during the search, one at its end");
    assert!(heard[0].hard_violations > 0);
    assert_eq!(heard.last().unwrap().done, 1.0);
    // Stopped early, it still returns every game.
    assert_eq!(schedule.games.len(), 12 * 11);
}

#[test]
fn relaxed_league_respects_courts_rest_and_festivals() {
    let input = league(8, 12);
    let schedule = schedule_village(&input, &quick()).unwrap();
    assert_eq!(schedule.games.len(), 56);
    assert_eq!(
        schedule.report.hard_violations, 0,
        "{:?}",
        schedule.report.problems
    );
    assert!(schedule.report.min_rest_days.unwrap() >= 2);
    for game in &schedule.games {
        assert_eq!(game.court, game.home, "home games at the home court");
        let court = &input.courts[game.court];
        assert!(court
            .weekly
            .iter()
            .any(|w| w.weekday == game.date.weekday()));
        assert!(!court.blackout_dates.contains(&game.date));
    }
    assert!(schedule.report.breaks <= schedule.report.breaks_reference + 4);
}

#[test]
fn fixed_and_forbidden_dates_and_team_blackouts_hold() {
    let mut input = league(6, 10);
    let derby = date(2025, 3, 25); // a Tuesday: court 0 is open
    input.rules.fixed_games.push(DatedGame {
        home: 0,
        away: 1,
        date: derby,
    });
    input.teams[2].blackout_dates = (0..14)
        .map(|d| date(2025, 3, 1) + chrono::Days::new(d))
        .collect();
    input.rules.max_home_streak = Some(2);
    input.rules.min_days_between_legs = Some(21);
    let schedule = schedule_village(&input, &quick()).unwrap();
    assert_eq!(
        schedule.report.hard_violations, 0,
        "{:?}",
        schedule.report.problems
    );
    assert!(schedule
        .games
        .iter()
        .any(|g| g.date == derby && g.home == 0 && g.away == 1));
    assert!(schedule
        .games
        .iter()
        .all(|g| (g.home != 2 && g.away != 2) || g.date >= date(2025, 3, 15)));
}

#[test]
fn same_seed_same_schedule() {
    let input = league(6, 10);
    let a = schedule_village(&input, &quick()).unwrap();
    let b = schedule_village(&input, &quick()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn compact_format_uses_one_evening_per_round() {
    let mut input = league(6, 10);
    input.format = VillageFormat::Compact;
    let schedule = schedule_village(&input, &quick()).unwrap();
    assert_eq!(schedule.games.len(), 30);
    let mut dates: Vec<NaiveDate> = schedule.games.iter().map(|g| g.date).collect();
    dates.dedup();
    assert_eq!(dates.len(), 10);
}

#[test]
fn bad_input_is_an_error() {
    let mut input = league(4, 4);
    input.teams[0].home_court = Some(99);
    assert!(matches!(
        schedule_village(&input, &quick()),
        Err(ScheduleError::InvalidInput(_))
    ));
    let mut input = league(4, 4);
    input.last_date = date(2024, 1, 1);
    assert!(schedule_village(&input, &quick()).is_err());
}

use super::*;
use crate::schedule::validate::structure_violations;

pub(super) fn instance(name: &str) -> Instance {
    let dir = std::env::var_os("ROBINX_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/robinx")
        });
    let xml = std::fs::read_to_string(dir.join("itc2021/instances").join(name)).unwrap();
    Instance::from_xml(&xml).unwrap()
}

/// The incremental scores must equal a full rescoring and the independent validator after
/// every kind of move, accepted or rejected.
#[test]
fn incremental_scores_match_the_validator() {
    for name in [
        "ITC2021_Test1.xml",
        "ITC2021_Test4.xml",
        "ITC2021_Early_1.xml",
        "ITC2021_Middle_2.xml",
        // CA3 windows and FA2 over all pairs (the sliding-window and walk scoring).
        "ITC2021_Middle_5.xml",
    ] {
        let instance = instance(name);
        let model = Model::new(&instance).unwrap();
        let limits = SearchLimits::seconds(1.0, 3);
        let mut annealer = Annealer::new(&model, &limits);
        for step in 0..3000 {
            let Some(mv) = annealer.random_move() else {
                continue;
            };
            if !annealer.apply(mv) {
                continue;
            }
            let (hard, soft) = annealer.rescore_touched();
            if step % 3 == 0 {
                annealer.reject();
            } else {
                annealer.state.hard += hard;
                annealer.state.soft += soft;
                annealer.written.clear();
            }
            if step % 97 == 0 {
                let games = annealer.state.games();
                assert_eq!(
                    structure_violations(instance.format, model.teams, model.slots, &games),
                    vec![],
                    "{name}: {mv:?}"
                );
                let expected = evaluate(&instance, &games);
                assert_eq!(
                    (annealer.state.hard as u64, annealer.state.soft as u64),
                    (expected.infeasibility, expected.objective),
                    "{name} after {mv:?}"
                );
                let mut fresh = annealer.state.clone();
                fresh.rescore(&model);
                assert_eq!(
                    fresh.parts, annealer.state.parts,
                    "{name}: cached parts drifted"
                );
            }
        }
    }
}

/// The phase-confined partial swap teams, forced on phased instances: the timetable stays
/// a phased double round robin and the incremental scores equal the validator's.
#[test]
fn phased_partial_swap_teams_keeps_phases_and_scores() {
    for name in ["ITC2021_Test1.xml", "ITC2021_Early_1.xml"] {
        let instance = instance(name);
        let model = Model::new(&instance).unwrap();
        assert!(model.phased);
        let mut annealer = Annealer::new(&model, &SearchLimits::seconds(1.0, 5));
        let mut changed = 0;
        for step in 0..400 {
            let (a, b, round) = (
                annealer.rng.gen_range(0..model.teams),
                annealer.rng.gen_range(0..model.teams),
                annealer.rng.gen_range(0..model.slots),
            );
            if a == b || opponent(annealer.state.entry(a, round)) == b {
                continue;
            }
            let mv = Move::PhasedPartialSwapTeams(a, b, round);
            assert!(annealer.apply(mv));
            changed += annealer.written.len();
            let (hard, soft) = annealer.rescore_touched();
            if step % 4 == 0 {
                annealer.reject();
            } else {
                annealer.state.hard += hard;
                annealer.state.soft += soft;
                annealer.written.clear();
            }
            let games = annealer.state.games();
            assert_eq!(
                structure_violations(instance.format, model.teams, model.slots, &games),
                vec![],
                "{name}: {mv:?}"
            );
            let expected = evaluate(&instance, &games);
            assert_eq!(
                (annealer.state.hard as u64, annealer.state.soft as u64),
                (expected.infeasibility, expected.objective),
                "{name} after {mv:?}"
            );
        }
        assert!(changed > 0);
    }
}

/// In the feasibility phase only hard constraints are re-scored: the hard total must still
/// equal the validator's infeasibility, and a full rescore restores the soft side.
#[test]
fn hard_only_scoring_matches_the_validator() {
    for name in ["ITC2021_Test4.xml", "ITC2021_Middle_2.xml"] {
        let instance = instance(name);
        let model = Model::new(&instance).unwrap();
        let mut annealer = Annealer::new(&model, &SearchLimits::seconds(1.0, 7));
        annealer.hard_only = true;
        for step in 0..2000 {
            annealer.step(if step % 2 == 0 { 3.0 } else { 0.2 });
            if step % 101 == 0 {
                let expected = evaluate(&instance, &annealer.state.games());
                assert_eq!(annealer.state.hard as u64, expected.infeasibility, "{name}");
            }
        }
        annealer.state.rescore(&model);
        let expected = evaluate(&instance, &annealer.state.games());
        assert_eq!(
            (annealer.state.hard as u64, annealer.state.soft as u64),
            (expected.infeasibility, expected.objective),
            "{name}"
        );
    }
}

/// Moves aimed at violated hard constraints (every move, here) keep the timetable a valid
/// round robin and the incremental hard score exact, and they bring the violations down.
#[test]
fn targeted_moves_keep_scores_exact_and_repair() {
    for name in [
        "ITC2021_Early_4.xml",
        "ITC2021_Middle_6.xml",
        "ITC2021_Test4.xml",
    ] {
        let instance = instance(name);
        let model = Model::new(&instance).unwrap();
        let mut annealer = Annealer::new(&model, &SearchLimits::seconds(1.0, 11));
        annealer.hard_only = true;
        annealer.targeted_percent = 100;
        annealer.refresh_violated();
        let start = annealer.state.hard;
        assert!(
            !annealer.violated.is_empty(),
            "{name}: a random start violates something"
        );
        let mut targeted = 0;
        for step in 0..4000 {
            if step % 256 == 0 {
                annealer.refresh_violated();
            }
            if annealer.violated.is_empty() {
                break;
            }
            if annealer.targeted_move().is_some() {
                targeted += 1;
            }
            annealer.step(0.2);
            if step % 101 == 0 {
                let games = annealer.state.games();
                assert_eq!(
                    structure_violations(instance.format, model.teams, model.slots, &games),
                    vec![],
                    "{name}"
                );
                let expected = evaluate(&instance, &games);
                assert_eq!(annealer.state.hard as u64, expected.infeasibility, "{name}");
            }
        }
        assert!(targeted > 1000, "{name}: {targeted} targeted moves");
        assert!(
            annealer.state.hard < start,
            "{name}: {} hard violations after targeted moves, {start} before",
            annealer.state.hard
        );
    }
}

/// Instances of 16+ teams with a hard BR2 start from the low-break circle method: a valid
/// phased double round robin with 3n − 6 breaks or fewer (French second half).
#[test]
fn low_break_start_is_a_phased_round_robin_with_few_breaks() {
    let instance = instance("ITC2021_Early_1.xml");
    let model = Model::new(&instance).unwrap();
    assert!(model.low_break_start);
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    for _ in 0..4 {
        let games = initial_games(&model, &mut rng);
        assert_eq!(
            structure_violations(instance.format, model.teams, model.slots, &games),
            vec![]
        );
        let breaks = crate::schedule::generate::count_breaks(model.teams, model.slots, &games);
        assert!(breaks <= 3 * model.teams - 6, "{breaks} breaks");
    }
}

/// The branch-and-bound neighbourhood search never worsens the timetable, keeps it a
/// valid phased or unphased round robin, and its score is the validator's. (From its start
/// here Test1 improves; Test2's may not.)
#[test]
fn tree_neighbourhood_search_keeps_valid_timetables_and_improves() {
    for name in ["ITC2021_Test1.xml", "ITC2021_Test2.xml"] {
        let instance = instance(name);
        let model = Model::new(&instance).unwrap();
        // The iteration caps end these searches; the time limits only stop a runaway one,
        // so a loaded machine cannot change the outcome.
        let warm = SearchLimits {
            time: Duration::from_secs(600),
            max_iterations: Some(20_000),
            seed: 2,
        };
        let start = optimise(&instance, &warm, |_| {}).unwrap();
        assert_eq!(start.evaluation.infeasibility, 0, "{name}");
        let mut annealer = Annealer::new(&model, &warm);
        let mut best = start.games.clone();
        let mut score = (0, start.evaluation.objective as i64);
        let mut iterations = 0;
        let limits = SearchLimits {
            time: Duration::from_secs(600),
            max_iterations: Some(400_000),
            seed: 2,
        };
        annealer.improve_by_tree(
            &mut best,
            &mut score,
            Instant::now(),
            &limits,
            &mut iterations,
        );
        assert!(
            iterations >= 400_000 || score.1 == 0,
            "{name}: {iterations}"
        );
        assert_eq!(
            structure_violations(instance.format, model.teams, model.slots, &best),
            vec![],
            "{name}"
        );
        let expected = evaluate(&instance, &best);
        assert_eq!(
            (expected.infeasibility as i64, expected.objective as i64),
            score
        );
        assert!(
            score.1 <= start.evaluation.objective as i64,
            "{name}: {score:?}"
        );
        if name == "ITC2021_Test1.xml" {
            assert!(score.1 < start.evaluation.objective as i64, "{score:?}");
        }
    }
}

#[test]
fn same_seed_same_result() {
    let instance = instance("ITC2021_Test2.xml");
    let limits = SearchLimits {
        time: Duration::from_secs(30),
        max_iterations: Some(20_000),
        seed: 11,
    };
    let a = optimise(&instance, &limits, |_| {}).unwrap();
    let b = optimise(&instance, &limits, |_| {}).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.iterations, 20_000);
}

/// A hard-constraint-only instance: once feasible there is nothing left to improve, and
/// the search stops well before its budget.
#[test]
fn stops_once_feasible_without_soft_constraints() {
    let dir = std::env::var_os("ROBINX_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/robinx")
        });
    let xml = std::fs::read_to_string(dir.join("feasibility/Tiny/instances/Addition_000_Tiny.xml"))
        .unwrap();
    let instance = Instance::from_xml(&xml).unwrap();
    let limits = SearchLimits {
        time: Duration::from_secs(60),
        max_iterations: Some(5_000_000),
        seed: 1,
    };
    let outcome = optimise(&instance, &limits, |_| {}).unwrap();
    assert_eq!(
        (
            outcome.evaluation.infeasibility,
            outcome.evaluation.objective
        ),
        (0, 0)
    );
    assert!(outcome.iterations < 5_000_000, "{}", outcome.iterations);
}

#[test]
fn finds_a_feasible_timetable_for_a_small_instance_and_reports_progress() {
    let instance = instance("ITC2021_Test1.xml");
    let limits = SearchLimits {
        time: Duration::from_secs(20),
        max_iterations: Some(150_000),
        seed: 1,
    };
    let mut reports = 0;
    let outcome = optimise(&instance, &limits, |_| reports += 1).unwrap();
    assert!(reports >= 1);
    assert_eq!(outcome.evaluation.infeasibility, 0);
    assert_eq!(
        structure_violations(instance.format, 6, 10, &outcome.games),
        vec![]
    );
}

#[test]
fn time_relaxed_instances_are_refused() {
    let mut instance = instance("ITC2021_Test1.xml");
    instance.format.compact = false;
    assert!(matches!(
        optimise(&instance, &SearchLimits::seconds(0.1, 1), |_| {}),
        Err(ScheduleError::Unsupported(_))
    ));
}

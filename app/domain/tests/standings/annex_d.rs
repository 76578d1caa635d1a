//! Tie-breaks: the worked examples of Annex D, D.2, and cases built to catch the usual
//! mistakes (overall figures before head-to-head, no D.1.4 restart).

use cunba_domain::standings::{Completion, Criterion, Reason};

use super::{explained, game, line, order, reason, table};

const ABCD: [&str; 4] = ["A", "B", "C", "D"];

fn s(en: &str, zh: &str) -> Option<(String, String)> {
    Some((en.to_owned(), zh.to_owned()))
}

#[test]
fn fiba_example_1_two_pairs_each_decided_by_their_game() {
    let games = [
        game("A", "B", 100, 55),
        game("A", "C", 90, 85),
        game("A", "D", 75, 80),
        game("B", "C", 100, 95),
        game("B", "D", 80, 75),
        game("C", "D", 60, 55),
    ];
    let t = table(&ABCD, &games, Completion::Complete);

    assert_eq!(order(&t), ["A", "B", "C", "D"]);
    // The published table: played, won, lost, points, scored, conceded, difference.
    assert_eq!(line(&t, "A"), (3, 2, 1, 5, 265, 220, 45));
    assert_eq!(line(&t, "B"), (3, 2, 1, 5, 235, 270, -35));
    assert_eq!(line(&t, "C"), (3, 1, 2, 4, 240, 245, -5));
    assert_eq!(line(&t, "D"), (3, 1, 2, 4, 210, 215, -5));
    assert_eq!(
        t.rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );

    assert_eq!(
        explained(&t, "A"),
        s(
            "A above B: classification points in games between A and B 2 vs 1",
            "A 高于 B：A、B 两队相互比赛积分 2 对 1"
        )
    );
    // B has more classification points than C: nothing to explain.
    assert_eq!(explained(&t, "B"), None);
    assert_eq!(
        explained(&t, "C"),
        s(
            "C above D: classification points in games between C and D 2 vs 1",
            "C 高于 D：C、D 两队相互比赛积分 2 对 1"
        )
    );
    assert_eq!(explained(&t, "D"), None);
}

#[test]
fn fiba_example_2_three_way_tie_then_restart_for_the_last_two() {
    let games = [
        game("A", "B", 100, 55),
        game("A", "C", 90, 85),
        game("A", "D", 120, 75),
        game("B", "C", 100, 85),
        game("B", "D", 75, 80),
        game("C", "D", 65, 55),
    ];
    let t = table(&ABCD, &games, Completion::Complete);

    assert_eq!(order(&t), ["A", "B", "C", "D"]);
    assert_eq!(line(&t, "A"), (3, 3, 0, 6, 310, 215, 95));
    assert_eq!(line(&t, "B"), (3, 1, 2, 4, 230, 265, -35));
    assert_eq!(line(&t, "C"), (3, 1, 2, 4, 235, 245, -10));
    assert_eq!(line(&t, "D"), (3, 1, 2, 4, 210, 260, -50));

    assert_eq!(explained(&t, "A"), None);
    // B, C and D each won once among themselves; B's +10 beats −5 and −5.
    assert_eq!(
        explained(&t, "B"),
        s(
            "B above C: point difference in games among B, C, D +10 vs −5",
            "B 高于 C：B、C、D 三队相互比赛净胜分 +10 对 −5"
        )
    );
    // C and D start again from the top with their own game: C won it.
    assert_eq!(
        explained(&t, "C"),
        s(
            "C above D: classification points in games between C and D 2 vs 1",
            "C 高于 D：C、D 两队相互比赛积分 2 对 1"
        )
    );
}

#[test]
fn three_way_cycle_is_decided_by_head_to_head_point_difference() {
    // A beat B by 10, B beat C by 12, C beat A by 5: one win each among the three.
    let games = [
        game("A", "B", 90, 80),
        game("B", "C", 82, 70),
        game("C", "A", 80, 75),
    ];
    let t = table(&["A", "B", "C"], &games, Completion::Complete);

    assert_eq!(order(&t), ["A", "B", "C"]);
    assert_eq!(
        explained(&t, "A"),
        s(
            "A above B: point difference in games among A, B, C +5 vs +2",
            "A 高于 B：A、B、C 三队相互比赛净胜分 +5 对 +2"
        )
    );
    assert_eq!(
        explained(&t, "B"),
        s(
            "B above C: point difference in games among A, B, C +2 vs −7",
            "B 高于 C：A、B、C 三队相互比赛净胜分 +2 对 −7"
        )
    );
}

#[test]
fn head_to_head_counts_before_a_far_better_overall_difference() {
    let games = [
        game("A", "B", 71, 70),
        game("A", "C", 61, 60),
        game("D", "A", 90, 60),
        game("B", "C", 100, 50),
        game("B", "D", 100, 50),
        game("C", "D", 70, 60),
    ];
    let t = table(&ABCD, &games, Completion::Complete);

    // Overall difference alone would give B (+99), A (−28), D (−30), C (−41).
    assert_eq!(line(&t, "A").6, -28);
    assert_eq!(line(&t, "B").6, 99);
    assert_eq!(line(&t, "C").6, -41);
    assert_eq!(line(&t, "D").6, -30);
    assert_eq!(order(&t), ["A", "B", "C", "D"]);
    assert!(matches!(
        reason(&t, "A"),
        Reason::Separated {
            criterion: Criterion::HeadToHeadPoints,
            ..
        }
    ));
    assert!(matches!(
        reason(&t, "C"),
        Reason::Separated {
            criterion: Criterion::HeadToHeadPoints,
            ..
        }
    ));
}

/// A, B and C each won one game among themselves and beat D. Head-to-head point difference
/// places A (+8) and leaves B and C level on −4. D.1.4: B and C start again from the first
/// criterion with only their own game, which B won. Carrying on with the three-team
/// figures instead would put C first: more points scored among the three (162 vs 146),
/// and a better overall difference (+16 vs −3).
#[test]
fn restart_after_step_b_ranks_the_remaining_two_by_their_own_game() {
    let games = [
        game("A", "B", 80, 70),
        game("B", "C", 76, 70),
        game("C", "A", 92, 90),
        game("A", "D", 70, 60),
        game("B", "D", 61, 60),
        game("C", "D", 80, 60),
    ];
    let t = table(&ABCD, &games, Completion::Complete);

    assert_eq!(order(&t), ["A", "B", "C", "D"]);
    assert_eq!(line(&t, "B").6, -3);
    assert_eq!(line(&t, "C").6, 16);
    assert_eq!(
        explained(&t, "A"),
        s(
            "A above B: point difference in games among A, B, C +8 vs −4",
            "A 高于 B：A、B、C 三队相互比赛净胜分 +8 对 −4"
        )
    );
    assert_eq!(
        explained(&t, "B"),
        s(
            "B above C: classification points in games between B and C 2 vs 1",
            "B 高于 C：B、C 两队相互比赛积分 2 对 1"
        )
    );
}

/// All three level on every head-to-head figure; overall difference places A (+20) and
/// leaves B and C on +10. The restart sends B and C back to their own game (B won);
/// going on to overall points scored would have put C (230) above B (220).
#[test]
fn restart_after_step_d_goes_back_to_head_to_head() {
    let games = [
        game("A", "B", 80, 70),
        game("B", "C", 80, 70),
        game("C", "A", 80, 70),
        game("A", "D", 80, 60),
        game("B", "D", 70, 60),
        game("C", "D", 80, 70),
    ];
    let t = table(&ABCD, &games, Completion::Complete);

    assert_eq!(order(&t), ["A", "B", "C", "D"]);
    assert_eq!(line(&t, "B").4, 220);
    assert_eq!(line(&t, "C").4, 230);
    assert_eq!(
        explained(&t, "A"),
        s(
            "A above B: point difference in all games +20 vs +10",
            "A 高于 B：全部比赛净胜分 +20 对 +10"
        )
    );
    assert_eq!(
        explained(&t, "B"),
        s(
            "B above C: classification points in games between B and C 2 vs 1",
            "B 高于 C：B、C 两队相互比赛积分 2 对 1"
        )
    );
}

/// Four teams level, split two and two by head-to-head point difference: each pair then
/// starts again with only its own game.
#[test]
fn every_subgroup_restarts_on_its_own_games() {
    // Mid-season: A>B>C>D>A, one win each.
    let games = [
        game("A", "B", 70, 60),
        game("B", "C", 74, 60),
        game("C", "D", 70, 60),
        game("D", "A", 66, 60),
    ];
    let t = table(&ABCD, &games, Completion::InProgress);

    assert_eq!(order(&t), ["A", "B", "C", "D"]);
    assert_eq!(
        t.rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(
        explained(&t, "A").unwrap().0,
        "A above B: classification points in games between A and B 2 vs 1"
    );
    assert_eq!(
        explained(&t, "B").unwrap().0,
        "B above C: point difference in games among A, B, C, D +4 vs −4"
    );
    assert_eq!(
        explained(&t, "B").unwrap().1,
        "B 高于 C：A、B、C、D 四队相互比赛净胜分 +4 对 −4"
    );
    assert_eq!(
        explained(&t, "C").unwrap().0,
        "C above D: classification points in games between C and D 2 vs 1"
    );
}

#[test]
fn points_scored_among_the_tied_teams_come_after_their_difference() {
    // One win each by ten points: level on difference, apart on points scored.
    let games = [
        game("A", "B", 90, 80),
        game("B", "C", 70, 60),
        game("C", "A", 75, 65),
    ];
    let t = table(&["A", "B", "C"], &games, Completion::Complete);
    assert_eq!(order(&t), ["A", "B", "C"]);
    assert_eq!(
        explained(&t, "A"),
        s(
            "A above B: points scored in games among A, B, C 155 vs 150",
            "A 高于 B：A、B、C 三队相互比赛得分 155 对 150"
        )
    );
    assert_eq!(
        explained(&t, "B").unwrap().0,
        "B above C: points scored in games among A, B, C 150 vs 135"
    );
}

#[test]
fn overall_points_scored_is_the_last_criterion() {
    // The same three-way cycle with identical scores, separated only by the games against D.
    let games = [
        game("A", "B", 80, 70),
        game("B", "C", 80, 70),
        game("C", "A", 80, 70),
        game("A", "D", 90, 80),
        game("B", "D", 70, 60),
        game("C", "D", 80, 70),
    ];
    let t = table(&ABCD, &games, Completion::Complete);
    assert_eq!(order(&t), ["A", "C", "B", "D"]);
    assert_eq!(
        explained(&t, "A"),
        s(
            "A above C: points scored in all games 240 vs 230",
            "A 高于 C：全部比赛得分 240 对 230"
        )
    );
    assert_eq!(
        explained(&t, "C"),
        s(
            "C above B: points scored in all games 230 vs 220",
            "C 高于 B：全部比赛得分 230 对 220"
        )
    );
}

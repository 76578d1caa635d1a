//! Forfeits and defaults, places shared or left to a drawing of lots, recent form, and
//! when a round robin counts as complete.

use cunba_domain::standings::{Completion, Form, Outcome, Reason};

use super::{ended, explained, game, line, names, order, reason, row, table};

#[test]
fn a_forfeit_scores_no_point_and_a_default_one() {
    let games = [
        // B does not turn up against A.
        ended("A", "B", 0, 0, Outcome::ForfeitByAway),
        // C runs out of players against A while behind: the score stands.
        ended("A", "C", 60, 50, Outcome::DefaultByAway),
        // B runs out of players against C while ahead: C wins 2:0.
        ended("B", "C", 55, 40, Outcome::DefaultByHome),
    ];
    let t = table(&["A", "B", "C"], &games, Completion::Complete);

    assert_eq!(order(&t), ["A", "C", "B"]);
    assert_eq!(line(&t, "A"), (2, 2, 0, 4, 80, 50, 30));
    assert_eq!(line(&t, "C"), (2, 1, 1, 3, 52, 60, -8));
    assert_eq!(line(&t, "B"), (2, 0, 2, 1, 0, 22, -22));
}

#[test]
fn losing_by_forfeit_costs_the_point_that_losing_by_default_keeps() {
    let games = [
        ended("A", "X", 0, 0, Outcome::ForfeitByAway),
        ended("B", "Y", 0, 0, Outcome::DefaultByAway),
    ];
    let t = table(&["A", "B", "X", "Y"], &games, Completion::InProgress);
    assert_eq!(line(&t, "X"), (1, 0, 1, 0, 0, 20, -20));
    assert_eq!(line(&t, "Y"), (1, 0, 1, 1, 0, 2, -2));
    assert_eq!(order(&t)[3], "X");
}

#[test]
fn a_forfeit_counts_as_a_game_between_the_tied_teams() {
    // A and B level on points; their meeting was forfeited by B.
    let games = [
        ended("A", "B", 0, 0, Outcome::ForfeitByAway),
        game("B", "C", 90, 50),
        game("C", "A", 70, 60),
    ];
    let t = table(&["A", "B", "C"], &games, Completion::Complete);
    assert_eq!(row(&t, "A").points, 3);
    assert_eq!(row(&t, "B").points, 2);
    assert_eq!(row(&t, "C").points, 3);
    // A and C: C won their game.
    assert_eq!(order(&t), ["C", "A", "B"]);
}

#[test]
fn teams_level_on_everything_share_a_place_while_games_remain() {
    let games = [game("A", "B", 80, 70), game("C", "D", 80, 70)];
    let t = table(&["D", "C", "B", "A"], &games, Completion::InProgress);

    assert_eq!(order(&t), ["A", "C", "B", "D"]);
    assert_eq!(
        t.rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
        [1, 1, 3, 3]
    );
    assert!(t.rows.iter().all(|r| r.shared_rank && !r.draw_of_lots));
    assert_eq!(
        explained(&t, "A"),
        Some((
            "A level with C: A and C are equal on every tie-break criterion, \
             so they share the place until more games are played"
                .to_owned(),
            "A 与 C 并列：A、C 两队所有排名规则均相同，暂列同一名次，待更多比赛后再定".to_owned()
        ))
    );
    assert_eq!(explained(&t, "C"), None);
    assert!(matches!(reason(&t, "B"), Reason::SharedPlace { .. }));
}

#[test]
fn teams_level_on_everything_at_the_end_await_a_drawing_of_lots() {
    let games = [
        game("A", "B", 80, 70),
        game("B", "C", 80, 70),
        game("C", "A", 80, 70),
    ];
    let t = table(&["C", "A", "B"], &games, Completion::Complete);

    assert_eq!(order(&t), ["A", "B", "C"], "listed by name until the draw");
    assert_eq!(t.rows.iter().map(|r| r.rank).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(t.rows.iter().all(|r| r.draw_of_lots && !r.shared_rank));
    assert_eq!(
        explained(&t, "A"),
        Some((
            "A level with B: A, B, C are equal on every tie-break criterion, \
             so a drawing of lots must decide their places"
                .to_owned(),
            "A 与 B 并列：A、B、C 三队所有排名规则均相同，须抽签决定名次".to_owned()
        ))
    );
    assert!(matches!(reason(&t, "B"), Reason::DrawOfLots { .. }));
    assert_eq!(explained(&t, "C"), None);
}

#[test]
fn a_drawing_of_lots_concerns_only_the_teams_still_level() {
    // Double round robin: A wins all four; B and C split their two games 80:70 each way
    // and lost to A by the same scores.
    let games = [
        game("A", "B", 80, 70),
        game("B", "A", 70, 80),
        game("A", "C", 80, 70),
        game("C", "A", 70, 80),
        game("B", "C", 80, 70),
        game("C", "B", 80, 70),
    ];
    let t = table(&["C", "B", "A"], &games, Completion::Complete);
    assert_eq!(order(&t), ["A", "B", "C"]);
    assert_eq!(t.rows.iter().map(|r| r.rank).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(
        t.rows.iter().map(|r| r.draw_of_lots).collect::<Vec<_>>(),
        [false, true, true]
    );
    assert_eq!(explained(&t, "A"), None);
    assert_eq!(
        explained(&t, "B").unwrap().0,
        "B level with C: B and C are equal on every tie-break criterion, \
         so a drawing of lots must decide their places"
    );
}

#[test]
fn last_five_lists_the_most_recent_results_last() {
    let games = [
        game("A", "B", 50, 60), // A lost: oldest, dropped
        game("A", "B", 70, 60), // A won: dropped
        game("B", "A", 70, 60), // A lost
        game("A", "B", 70, 60), // A won
        game("A", "B", 70, 60), // A won
        game("B", "A", 59, 60), // A won
        game("B", "A", 61, 60), // A lost: most recent
    ];
    let t = table(&["A", "B"], &games, Completion::InProgress);
    use Form::{Lost as L, Won as W};
    assert_eq!(row(&t, "A").last_five, [L, W, W, W, L]);
    assert_eq!(row(&t, "B").last_five, [W, L, L, L, W]);
    assert_eq!(row(&t, "A").played, 7);
}

#[test]
fn a_round_robin_is_complete_once_every_pair_has_met_equally_often() {
    let teams = names(&["A", "B", "C"]);
    let first_leg = [
        game("A", "B", 1, 0),
        game("B", "C", 1, 0),
        game("C", "A", 1, 0),
    ];
    let second_leg = [
        game("B", "A", 1, 0),
        game("C", "B", 1, 0),
        game("A", "C", 1, 0),
    ];
    let completion = |games: &[_]| Completion::of_round_robin(&teams, games);

    assert_eq!(completion(&[]), Completion::InProgress);
    assert_eq!(completion(&first_leg[..2]), Completion::InProgress);
    assert_eq!(completion(&first_leg), Completion::Complete);
    let mut one_and_a_half = first_leg.to_vec();
    one_and_a_half.push(second_leg[0].clone());
    assert_eq!(completion(&one_and_a_half), Completion::InProgress);
    let double: Vec<_> = first_leg.iter().chain(&second_leg).cloned().collect();
    assert_eq!(completion(&double), Completion::Complete);
    // A forfeit is a meeting too.
    let forfeited = [
        ended("A", "B", 0, 0, Outcome::ForfeitByHome),
        game("B", "C", 1, 0),
        game("C", "A", 1, 0),
    ];
    assert_eq!(completion(&forfeited), Completion::Complete);
    assert_eq!(
        Completion::of_round_robin(&names(&["A"]), &[]),
        Completion::Complete
    );
}

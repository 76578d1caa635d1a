//! Every way a set of results can be refused, each naming the game at fault.

use cunba_domain::standings::{
    compute_standings, standings_from_json, Completion, GameProblem, GameRef, InputError,
    StandingsError,
};

use super::{game, names, GameResult};

fn refused(games: &[GameResult<String>]) -> StandingsError {
    compute_standings(&names(&["A", "B", "C"]), games, Completion::InProgress)
        .expect_err("results are refused")
}

fn refused_json(input: &str) -> InputError {
    standings_from_json(input).expect_err("input is refused")
}

#[test]
fn a_draw_is_refused() {
    let error = refused(&[
        game("A", "B", 70, 60),
        game("B", "C", 70, 60),
        game("A", "B", 80, 80),
    ]);
    assert_eq!(
        error,
        StandingsError::InvalidGame {
            game: GameRef {
                number: 3,
                home: "A".into(),
                away: "B".into()
            },
            problem: GameProblem::Draw { score: 80 },
        }
    );
    assert_eq!(
        error.to_string(),
        "game 3 (A vs B): a draw is not possible in basketball — 80:80"
    );
    assert_eq!(
        error.zh(),
        "第 3 场（A 对 B）：篮球比赛不能打平，平局须打决胜期 — 80:80"
    );
}

#[test]
fn an_unknown_team_is_refused() {
    let error = refused(&[game("A", "X", 70, 60)]);
    assert_eq!(
        error.to_string(),
        "game 1 (A vs X): team X is not in the list of teams"
    );
    assert_eq!(error.zh(), "第 1 场（A 对 X）：球队 X 不在参赛球队名单中");
    let error = refused(&[game("A", "B", 70, 60), game("Y", "C", 70, 60)]);
    assert_eq!(
        error.to_string(),
        "game 2 (Y vs C): team Y is not in the list of teams"
    );
}

#[test]
fn a_team_playing_itself_is_refused() {
    let error = refused(&[game("B", "B", 70, 60)]);
    assert_eq!(
        error.to_string(),
        "game 1 (B vs B): a team cannot play itself"
    );
    assert_eq!(error.zh(), "第 1 场（B 对 B）：球队不能与自己比赛");
}

#[test]
fn a_score_above_250_is_refused() {
    let error = refused(&[game("A", "B", 251, 60)]);
    assert_eq!(
        error.to_string(),
        "game 1 (A vs B): score 251 is above the maximum of 250"
    );
    assert_eq!(error.zh(), "第 1 场（A 对 B）：比分 251 超过上限 250");
    assert!(compute_standings(
        &names(&["A", "B"]),
        &[game("A", "B", 250, 60)],
        Completion::Complete
    )
    .is_ok());
}

#[test]
fn a_team_listed_twice_is_refused() {
    let error = compute_standings(&names(&["A", "B", "A"]), &[], Completion::InProgress)
        .expect_err("duplicate team");
    assert_eq!(error.to_string(), "team A is listed more than once");
    assert_eq!(error.zh(), "球队 A 在名单中重复出现");
}

#[test]
fn a_negative_score_is_refused_when_reading_json() {
    let error = refused_json(
        r#"{"teams": ["A", "B"], "games": [{"home": "A", "away": "B", "home_score": 70, "away_score": -3}]}"#,
    );
    assert_eq!(
        error.to_string(),
        "game 1 (A vs B): a score cannot be negative — −3"
    );
    assert_eq!(error.zh(), "第 1 场（A 对 B）：比分不能为负数 — −3");
}

#[test]
fn a_huge_score_in_json_is_too_high_not_a_type_error() {
    let error = refused_json(
        r#"{"teams": ["A", "B"], "games": [{"home": "A", "away": "B", "home_score": 9999999999, "away_score": 1}]}"#,
    );
    assert_eq!(
        error.to_string(),
        "game 1 (A vs B): score 9999999999 is above the maximum of 250"
    );
}

#[test]
fn a_played_game_without_a_score_is_refused() {
    let error = refused_json(r#"{"teams": ["A", "B"], "games": [{"home": "A", "away": "B"}]}"#);
    assert_eq!(
        error.to_string(),
        "game 1 (A vs B): a played game needs both scores"
    );
}

#[test]
fn json_errors_from_the_table_name_the_game() {
    let error = refused_json(
        r#"{"teams": ["A", "B"], "games": [
            {"home": "A", "away": "B", "home_score": 70, "away_score": 60},
            {"home": "B", "away": "A", "home_score": 80, "away_score": 80}]}"#,
    );
    assert_eq!(
        error.to_string(),
        "game 2 (B vs A): a draw is not possible in basketball — 80:80"
    );
}

#[test]
fn malformed_json_is_one_clear_line() {
    for input in [
        "",
        "{",
        r#"{"games": []}"#,
        r#"{"teams": "A"}"#,
        r#"{"teams": ["A", "B"], "games": [{"home": "A", "away": "B", "home_score": 70.5, "away_score": 60}]}"#,
        r#"{"teams": ["A", "B"], "games": [{"home": "A", "away": "B", "home_score": 70, "away_score": 60, "outcome": "abandoned"}]}"#,
        r#"{"teams": ["A", "B"], "games": [{"home": "A", "away": "B", "home_scor": 70, "away_score": 60}]}"#,
    ] {
        let error = refused_json(input);
        assert!(
            matches!(error, InputError::Malformed(_)),
            "{input}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.starts_with("malformed input: "), "{message}");
        assert!(!message.contains('\n'), "{message}");
        assert!(error.zh().starts_with("输入格式错误："));
    }
}

//! The CLI form: JSON in, JSON or an aligned table out.

use cunba_domain::standings::{render_table, standings_from_json};
use serde_json::{json, Value};

const EXAMPLE_2: &str = r#"{
  "teams": ["A", "B", "C", "D"],
  "games": [
    {"home": "A", "away": "B", "home_score": 100, "away_score": 55, "outcome": "played"},
    {"home": "A", "away": "C", "home_score": 90, "away_score": 85},
    {"home": "A", "away": "D", "home_score": 120, "away_score": 75},
    {"home": "B", "away": "C", "home_score": 100, "away_score": 85},
    {"home": "B", "away": "D", "home_score": 75, "away_score": 80},
    {"home": "C", "away": "D", "home_score": 65, "away_score": 55}
  ]
}"#;

#[test]
fn json_output_has_the_agreed_shape() {
    let report = standings_from_json(EXAMPLE_2).expect("valid input");
    let output: Value = serde_json::to_value(&report).unwrap();

    assert_eq!(output["complete"], json!(true));
    let rows = output["standings"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[1],
        json!({
            "rank": 2, "team": "B", "played": 3, "won": 1, "lost": 2, "points": 4,
            "points_for": 230, "points_against": 265, "difference": -35,
            "last_five": ["L", "W", "L"],
            "explanation": "B above C: point difference in games among B, C, D +10 vs −5",
            "explanation_zh": "B 高于 C：B、C、D 三队相互比赛净胜分 +10 对 −5",
            "shared_rank": false, "draw_of_lots": false
        })
    );
    assert_eq!(rows[0]["explanation"], Value::Null);
}

#[test]
fn completion_is_read_from_the_results_unless_given() {
    let incomplete = r#"{"teams": ["A", "B", "C"], "games": [
        {"home": "A", "away": "B", "home_score": 80, "away_score": 70}]}"#;
    assert!(!standings_from_json(incomplete).unwrap().complete);

    let declared = r#"{"teams": ["A", "B"], "complete": false, "games": [
        {"home": "A", "away": "B", "home_score": 80, "away_score": 70}]}"#;
    assert!(!standings_from_json(declared).unwrap().complete);

    let no_games = r#"{"teams": ["A", "B"]}"#;
    let report = standings_from_json(no_games).unwrap();
    assert!(!report.complete);
    assert!(report
        .standings
        .iter()
        .all(|r| r.rank == 1 && r.shared_rank));
}

#[test]
fn forfeits_and_defaults_need_no_score() {
    let input = r#"{"teams": ["A", "B", "C"], "games": [
        {"home": "A", "away": "B", "outcome": "forfeit_by_away"},
        {"home": "C", "away": "A", "outcome": "default_by_home"},
        {"home": "B", "away": "C", "home_score": 61, "away_score": 70, "outcome": "default_by_home"}]}"#;
    let report = standings_from_json(input).unwrap();
    let by_team = |team: &str| report.standings.iter().find(|r| r.team == team).unwrap();
    assert_eq!((by_team("A").points, by_team("A").points_for), (4, 22));
    assert_eq!((by_team("B").points, by_team("B").points_against), (1, 90));
    assert_eq!((by_team("C").points, by_team("C").points_for), (3, 70));
}

#[test]
fn the_table_is_aligned_and_explains_its_ties() {
    let report = standings_from_json(EXAMPLE_2).unwrap();
    assert_eq!(
        render_table(&report),
        "\
#  Team  P  W  L  Pts   PF   PA  Diff  Last 5
1  A     3  3  0    6  310  215   +95  WWW
2  B     3  1  2    4  230  265   −35  LWL
3  C     3  1  2    4  235  245   −10  LLW
4  D     3  1  2    4  210  260   −50  LWL

Tie-breaks / 同分排名:
  B 高于 C：B、C、D 三队相互比赛净胜分 +10 对 −5
  B above C: point difference in games among B, C, D +10 vs −5
  C 高于 D：C、D 两队相互比赛积分 2 对 1
  C above D: classification points in games between C and D 2 vs 1
"
    );
}

#[test]
fn the_table_aligns_chinese_names_and_marks_shared_places() {
    let input = r#"{"teams": ["上村队", "下村", "A"], "games": [
        {"home": "上村队", "away": "A", "home_score": 80, "away_score": 70},
        {"home": "下村", "away": "A", "home_score": 80, "away_score": 70}]}"#;
    let table = render_table(&standings_from_json(input).unwrap());
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "#   Team    P  W  L  Pts   PF   PA  Diff  Last 5");
    assert_eq!(lines[1], "1=  上村队  1  1  0    2   80   70   +10  W");
    assert_eq!(lines[2], "1=  下村    1  1  0    2   80   70   +10  W");
    // Two losses are worth as much as one win: A is level on points with both winners.
    assert_eq!(lines[3], "3   A       2  0  2    2  140  160   −20  LL");
    assert_eq!(
        lines[4],
        "= shared place, games remain / 并列名次，尚有比赛未完成"
    );
    assert!(lines.contains(&"  下村 高于 A：上村队、下村、A 三队相互比赛净胜分 +10 对 −20"));
}

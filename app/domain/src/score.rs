//! A captain's score report as typed into the phone form, checked before anything is saved.
//!
//! The form sends plain text fields (so it works without JavaScript): `outcome`, the final
//! `home` and `away` scores, and optionally the four quarters (`q1h`, `q1a` … `q4h`, `q4a`)
//! and up to four overtimes (`ot1h`, `ot1a` …). [`parse`] turns those fields into a
//! [`ScoreInput`] or a list of [`FieldError`]s, one per field, so the form can say exactly
//! what is wrong next to the right box.
//!
//! The box score is optional: points (`pts{player}`) and personal fouls (`pf{player}`) for
//! players on the two rosters, checked by [`parse_box`] once the score itself is known.

use serde::{Deserialize, Serialize};

use crate::standings::{Outcome, MAX_SCORE};

/// How many overtimes the form offers.
pub const MAX_OVERTIMES: usize = 4;

/// A checked score report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreInput {
    pub outcome: Outcome,
    /// The final score as played (for a forfeit: 0:0, the table records 20:0).
    pub home: u32,
    pub away: u32,
    /// Quarters then overtimes, (home, away); empty when only the final score was given.
    pub periods: Vec<(u32, u32)>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Required and empty.
    Missing,
    /// Not a whole number.
    NotANumber,
    /// Above [`MAX_SCORE`] (or negative).
    OutOfRange,
    /// A played game ended level: basketball has no draws.
    Draw,
    /// The periods do not add up to the final score.
    PeriodsDoNotAddUp,
    /// Some quarters filled in, others not.
    QuartersIncomplete,
    /// Overtime entered although regulation time did not end level (or an earlier
    /// overtime did not end level, or the last one did).
    OvertimeNotLevel,
    /// An outcome the form does not offer.
    UnknownOutcome,
    /// More personal fouls than [`MAX_FOULS`].
    TooManyFouls,
    /// A team's players scored more points than the team.
    PlayerPointsExceedScore,
}

impl Problem {
    pub const ALL: [Problem; 10] = [
        Problem::Missing,
        Problem::NotANumber,
        Problem::OutOfRange,
        Problem::Draw,
        Problem::PeriodsDoNotAddUp,
        Problem::QuartersIncomplete,
        Problem::OvertimeNotLevel,
        Problem::UnknownOutcome,
        Problem::TooManyFouls,
        Problem::PlayerPointsExceedScore,
    ];

    /// A short stable name, for carrying field errors in a redirect.
    pub fn code(self) -> String {
        format!("{self:?}")
    }

    pub fn from_code(code: &str) -> Option<Problem> {
        Problem::ALL
            .into_iter()
            .find(|problem| problem.code() == code)
    }
}

impl crate::form::Problem for Problem {
    fn code(self) -> String {
        Problem::code(self)
    }
    fn from_code(code: &str) -> Option<Self> {
        Problem::from_code(code)
    }
}

/// A field of the score form (`home`, `q3a`, `ot1h`, `outcome`, `pts17`, `box_home` …) and
/// its problem.
pub type FieldError = crate::form::FieldError<Problem>;

/// The score form's and the answer form's field names, declared once: the page, the
/// handler and the tests use these.
pub mod fields {
    use super::MAX_OVERTIMES;

    pub const OUTCOME: &str = "outcome";
    pub const HOME: &str = "home";
    pub const AWAY: &str = "away";
    /// The report's version the page was built from (a stale page is refused).
    pub const VERSION: &str = "version";
    /// The idempotency key: the same post twice is saved once.
    pub const KEY: &str = "key";
    pub const QUARTERS: [(&str, &str); 4] = [
        ("q1h", "q1a"),
        ("q2h", "q2a"),
        ("q3h", "q3a"),
        ("q4h", "q4a"),
    ];
    pub const OVERTIMES: [(&str, &str); MAX_OVERTIMES] = [
        ("ot1h", "ot1a"),
        ("ot2h", "ot2a"),
        ("ot3h", "ot3a"),
        ("ot4h", "ot4a"),
    ];
    /// The fields that come back into the form after an error (with the box score's).
    pub const TYPED: [&str; 19] = [
        OUTCOME, HOME, AWAY, "q1h", "q1a", "q2h", "q2a", "q3h", "q3a", "q4h", "q4a", "ot1h",
        "ot1a", "ot2h", "ot2a", "ot3h", "ot3a", "ot4h", "ot4a",
    ];
    /// A player's points and fouls: `pts{player}`, `pf{player}`.
    pub const POINTS_PREFIX: &str = "pts";
    pub const FOULS_PREFIX: &str = "pf";
    pub const BOX_HOME: &str = "box_home";
    pub const BOX_AWAY: &str = "box_away";
    /// The answer form: the report answered, `confirm` or `dispute`, and the comment.
    pub const REPORT: &str = "report";
    pub const ANSWER: &str = "answer";
    pub const COMMENT: &str = "comment";
}

use fields::{AWAY, HOME, OUTCOME, OVERTIMES, QUARTERS};

/// A player's points or fouls field (`pts17`, `pf17`).
pub fn is_box_field(name: &str) -> bool {
    [fields::POINTS_PREFIX, fields::FOULS_PREFIX]
        .iter()
        .any(|prefix| {
            name.strip_prefix(prefix)
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Parses and checks a score form. `fields` are the form's (name, value) pairs; unknown
/// names are ignored, the last value of a repeated name wins.
pub fn parse<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<ScoreInput, Vec<FieldError>> {
    let fields: Vec<(&str, &str)> = fields.into_iter().collect();
    let get = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    };
    let mut errors = Vec::new();
    let number = |name: &'static str, errors: &mut Vec<FieldError>| -> Option<Option<u32>> {
        let Some(text) = get(name) else {
            return Some(None);
        };
        match read_number(text, MAX_SCORE) {
            Ok(value) => Some(Some(value)),
            Err(problem) => {
                errors.push(FieldError {
                    field: name.into(),
                    problem,
                });
                None
            }
        }
    };

    let outcome = match get(OUTCOME).unwrap_or("played") {
        "played" => Some(Outcome::Played),
        "forfeit_by_home" => Some(Outcome::ForfeitByHome),
        "forfeit_by_away" => Some(Outcome::ForfeitByAway),
        "default_by_home" => Some(Outcome::DefaultByHome),
        "default_by_away" => Some(Outcome::DefaultByAway),
        _ => {
            errors.push(FieldError::new(OUTCOME, Problem::UnknownOutcome));
            None
        }
    };
    let forfeit = matches!(
        outcome,
        Some(Outcome::ForfeitByHome | Outcome::ForfeitByAway)
    );

    let home = number(HOME, &mut errors);
    let away = number(AWAY, &mut errors);
    let mut quarters = Vec::new();
    let mut quarter_parse_failed = false;
    for (h, a) in QUARTERS {
        match (number(h, &mut errors), number(a, &mut errors)) {
            (Some(h), Some(a)) => quarters.push((h, a)),
            _ => quarter_parse_failed = true,
        }
    }
    let mut overtimes = Vec::new();
    let mut overtime_parse_failed = false;
    for (h, a) in OVERTIMES {
        match (number(h, &mut errors), number(a, &mut errors)) {
            (Some(h), Some(a)) => overtimes.push((h, a)),
            _ => overtime_parse_failed = true,
        }
    }

    if forfeit {
        // The table records 20:0 whatever was typed; nothing else to check.
        return match (outcome, errors.is_empty()) {
            (Some(outcome), true) => Ok(ScoreInput {
                outcome,
                home: 0,
                away: 0,
                periods: Vec::new(),
            }),
            _ => Err(errors),
        };
    }

    let (home, away) = match (home, away) {
        (Some(Some(home)), Some(Some(away))) => (Some(home), Some(away)),
        (home, away) => {
            if home == Some(None) {
                errors.push(FieldError::new(HOME, Problem::Missing));
            }
            if away == Some(None) {
                errors.push(FieldError::new(AWAY, Problem::Missing));
            }
            (None, None)
        }
    };
    if let (Some(Outcome::Played), Some(home), Some(away)) = (outcome, home, away) {
        if home == away {
            errors.push(FieldError::new(AWAY, Problem::Draw));
        }
    }

    let mut periods = Vec::new();
    if !quarter_parse_failed && !overtime_parse_failed {
        let filled = quarters
            .iter()
            .filter(|(h, a)| h.is_some() && a.is_some())
            .count();
        let touched = quarters.iter().any(|(h, a)| h.is_some() || a.is_some());
        let overtime_touched = overtimes.iter().any(|(h, a)| h.is_some() || a.is_some());
        if filled == 4 {
            periods.extend(
                quarters
                    .iter()
                    .map(|(h, a)| (h.unwrap_or(0), a.unwrap_or(0))),
            );
            // Overtimes: a prefix of filled pairs, nothing after the first gap.
            let mut gap = false;
            for (index, (h, a)) in overtimes.iter().enumerate() {
                match (h, a, gap) {
                    (Some(h), Some(a), false) => periods.push((*h, *a)),
                    (None, None, _) => gap = true,
                    _ => {
                        let (hf, af) = OVERTIMES[index];
                        errors.push(FieldError::new(
                            if h.is_none() { hf } else { af },
                            Problem::Missing,
                        ));
                    }
                }
            }
            check_overtimes(&periods, &mut errors);
            if let (Some(home), Some(away)) = (home, away) {
                let (sum_home, sum_away) =
                    periods.iter().fold((0, 0), |(h, a), p| (h + p.0, a + p.1));
                if sum_home != home {
                    errors.push(FieldError::new(HOME, Problem::PeriodsDoNotAddUp));
                }
                if sum_away != away {
                    errors.push(FieldError::new(AWAY, Problem::PeriodsDoNotAddUp));
                }
            }
        } else if touched || overtime_touched {
            let first_empty = QUARTERS
                .iter()
                .zip(&quarters)
                .find_map(|((hf, af), (h, a))| match (h, a) {
                    (None, _) => Some(*hf),
                    (_, None) => Some(*af),
                    _ => None,
                })
                .unwrap_or("q1h");
            errors.push(FieldError::new(first_empty, Problem::QuartersIncomplete));
        }
    }

    match (outcome, home, away) {
        (Some(outcome), Some(home), Some(away)) if errors.is_empty() => Ok(ScoreInput {
            outcome,
            home,
            away,
            periods,
        }),
        _ => Err(errors),
    }
}

/// Regulation must end level for any overtime; each overtime but the last ends level too,
/// and the last one does not.
fn check_overtimes(periods: &[(u32, u32)], errors: &mut Vec<FieldError>) {
    if periods.len() <= 4 {
        return;
    }
    let mut home = 0;
    let mut away = 0;
    for (index, (h, a)) in periods.iter().enumerate() {
        home += h;
        away += a;
        let is_last = index + 1 == periods.len();
        let must_be_level = index >= 3 && !is_last;
        if (must_be_level && home != away) || (is_last && home == away) {
            let field = if index >= 4 {
                OVERTIMES[index - 4].0
            } else {
                "q4h"
            };
            errors.push(FieldError {
                field: field.into(),
                problem: Problem::OvertimeNotLevel,
            });
            return;
        }
    }
}

/// Reads a whole number typed on a phone: ASCII or full-width digits (a Chinese keyboard
/// may offer those), 0 to `max`.
fn read_number(text: &str, max: u32) -> Result<u32, Problem> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            other => other,
        })
        .collect();
    match ascii.parse::<i64>() {
        Ok(value) if (0..=i64::from(max)).contains(&value) => Ok(value as u32),
        Ok(_) => Err(if max == MAX_FOULS {
            Problem::TooManyFouls
        } else {
            Problem::OutOfRange
        }),
        Err(_) => Err(Problem::NotANumber),
    }
}

/// Personal fouls a player can have: the fifth foul sends a player off (FIBA Art. 40).
pub const MAX_FOULS: u32 = 5;

/// Which team a player's line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Home,
    Away,
}

/// One player's points and personal fouls in one game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerLine {
    pub player_id: i32,
    pub side: Side,
    pub points: u32,
    pub fouls: u32,
    /// Three-pointers made, when they were recorded (a scoresheet kept line by line knows
    /// them; a box score typed in after the game does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threes: Option<u32>,
}

/// A box-score field error: the form field (`pts17`, `pf17`, `box_home` …) and its problem.
pub type BoxError = FieldError;

/// The form field of a player's points.
pub fn points_field(player_id: i32) -> String {
    format!("{}{player_id}", fields::POINTS_PREFIX)
}

/// The form field of a player's fouls.
pub fn fouls_field(player_id: i32) -> String {
    format!("{}{player_id}", fields::FOULS_PREFIX)
}

/// The field that carries a whole team's box-score error.
pub fn box_field(side: Side) -> &'static str {
    match side {
        Side::Home => fields::BOX_HOME,
        Side::Away => fields::BOX_AWAY,
    }
}

/// Parses the optional box score: `pts{id}` and `pf{id}` for the players of the two
/// rosters (other names are ignored). A player with both fields empty did not score or
/// foul and gets no line. A team's players cannot have scored more than the team did
/// (players missing from the roster may account for the rest). A forfeit has no box score.
pub fn parse_box<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    home_roster: &[i32],
    away_roster: &[i32],
    score: &ScoreInput,
) -> Result<Vec<PlayerLine>, Vec<BoxError>> {
    if matches!(
        score.outcome,
        Outcome::ForfeitByHome | Outcome::ForfeitByAway
    ) {
        return Ok(Vec::new());
    }
    let fields: Vec<(&str, &str)> = fields.into_iter().collect();
    let get = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    };
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    let read = |field: String, max: u32, errors: &mut Vec<BoxError>| match get(&field) {
        None => Some(None),
        Some(text) => match read_number(text, max) {
            Ok(value) => Some(Some(value)),
            Err(problem) => {
                errors.push(FieldError::new(field, problem));
                None
            }
        },
    };
    for (side, roster, team_score) in [
        (Side::Home, home_roster, score.home),
        (Side::Away, away_roster, score.away),
    ] {
        let mut total = 0;
        for &player_id in roster {
            let points = read(points_field(player_id), MAX_SCORE, &mut errors);
            let fouls = read(fouls_field(player_id), MAX_FOULS, &mut errors);
            // Points count towards the team's total even when the fouls are wrong.
            total += points.flatten().unwrap_or(0);
            if let (Some(points), Some(fouls)) = (points, fouls) {
                if points.is_some() || fouls.is_some() {
                    let points = points.unwrap_or(0);
                    lines.push(PlayerLine {
                        player_id,
                        side,
                        points,
                        fouls: fouls.unwrap_or(0),
                        threes: None,
                    });
                }
            }
        }
        if total > team_score {
            errors.push(FieldError::new(
                box_field(side),
                Problem::PlayerPointsExceedScore,
            ));
        }
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&'static str, &'static str)]) -> Result<ScoreInput, Vec<FieldError>> {
        parse(pairs.iter().copied())
    }

    fn problems(result: Result<ScoreInput, Vec<FieldError>>) -> Vec<(&'static str, Problem)> {
        result
            .expect_err("the form should be rejected")
            .into_iter()
            .map(|error| {
                let name = fields::TYPED
                    .into_iter()
                    .find(|name| *name == error.field)
                    .expect("a field the score form declares");
                (name, error.problem)
            })
            .collect()
    }

    #[test]
    fn a_final_score_alone_is_enough() {
        let input = form(&[("home", "78"), ("away", " 65 ")]).unwrap();
        assert_eq!(
            input,
            ScoreInput {
                outcome: Outcome::Played,
                home: 78,
                away: 65,
                periods: vec![]
            }
        );
    }

    #[test]
    fn full_width_digits_from_a_chinese_keyboard_are_read() {
        let input = form(&[("home", "７８"), ("away", "６５")]).unwrap();
        assert_eq!((input.home, input.away), (78, 65));
    }

    #[test]
    fn quarters_must_add_up_to_the_final_score() {
        let quarters = [
            ("q1h", "20"),
            ("q1a", "15"),
            ("q2h", "18"),
            ("q2a", "20"),
            ("q3h", "20"),
            ("q3a", "15"),
            ("q4h", "20"),
        ];
        let mut fields = vec![("home", "78"), ("away", "65"), ("q4a", "15")];
        fields.extend(quarters);
        let input = parse(fields.iter().copied()).unwrap();
        assert_eq!(input.periods, vec![(20, 15), (18, 20), (20, 15), (20, 15)]);

        let mut wrong = vec![("home", "79"), ("away", "65"), ("q4a", "15")];
        wrong.extend(quarters);
        assert_eq!(
            problems(parse(wrong.iter().copied())),
            vec![("home", Problem::PeriodsDoNotAddUp)]
        );
    }

    #[test]
    fn some_quarters_without_the_others_are_rejected() {
        assert_eq!(
            problems(form(&[
                ("home", "78"),
                ("away", "65"),
                ("q1h", "20"),
                ("q1a", "15")
            ])),
            vec![("q2h", Problem::QuartersIncomplete)]
        );
    }

    #[test]
    fn a_draw_is_rejected_but_a_default_may_stop_level() {
        assert_eq!(
            problems(form(&[("home", "70"), ("away", "70")])),
            vec![("away", Problem::Draw)]
        );
        let input = form(&[
            ("home", "40"),
            ("away", "40"),
            ("outcome", "default_by_away"),
        ])
        .unwrap();
        assert_eq!(input.outcome, Outcome::DefaultByAway);
    }

    #[test]
    fn scores_must_be_whole_numbers_from_0_to_250() {
        assert_eq!(
            problems(form(&[("home", "251"), ("away", "-1")])),
            vec![("home", Problem::OutOfRange), ("away", Problem::OutOfRange)]
        );
        assert_eq!(
            problems(form(&[("home", "7x"), ("away", "")])),
            vec![("home", Problem::NotANumber), ("away", Problem::Missing)]
        );
        assert!(form(&[("home", "250"), ("away", "0")]).is_ok());
    }

    #[test]
    fn a_forfeit_needs_no_score() {
        let input = form(&[("outcome", "forfeit_by_home")]).unwrap();
        assert_eq!(
            input,
            ScoreInput {
                outcome: Outcome::ForfeitByHome,
                home: 0,
                away: 0,
                periods: vec![]
            }
        );
        assert!(problems(form(&[("outcome", "walkover")]))
            .contains(&("outcome", Problem::UnknownOutcome)));
    }

    #[test]
    fn overtime_follows_a_level_regulation_time_and_decides() {
        let base = [
            ("q1h", "20"),
            ("q1a", "20"),
            ("q2h", "20"),
            ("q2a", "20"),
            ("q3h", "20"),
            ("q3a", "20"),
            ("q4h", "10"),
            ("q4a", "10"),
        ];
        let mut ok = vec![("home", "78"), ("away", "75"), ("ot1h", "8"), ("ot1a", "5")];
        ok.extend(base);
        assert_eq!(parse(ok.iter().copied()).unwrap().periods.len(), 5);

        let mut level_after_overtime = vec![
            ("home", "75"),
            ("away", "75"),
            ("outcome", "default_by_home"),
            ("ot1h", "5"),
            ("ot1a", "5"),
        ];
        level_after_overtime.extend(base);
        assert_eq!(
            problems(parse(level_after_overtime.iter().copied())),
            vec![("ot1h", Problem::OvertimeNotLevel)]
        );

        let mut not_level = vec![("home", "79"), ("away", "75"), ("ot1h", "8"), ("ot1a", "5")];
        not_level.extend(
            base.iter()
                .map(|&(k, v)| if k == "q4h" { (k, "11") } else { (k, v) }),
        );
        assert_eq!(
            problems(parse(not_level.iter().copied())),
            vec![("q4h", Problem::OvertimeNotLevel)]
        );
    }

    fn box_of(
        pairs: &[(&'static str, &'static str)],
        score: (u32, u32),
    ) -> Result<Vec<PlayerLine>, Vec<(String, Problem)>> {
        let score = ScoreInput {
            outcome: Outcome::Played,
            home: score.0,
            away: score.1,
            periods: vec![],
        };
        parse_box(pairs.iter().copied(), &[1, 2, 3], &[11, 12], &score).map_err(|errors| {
            errors
                .into_iter()
                .map(|error| (error.field, error.problem))
                .collect()
        })
    }

    #[test]
    fn a_box_score_gives_one_line_per_player_who_scored_or_fouled() {
        let lines = box_of(
            &[
                ("pts1", "20"),
                ("pf1", "3"),
                ("pf2", "１"),
                ("pts3", ""),
                ("pts11", "30"),
                ("pts99", "40"),
            ],
            (60, 55),
        )
        .unwrap();
        assert_eq!(
            lines,
            vec![
                PlayerLine {
                    player_id: 1,
                    side: Side::Home,
                    points: 20,
                    fouls: 3,
                    threes: None
                },
                PlayerLine {
                    player_id: 2,
                    side: Side::Home,
                    points: 0,
                    fouls: 1,
                    threes: None
                },
                PlayerLine {
                    player_id: 11,
                    side: Side::Away,
                    points: 30,
                    fouls: 0,
                    threes: None
                },
            ],
            "an empty player has no line and a player off both rosters is ignored"
        );
        assert_eq!(box_of(&[], (60, 55)).unwrap(), vec![]);
    }

    #[test]
    fn players_cannot_score_more_than_their_team() {
        // Equal is fine (every scorer entered); fewer is fine (someone off the roster scored).
        assert!(box_of(&[("pts1", "30"), ("pts2", "30")], (60, 55)).is_ok());
        assert!(box_of(&[("pts1", "30")], (60, 55)).is_ok());
        assert_eq!(
            box_of(&[("pts1", "30"), ("pts2", "31"), ("pts12", "56")], (60, 55)).unwrap_err(),
            vec![
                ("box_home".to_owned(), Problem::PlayerPointsExceedScore),
                ("box_away".to_owned(), Problem::PlayerPointsExceedScore)
            ]
        );
    }

    #[test]
    fn a_sixth_foul_and_bad_numbers_are_named_by_field() {
        assert_eq!(
            box_of(
                &[
                    ("pf1", "5"),
                    ("pts2", "61"),
                    ("pf2", "6"),
                    ("pts3", "x"),
                    ("pts11", "251")
                ],
                (60, 55)
            )
            .unwrap_err(),
            vec![
                ("pf2".to_owned(), Problem::TooManyFouls),
                ("pts3".to_owned(), Problem::NotANumber),
                ("box_home".to_owned(), Problem::PlayerPointsExceedScore),
                ("pts11".to_owned(), Problem::OutOfRange),
            ]
        );
    }

    #[test]
    fn a_forfeit_has_no_box_score() {
        let forfeit = ScoreInput {
            outcome: Outcome::ForfeitByAway,
            home: 0,
            away: 0,
            periods: vec![],
        };
        assert_eq!(
            parse_box([("pts1", "30")], &[1], &[2], &forfeit).unwrap(),
            vec![]
        );
    }

    #[test]
    fn parsing_never_panics_on_any_text() {
        for junk in [
            "",
            " ",
            "💥",
            "99999999999999999999999",
            "1e3",
            "０x",
            "-0",
            "+5",
        ] {
            let _ = form(&[
                ("home", junk),
                ("away", junk),
                ("q1h", junk),
                ("ot4a", junk),
                ("outcome", junk),
            ]);
        }
    }
}

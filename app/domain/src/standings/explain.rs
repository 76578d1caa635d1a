//! Why a team sits above the next one when both have the same classification points.
//!
//! Reasons are kept as data (criterion, teams compared, the two values) and rendered into
//! either language on demand, so the pages, the CLI and the tests agree on one fact.

use std::fmt::{self, Display};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Zh,
    En,
}

/// The tie-break criteria of Annex D, D.1.3, in the order they are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Classification points (the win–loss record) in the games among the tied teams.
    HeadToHeadPoints,
    /// Point difference in the games among the tied teams.
    HeadToHeadDifference,
    /// Points scored in the games among the tied teams.
    HeadToHeadScored,
    /// Point difference in all games.
    OverallDifference,
    /// Points scored in all games.
    OverallScored,
}

impl Criterion {
    pub const IN_ORDER: [Criterion; 5] = [
        Criterion::HeadToHeadPoints,
        Criterion::HeadToHeadDifference,
        Criterion::HeadToHeadScored,
        Criterion::OverallDifference,
        Criterion::OverallScored,
    ];

    pub fn is_head_to_head(self) -> bool {
        matches!(
            self,
            Criterion::HeadToHeadPoints
                | Criterion::HeadToHeadDifference
                | Criterion::HeadToHeadScored
        )
    }

    fn is_difference(self) -> bool {
        matches!(
            self,
            Criterion::HeadToHeadDifference | Criterion::OverallDifference
        )
    }

    fn measure(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Criterion::HeadToHeadPoints, Lang::En) => "classification points",
            (Criterion::HeadToHeadPoints, Lang::Zh) => "积分",
            (Criterion::HeadToHeadDifference | Criterion::OverallDifference, Lang::En) => {
                "point difference"
            }
            (Criterion::HeadToHeadDifference | Criterion::OverallDifference, Lang::Zh) => "净胜分",
            (Criterion::HeadToHeadScored | Criterion::OverallScored, Lang::En) => "points scored",
            (Criterion::HeadToHeadScored | Criterion::OverallScored, Lang::Zh) => "得分",
        }
    }

    fn value(self, value: i64) -> String {
        if self.is_difference() {
            signed(value)
        } else {
            value.to_string()
        }
    }
}

/// Why `team` is listed just above `next`, two teams level on classification points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation<T> {
    pub team: T,
    pub next: T,
    pub reason: Reason<T>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason<T> {
    /// Separated by `criterion`, applied to the teams `among` (listed in table order).
    Separated {
        criterion: Criterion,
        among: Vec<T>,
        team_value: i64,
        next_value: i64,
    },
    /// Level on every criterion while games remain: the teams `among` share a place.
    SharedPlace { among: Vec<T> },
    /// Level on every criterion with every game played: a drawing of lots must decide.
    /// Until it does, the teams `among` are listed in a fixed order (by identifier).
    DrawOfLots { among: Vec<T> },
    /// Level on every criterion with every game played, and the drawing of lots held: the
    /// lots put `team` above `next`.
    DecidedByLot { among: Vec<T> },
}

impl<T: Display> Explanation<T> {
    pub fn render(&self, lang: Lang) -> String {
        let (team, next) = (&self.team, &self.next);
        match (&self.reason, lang) {
            (
                Reason::Separated {
                    criterion,
                    among,
                    team_value,
                    next_value,
                },
                _,
            ) => {
                let (ours, theirs) = (criterion.value(*team_value), criterion.value(*next_value));
                let measure = criterion.measure(lang);
                match lang {
                    Lang::En => {
                        let scope = if criterion.is_head_to_head() {
                            games_among_en(among)
                        } else {
                            "all games".to_owned()
                        };
                        format!("{team} above {next}: {measure} in {scope} {ours} vs {theirs}")
                    }
                    Lang::Zh => {
                        let scope = if criterion.is_head_to_head() {
                            games_among_zh(among)
                        } else {
                            "全部比赛".to_owned()
                        };
                        format!("{team} 高于 {next}：{scope}{measure} {ours} 对 {theirs}")
                    }
                }
            }
            (Reason::SharedPlace { among }, Lang::En) => format!(
                "{team} level with {next}: {} equal on every tie-break criterion, \
                 so they share the place until more games are played",
                teams_en(among)
            ),
            (Reason::SharedPlace { among }, Lang::Zh) => format!(
                "{team} 与 {next} 并列：{}所有排名规则均相同，暂列同一名次，待更多比赛后再定",
                teams_zh(among)
            ),
            (Reason::DrawOfLots { among }, Lang::En) => format!(
                "{team} level with {next}: {} equal on every tie-break criterion, \
                 so a drawing of lots must decide their places",
                teams_en(among)
            ),
            (Reason::DrawOfLots { among }, Lang::Zh) => format!(
                "{team} 与 {next} 并列：{}所有排名规则均相同，须抽签决定名次",
                teams_zh(among)
            ),
            (Reason::DecidedByLot { among }, Lang::En) => format!(
                "{team} above {next}: {} equal on every tie-break criterion, \
                 and the drawing of lots placed them so",
                teams_en(among)
            ),
            (Reason::DecidedByLot { among }, Lang::Zh) => format!(
                "{team} 高于 {next}：{}所有排名规则均相同，由抽签决定名次",
                teams_zh(among)
            ),
        }
    }

    pub fn en(&self) -> String {
        self.render(Lang::En)
    }

    pub fn zh(&self) -> String {
        self.render(Lang::Zh)
    }
}

impl<T: Display> Display for Explanation<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// A number with its sign, using the real minus sign (U+2212) as typeset tables do.
pub fn signed(value: i64) -> String {
    match value {
        0 => "0".to_owned(),
        v if v > 0 => format!("+{v}"),
        v => format!("\u{2212}{}", v.unsigned_abs()),
    }
}

fn games_among_en<T: Display>(teams: &[T]) -> String {
    match teams {
        [a, b] => format!("games between {a} and {b}"),
        _ => format!("games among {}", list(teams, ", ")),
    }
}

fn games_among_zh<T: Display>(teams: &[T]) -> String {
    format!("{}相互比赛", teams_zh(teams))
}

fn teams_en<T: Display>(teams: &[T]) -> String {
    match teams {
        [a, b] => format!("{a} and {b} are"),
        _ => format!("{} are", list(teams, ", ")),
    }
}

/// "B、C、D 三队" — the count in Chinese numerals, as people say it.
fn teams_zh<T: Display>(teams: &[T]) -> String {
    const NUMERALS: [&str; 11] = [
        "零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    let count = NUMERALS
        .get(teams.len())
        .map(|n| n.to_string())
        .unwrap_or_else(|| format!("{} ", teams.len()));
    format!("{} {count}队", list(teams, "、"))
}

fn list<T: Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn separated(
        criterion: Criterion,
        among: &[&'static str],
        a: i64,
        b: i64,
    ) -> Explanation<&'static str> {
        Explanation {
            team: among[0],
            next: among[1],
            reason: Reason::Separated {
                criterion,
                among: among.to_vec(),
                team_value: a,
                next_value: b,
            },
        }
    }

    #[test]
    fn head_to_head_difference_reads_as_in_the_design_notes() {
        let e = separated(Criterion::HeadToHeadDifference, &["B", "C", "D"], 10, -5);
        assert_eq!(
            e.en(),
            "B above C: point difference in games among B, C, D +10 vs −5"
        );
        assert_eq!(e.zh(), "B 高于 C：B、C、D 三队相互比赛净胜分 +10 对 −5");
    }

    #[test]
    fn two_teams_are_between_not_among() {
        let e = separated(Criterion::HeadToHeadPoints, &["A", "B"], 2, 1);
        assert_eq!(
            e.en(),
            "A above B: classification points in games between A and B 2 vs 1"
        );
        assert_eq!(e.zh(), "A 高于 B：A、B 两队相互比赛积分 2 对 1");
    }

    #[test]
    fn overall_criteria_say_all_games() {
        let e = separated(Criterion::OverallDifference, &["A", "B", "C"], 0, -12);
        assert_eq!(e.en(), "A above B: point difference in all games 0 vs −12");
        assert_eq!(e.zh(), "A 高于 B：全部比赛净胜分 0 对 −12");
        let e = separated(Criterion::OverallScored, &["A", "B"], 250, 240);
        assert_eq!(e.en(), "A above B: points scored in all games 250 vs 240");
        assert_eq!(e.zh(), "A 高于 B：全部比赛得分 250 对 240");
    }

    #[test]
    fn minus_is_the_real_minus_sign() {
        assert_eq!(signed(-35), "\u{2212}35");
        assert_eq!(signed(45), "+45");
        assert_eq!(signed(0), "0");
        assert_eq!(
            signed(i64::MIN),
            format!("\u{2212}{}", i64::MIN.unsigned_abs())
        );
    }

    #[test]
    fn large_groups_count_in_digits() {
        let names: Vec<String> = (1..=12).map(|i| format!("T{i}")).collect();
        assert!(teams_zh(&names).ends_with(" 12 队"));
        assert!(teams_zh(&names[..10]).ends_with(" 十队"));
    }
}

//! A drawing of lots, once held. When teams are level on every Annex D criterion with every
//! game played, only lots can separate them; the organiser holds the draw and records the
//! order it gave (1 = first), and the table follows it, saying so in its explanation.

use super::explain::{Explanation, Reason};
use super::table::Standings;

/// Orders each block of teams waiting for a drawing of lots by the lots drawn (`lot(team)`,
/// 1 = placed first), for blocks where every team has one; returns the teams of the blocks
/// still waiting, block by block.
pub fn decide_by_lots<T: Clone + PartialEq>(
    standings: &mut Standings<T>,
    lot: impl Fn(&T) -> Option<u32>,
) -> Vec<Vec<T>> {
    let mut waiting = Vec::new();
    let mut start = 0;
    let rows = &mut standings.rows;
    while start < rows.len() {
        if !rows[start].draw_of_lots {
            start += 1;
            continue;
        }
        // The block: this row and the ones it is level with, down the table.
        let mut end = start;
        while end + 1 < rows.len()
            && rows[end].draw_of_lots
            && matches!(
                rows[end].explanation.as_ref().map(|e| &e.reason),
                Some(Reason::DrawOfLots { .. })
            )
        {
            end += 1;
        }
        let among: Vec<T> = rows[start..=end].iter().map(|r| r.team.clone()).collect();
        let lots: Option<Vec<u32>> = among.iter().map(&lot).collect();
        let Some(lots) = lots else {
            waiting.push(among);
            start = end + 1;
            continue;
        };
        let tail = rows[end].explanation.clone();
        let first_rank = rows[start].rank;
        let mut block: Vec<_> = rows[start..=end].iter().cloned().zip(lots).collect();
        block.sort_by_key(|(_, lot)| *lot);
        for (offset, (row, _)) in block.into_iter().enumerate() {
            rows[start + offset] = row;
        }
        for i in start..=end {
            rows[i].rank = first_rank + (i - start);
            rows[i].draw_of_lots = false;
            rows[i].explanation = if i < end {
                Some(Explanation {
                    team: rows[i].team.clone(),
                    next: rows[i + 1].team.clone(),
                    reason: Reason::DecidedByLot {
                        among: among.clone(),
                    },
                })
            } else {
                tail.clone().map(|e| Explanation {
                    team: rows[i].team.clone(),
                    ..e
                })
            };
        }
        start = end + 1;
    }
    waiting
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standings::{compute_standings, Completion, GameResult, Lang};

    /// A, B, C beat each other in a circle by the same score; D loses to all.
    fn circle() -> Standings<&'static str> {
        let games = [
            GameResult::played("A", "B", 70, 60),
            GameResult::played("B", "C", 70, 60),
            GameResult::played("C", "A", 70, 60),
            GameResult::played("A", "D", 70, 60),
            GameResult::played("B", "D", 70, 60),
            GameResult::played("C", "D", 70, 60),
        ];
        compute_standings(&["A", "B", "C", "D"], &games, Completion::Complete).unwrap()
    }

    #[test]
    fn waits_until_every_level_team_has_a_lot() {
        let mut table = circle();
        assert!(table.rows[..3].iter().all(|r| r.draw_of_lots));
        let waiting = decide_by_lots(&mut table, |t| (*t == "B").then_some(1));
        assert_eq!(waiting, vec![vec!["A", "B", "C"]]);
        assert!(table.rows[..3].iter().all(|r| r.draw_of_lots));
    }

    #[test]
    fn the_lots_drawn_decide_and_the_explanation_says_so() {
        let mut table = circle();
        let drawn = |t: &&str| match *t {
            "C" => Some(1),
            "A" => Some(2),
            "B" => Some(3),
            _ => None,
        };
        assert!(decide_by_lots(&mut table, drawn).is_empty());
        let order: Vec<&str> = table.rows.iter().map(|r| r.team).collect();
        assert_eq!(order, ["C", "A", "B", "D"]);
        let ranks: Vec<usize> = table.rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4]);
        assert!(table.rows.iter().all(|r| !r.draw_of_lots));
        let why = table.rows[0].explanation.as_ref().unwrap();
        assert_eq!(why.next, "A");
        assert!(
            why.render(Lang::Zh).contains("抽签"),
            "{}",
            why.render(Lang::Zh)
        );
        assert!(
            why.render(Lang::En).contains("lots"),
            "{}",
            why.render(Lang::En)
        );
        // The last of the block keeps what separates it from D, now about B.
        let tail = table.rows[2].explanation.as_ref().map(|e| (e.team, e.next));
        assert_eq!(tail.map(|(t, _)| t).unwrap_or("B"), "B");
    }
}

//! A cup moving on: the pools' places go into the knockout, winners (and the semi-finals'
//! losers) on through it, and the podium stands once the final — and the third-place game,
//! when there is one — is decided.
//!
//! Plain data in, plain data out: the caller says what each pool's final places are (only
//! places that nothing but a drawing of lots could still change are left out) and what each
//! knockout game holds; [`advance`] says which sides to fill, which it may not change any
//! more (that game has started), and the podium.

use std::collections::BTreeMap;

use super::stage::{Side, Stage};

/// One side of a knockout game: where it comes from (none for a seed placed directly, as
/// after a bye) and the team on it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<T> {
    pub source: Option<Side>,
    pub team: Option<T>,
}

/// A knockout game as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnockoutGame<T> {
    pub slot: Stage,
    pub home: Line<T>,
    pub away: Line<T>,
    /// `Some(true)` when the home side won; `None` while undecided.
    pub home_won: Option<bool>,
    /// Has a result or a report on its way: its sides are not changed behind anyone's back.
    pub started: bool,
}

/// Put `team` on one side of game `game` (an index into the caller's list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill<T> {
    pub game: usize,
    pub home: bool,
    pub team: Option<T>,
}

/// A side that should change but whose game has started: an organiser decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held<T> {
    pub game: usize,
    pub home: bool,
    pub now: Option<T>,
    pub should_be: Option<T>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Podium<T> {
    pub champion: T,
    pub runner_up: T,
    /// The third-place game's winner; none when the cup has no such game.
    pub third: Option<T>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress<T> {
    pub fills: Vec<Fill<T>>,
    pub held: Vec<Held<T>>,
    pub podium: Option<Podium<T>>,
}

/// What the knockout should hold, given each pool's settled places (`pools[group][place - 1]`,
/// `None` where the place is not settled: the pool still plays, or only lots can decide).
pub fn advance<T: Clone + PartialEq>(
    pools: &BTreeMap<char, Vec<Option<T>>>,
    games: &[KnockoutGame<T>],
) -> Progress<T> {
    let mut sides: Vec<[Option<T>; 2]> = games
        .iter()
        .map(|g| [g.home.team.clone(), g.away.team.clone()])
        .collect();
    let mut held = Vec::new();
    // Each pass settles at least one more round; a bracket has fewer rounds than games.
    for _ in 0..=games.len() {
        let mut changed = false;
        for (index, game) in games.iter().enumerate() {
            for (side, line) in [&game.home, &game.away].into_iter().enumerate() {
                let Some(source) = line.source else { continue };
                let wanted = resolve(source, pools, games, &sides);
                if wanted == sides[index][side] {
                    continue;
                }
                if game.started {
                    let hold = Held {
                        game: index,
                        home: side == 0,
                        now: sides[index][side].clone(),
                        should_be: wanted,
                    };
                    if !held.contains(&hold) {
                        held.push(hold);
                    }
                    continue;
                }
                sides[index][side] = wanted;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut fills = Vec::new();
    for (index, game) in games.iter().enumerate() {
        for (side, before) in [&game.home.team, &game.away.team].into_iter().enumerate() {
            if *before != sides[index][side] {
                fills.push(Fill {
                    game: index,
                    home: side == 0,
                    team: sides[index][side].clone(),
                });
            }
        }
    }
    Progress {
        fills,
        held,
        podium: podium(games, &sides),
    }
}

/// The winner and loser of the game in `slot`, once it is decided with both teams known.
fn outcome<'a, T>(
    slot: Stage,
    games: &[KnockoutGame<T>],
    sides: &'a [[Option<T>; 2]],
) -> Option<(&'a T, &'a T)> {
    let index = games.iter().position(|g| g.slot == slot)?;
    let home_won = games[index].home_won?;
    let [home, away] = &sides[index];
    let (home, away) = (home.as_ref()?, away.as_ref()?);
    Some(if home_won { (home, away) } else { (away, home) })
}

fn resolve<T: Clone>(
    source: Side,
    pools: &BTreeMap<char, Vec<Option<T>>>,
    games: &[KnockoutGame<T>],
    sides: &[[Option<T>; 2]],
) -> Option<T> {
    match source {
        Side::GroupPlace { group, place } => pools
            .get(&group)?
            .get(place.checked_sub(1)? as usize)?
            .clone(),
        Side::Winner(slot) => outcome(slot, games, sides).map(|(w, _)| w.clone()),
        Side::Loser(slot) => outcome(slot, games, sides).map(|(_, l)| l.clone()),
    }
}

fn podium<T: Clone>(games: &[KnockoutGame<T>], sides: &[[Option<T>; 2]]) -> Option<Podium<T>> {
    let (champion, runner_up) = outcome(Stage::Final, games, sides)?;
    let third = if games.iter().any(|g| g.slot == Stage::ThirdPlace) {
        Some(outcome(Stage::ThirdPlace, games, sides)?.0.clone())
    } else {
        None
    };
    Some(Podium {
        champion: champion.clone(),
        runner_up: runner_up.clone(),
        third,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(source: &str) -> Line<&'static str> {
        Line {
            source: Some(Side::parse(source).expect(source)),
            team: None,
        }
    }

    fn seed(team: &'static str) -> Line<&'static str> {
        Line {
            source: None,
            team: Some(team),
        }
    }

    fn game(
        slot: &str,
        home: Line<&'static str>,
        away: Line<&'static str>,
    ) -> KnockoutGame<&'static str> {
        KnockoutGame {
            slot: Stage::parse(slot).expect(slot),
            home,
            away,
            home_won: None,
            started: false,
        }
    }

    /// Two pools of four, semi-finals A1–B2 and B1–A2, third place and final.
    fn two_pools() -> Vec<KnockoutGame<&'static str>> {
        vec![
            game("SF1", from("A组第1名"), from("B组第2名")),
            game("SF2", from("B组第1名"), from("A组第2名")),
            game("3P", from("SF1负者"), from("SF2负者")),
            game("F", from("SF1胜者"), from("SF2胜者")),
        ]
    }

    fn apply(games: &mut [KnockoutGame<&'static str>], progress: &Progress<&'static str>) {
        for fill in &progress.fills {
            let line = if fill.home {
                &mut games[fill.game].home
            } else {
                &mut games[fill.game].away
            };
            line.team = fill.team;
        }
    }

    #[test]
    fn nothing_moves_while_the_pools_play() {
        let progress = advance(&BTreeMap::new(), &two_pools());
        assert!(progress.fills.is_empty());
        assert!(progress.podium.is_none());
    }

    #[test]
    fn pool_places_then_winners_then_the_podium() {
        let mut games = two_pools();
        let mut pools = BTreeMap::new();
        pools.insert('A', vec![Some("a1"), Some("a2"), Some("a3")]);
        // Pool B still plays: its places stay open, the semi-finals only half known.
        let progress = advance(&pools, &games);
        assert_eq!(progress.fills.len(), 2);
        apply(&mut games, &progress);
        assert_eq!(games[0].home.team, Some("a1"));
        assert_eq!(games[1].away.team, Some("a2"));
        assert_eq!(games[0].away.team, None);

        pools.insert('B', vec![Some("b1"), Some("b2"), Some("b3")]);
        let progress = advance(&pools, &games);
        apply(&mut games, &progress);
        assert_eq!(games[0].away.team, Some("b2"));
        assert_eq!(games[1].home.team, Some("b1"));

        games[0].home_won = Some(false); // b2 beat a1
        games[0].started = true;
        games[1].home_won = Some(true); // b1 beat a2
        games[1].started = true;
        let progress = advance(&pools, &games);
        apply(&mut games, &progress);
        assert_eq!(games[2].home.team, Some("a1"));
        assert_eq!(games[2].away.team, Some("a2"));
        assert_eq!(games[3].home.team, Some("b2"));
        assert_eq!(games[3].away.team, Some("b1"));
        assert!(progress.podium.is_none());

        games[3].home_won = Some(true);
        games[3].started = true;
        // The final alone does not close a cup that has a third-place game.
        assert!(advance(&pools, &games).podium.is_none());
        games[2].home_won = Some(false);
        games[2].started = true;
        let podium = advance(&pools, &games).podium.expect("all decided");
        assert_eq!(
            podium,
            Podium {
                champion: "b2",
                runner_up: "b1",
                third: Some("a2"),
            }
        );
    }

    #[test]
    fn a_corrected_result_moves_teams_again_until_the_next_game_starts() {
        let mut games = two_pools();
        let mut pools = BTreeMap::new();
        pools.insert('A', vec![Some("a1"), Some("a2")]);
        pools.insert('B', vec![Some("b1"), Some("b2")]);
        let progress = advance(&pools, &games);
        apply(&mut games, &progress);
        games[0].home_won = Some(true);
        games[0].started = true;
        let progress = advance(&pools, &games);
        apply(&mut games, &progress);
        assert_eq!(games[3].home.team, Some("a1"));
        assert_eq!(games[2].home.team, Some("b2"));
        // The semi-final is corrected: b2 won after all. The final has not started: it follows.
        games[0].home_won = Some(false);
        let progress = advance(&pools, &games);
        assert!(progress.held.is_empty());
        apply(&mut games, &progress);
        assert_eq!(games[3].home.team, Some("b2"));
        assert_eq!(games[2].home.team, Some("a1"));
        // Once the final has started, a further correction is held for the organiser.
        games[3].started = true;
        games[0].home_won = Some(true);
        let progress = advance(&pools, &games);
        assert!(progress.fills.iter().all(|f| f.game != 3));
        assert_eq!(
            progress.held,
            vec![Held {
                game: 3,
                home: true,
                now: Some("b2"),
                should_be: Some("a1"),
            }]
        );
    }

    #[test]
    fn byes_put_the_top_seeds_straight_into_the_second_round() {
        // Six teams: seeds 1 and 2 wait in the semi-finals, 3–6 play the quarter-finals.
        let mut games = vec![
            game("QF2", seed("s4"), seed("s5")),
            game("QF4", seed("s3"), seed("s6")),
            game("SF1", seed("s1"), from("QF2胜者")),
            game("SF2", seed("s2"), from("QF4胜者")),
            game("F", from("SF1胜者"), from("SF2胜者")),
        ];
        let pools = BTreeMap::new();
        games[0].home_won = Some(false);
        games[1].home_won = Some(true);
        let progress = advance(&pools, &games);
        apply(&mut games, &progress);
        assert_eq!(games[2].away.team, Some("s5"));
        assert_eq!(games[3].away.team, Some("s3"));
        games[2].home_won = Some(true);
        games[3].home_won = Some(false);
        let progress = advance(&pools, &games);
        apply(&mut games, &progress);
        games[4].home_won = Some(false);
        let podium = advance(&pools, &games).podium.expect("final decided");
        assert_eq!(podium.champion, "s3");
        assert_eq!(podium.runner_up, "s1");
        assert_eq!(podium.third, None);
    }
}

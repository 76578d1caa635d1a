//! The scorer's sheet of a game being played: a log of actions (tap a player, then an
//! action), and what follows from it by the FIBA rules — the score, the quarter scores, team
//! fouls and the penalty, a player's fifth foul, timeouts, overtime when level after the
//! fourth quarter (there are no draws). Plain Rust: the sheet is the log, the state is
//! [`replay`] of it, so undoing any action is removing it and replaying.
//!
//! The rules (FIBA Official Basketball Rules 2024):
//! - four quarters, then as many extra periods as it takes to break a tie (Art. 8);
//! - team fouls count per quarter; from a team's 5th foul in a quarter the other team shoots
//!   free throws (the penalty, Art. 41); all fouls in extra periods count with the fourth;
//! - a player's 5th foul (personal or technical) takes them out of the game (Art. 40): the
//!   sheet refuses their further actions;
//! - timeouts: 2 in the first half, 3 in the second, 1 in each extra period; unused ones do
//!   not carry over (Art. 18). (At most 2 in the last two minutes of the fourth is a clock
//!   rule the sheet, which keeps no clock, leaves to the referee.)
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::score::{PlayerLine, ScoreInput, Side, MAX_FOULS};
use crate::standings::Outcome;

/// The regular quarters.
pub const QUARTERS: u8 = 4;
/// Team fouls in a quarter after which every further foul is penalised.
pub const TEAM_FOULS_FREE: u8 = 4;

/// One action on the sheet. A player is the roster's player id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Tip-off: the first quarter begins.
    Start,
    /// 1, 2 or 3 points for a player.
    Score { side: Side, player: i32, points: u8 },
    /// A personal foul by a player.
    Foul { side: Side, player: i32 },
    /// A team's timeout.
    Timeout { side: Side },
    /// The end of the period under way: the next quarter, an extra period when level after
    /// the fourth (or after an extra period), or the end of the game.
    EndPeriod,
}

/// Why the sheet refuses an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    NotStarted,
    AlreadyStarted,
    Finished,
    /// Only 1, 2 or 3 points.
    BadPoints,
    /// The player has five fouls and is out of the game.
    FouledOut {
        player: i32,
    },
    /// The team has no timeout left in this half or extra period.
    NoTimeoutLeft,
    /// An undo of a line that is no action standing on the sheet (unknown, already undone,
    /// or itself an undo).
    NothingToUndo {
        line: u32,
    },
}

impl Refusal {
    /// One of each kind (the players and lines in them are 0), for a page that words them.
    pub const EVERY: [Refusal; 7] = [
        Refusal::NotStarted,
        Refusal::AlreadyStarted,
        Refusal::Finished,
        Refusal::BadPoints,
        Refusal::FouledOut { player: 0 },
        Refusal::NoTimeoutLeft,
        Refusal::NothingToUndo { line: 0 },
    ];

    /// A short stable code for the kind of refusal.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotStarted => "not_started",
            Refusal::AlreadyStarted => "already_started",
            Refusal::Finished => "finished",
            Refusal::BadPoints => "bad_points",
            Refusal::FouledOut { .. } => "fouled_out",
            Refusal::NoTimeoutLeft => "no_timeout_left",
            Refusal::NothingToUndo { .. } => "nothing_to_undo",
        }
    }
}

/// Where the game stands after the log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub started: bool,
    pub finished: bool,
    /// 1–4 the quarters, 5 on the extra periods; 0 before tip-off.
    pub period: u8,
    /// Points per period (quarters, then extra periods), home and away.
    pub periods: Vec<(u32, u32)>,
    /// Team fouls that count for the penalty now (this quarter; the fourth and every extra
    /// period together).
    pub team_fouls: (u8, u8),
    /// Timeouts each team may still take in this half or extra period.
    pub timeouts_left: (u8, u8),
    /// Each player's figures, by side and player id.
    pub players: BTreeMap<(SideKey, i32), Tally>,
}

/// One player's figures on the sheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub points: u32,
    pub fouls: u32,
    /// Three-point field goals made (the sheet knows them: `pts.home.17.3`).
    pub threes: u32,
}

/// A side as a map key (ordered: home first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SideKey {
    Home,
    Away,
}

impl From<Side> for SideKey {
    fn from(side: Side) -> Self {
        match side {
            Side::Home => SideKey::Home,
            Side::Away => SideKey::Away,
        }
    }
}

fn pick<T: Copy>(pair: (T, T), side: Side) -> T {
    match side {
        Side::Home => pair.0,
        Side::Away => pair.1,
    }
}

fn pick_mut<T>(pair: &mut (T, T), side: Side) -> &mut T {
    match side {
        Side::Home => &mut pair.0,
        Side::Away => &mut pair.1,
    }
}

/// Timeouts of a team in period `period`: 2 in the first half, 3 in the second, 1 each
/// extra period.
fn timeouts_for(period: u8) -> u8 {
    match period {
        1 => 2,
        3 => 3,
        p if p > QUARTERS => 1,
        _ => 0,
    }
}

impl State {
    /// The score now.
    pub fn score(&self) -> (u32, u32) {
        self.periods
            .iter()
            .fold((0, 0), |(h, a), (ph, pa)| (h + ph, a + pa))
    }

    /// A player's figures so far (all 0 before their first line).
    pub fn player(&self, side: Side, player: i32) -> Tally {
        self.players
            .get(&(side.into(), player))
            .copied()
            .unwrap_or_default()
    }

    /// A player's fouls.
    pub fn fouls(&self, side: Side, player: i32) -> u32 {
        self.player(side, player).fouls
    }

    /// The player is out of the game with five fouls.
    pub fn fouled_out(&self, side: Side, player: i32) -> bool {
        self.fouls(side, player) >= MAX_FOULS
    }

    /// The other team shoots free throws for `side`'s next foul (it has 4 team fouls).
    pub fn in_penalty(&self, side: Side) -> bool {
        pick(self.team_fouls, side) >= TEAM_FOULS_FREE
    }

    /// Is this an extra period (after the fourth quarter)?
    pub fn overtime(&self) -> bool {
        self.period > QUARTERS
    }

    /// The state after `action`, or why the sheet refuses it.
    pub fn apply(&self, action: Action) -> Result<State, Refusal> {
        let mut next = self.clone();
        if self.finished {
            return Err(Refusal::Finished);
        }
        match action {
            Action::Start => {
                if self.started {
                    return Err(Refusal::AlreadyStarted);
                }
                next.started = true;
                next.period = 1;
                next.periods.push((0, 0));
                next.timeouts_left = (timeouts_for(1), timeouts_for(1));
                return Ok(next);
            }
            _ if !self.started => return Err(Refusal::NotStarted),
            Action::Score {
                side,
                player,
                points,
            } => {
                if !(1..=3).contains(&points) {
                    return Err(Refusal::BadPoints);
                }
                if self.fouled_out(side, player) {
                    return Err(Refusal::FouledOut { player });
                }
                let period = next
                    .periods
                    .last_mut()
                    .expect("a started game has a period");
                *pick_mut(period, side) += u32::from(points);
                let tally = next.players.entry((side.into(), player)).or_default();
                tally.points += u32::from(points);
                tally.threes += u32::from(points == 3);
            }
            Action::Foul { side, player } => {
                if self.fouled_out(side, player) {
                    return Err(Refusal::FouledOut { player });
                }
                *pick_mut(&mut next.team_fouls, side) += 1;
                next.players.entry((side.into(), player)).or_default().fouls += 1;
            }
            Action::Timeout { side } => {
                let left = pick_mut(&mut next.timeouts_left, side);
                if *left == 0 {
                    return Err(Refusal::NoTimeoutLeft);
                }
                *left -= 1;
            }
            Action::EndPeriod => {
                let (home, away) = self.score();
                if self.period >= QUARTERS && home != away {
                    next.finished = true;
                    return Ok(next);
                }
                next.period += 1;
                next.periods.push((0, 0));
                // Fouls start again each quarter; the extra periods count with the fourth.
                if next.period <= QUARTERS {
                    next.team_fouls = (0, 0);
                }
                // A new half or extra period brings its timeouts; within a half they carry on.
                let fresh = timeouts_for(next.period);
                if fresh > 0 {
                    next.timeouts_left = (fresh, fresh);
                }
            }
        }
        Ok(next)
    }

    /// The finished game as a score report: the final score, each period's points and each
    /// player's points and fouls. `None` before the end.
    pub fn report(&self) -> Option<(ScoreInput, Vec<PlayerLine>)> {
        if !self.finished {
            return None;
        }
        let (home, away) = self.score();
        let lines = self
            .players
            .iter()
            .map(|(&(side, player_id), tally)| PlayerLine {
                player_id,
                side: match side {
                    SideKey::Home => Side::Home,
                    SideKey::Away => Side::Away,
                },
                points: tally.points,
                fouls: tally.fouls,
                threes: Some(tally.threes),
            })
            .collect();
        Some((
            ScoreInput {
                outcome: Outcome::Played,
                home,
                away,
                periods: self.periods.clone(),
            },
            lines,
        ))
    }
}

/// The state after every action of the log, in order; `Err((index, refusal))` names the
/// first action the rules refuse.
pub fn replay<'a>(log: impl IntoIterator<Item = &'a Action>) -> Result<State, (usize, Refusal)> {
    log.into_iter()
        .enumerate()
        .try_fold(State::default(), |state, (index, action)| {
            state.apply(*action).map_err(|refusal| (index, refusal))
        })
}

/// The log without the action at `index` — an undo — if what follows it still stands by the
/// rules (undoing a foul never makes a later action wrong; undoing the end of a quarter may:
/// a timeout taken after it would then be one too many).
pub fn undo(log: &[Action], index: usize) -> Result<(Vec<Action>, State), (usize, Refusal)> {
    let mut rest = log.to_vec();
    if index < rest.len() {
        rest.remove(index);
    }
    let state = replay(&rest)?;
    Ok((rest, state))
}

/// One line of the sheet as it is kept and sent: an action, or the undoing of an earlier
/// line. Lines are numbered 1, 2, 3 … in the order the scorer made them; an undo is a line
/// of its own, so the sheet only ever grows (which is what lets a phone send it line by line,
/// exactly once, in order, whatever the signal does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Act(Action),
    Undo { line: u32 },
}

fn side_code(side: Side) -> &'static str {
    match side {
        Side::Home => "home",
        Side::Away => "away",
    }
}

fn side_of(code: &str) -> Option<Side> {
    match code {
        "home" => Some(Side::Home),
        "away" => Some(Side::Away),
        _ => None,
    }
}

impl Entry {
    /// The line's short code, as a button's value, a phone's queue and the database keep
    /// it: `start`, `end`, `pts.home.17.2` (side, player id, points), `foul.away.23`,
    /// `to.home` (a timeout), `undo.5` (the line undone).
    pub fn code(self) -> String {
        match self {
            Entry::Act(Action::Start) => "start".into(),
            Entry::Act(Action::EndPeriod) => "end".into(),
            Entry::Act(Action::Score {
                side,
                player,
                points,
            }) => format!("pts.{}.{player}.{points}", side_code(side)),
            Entry::Act(Action::Foul { side, player }) => {
                format!("foul.{}.{player}", side_code(side))
            }
            Entry::Act(Action::Timeout { side }) => format!("to.{}", side_code(side)),
            Entry::Undo { line } => format!("undo.{line}"),
        }
    }

    /// A code read back ([`Entry::code`]); `None` for anything else.
    pub fn parse(code: &str) -> Option<Entry> {
        let parts: Vec<&str> = code.trim().split('.').collect();
        let action = match parts.as_slice() {
            ["start"] => Action::Start,
            ["end"] => Action::EndPeriod,
            ["pts", side, player, points] => Action::Score {
                side: side_of(side)?,
                player: player.parse().ok()?,
                points: points.parse().ok()?,
            },
            ["foul", side, player] => Action::Foul {
                side: side_of(side)?,
                player: player.parse().ok()?,
            },
            ["to", side] => Action::Timeout {
                side: side_of(side)?,
            },
            ["undo", line] => {
                return Some(Entry::Undo {
                    line: line.parse().ok()?,
                })
            }
            _ => return None,
        };
        Some(Entry::Act(action))
    }
}

/// A sheet being kept: its lines so far, the actions that stand (by line number) and the
/// state after them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    lines: u32,
    standing: Vec<(u32, Action)>,
    state: State,
}

impl Sheet {
    /// A sheet from its lines in order, or the first line the rules refuse (its number).
    pub fn from_lines(lines: impl IntoIterator<Item = Entry>) -> Result<Sheet, (u32, Refusal)> {
        let mut sheet = Sheet::default();
        for entry in lines {
            sheet
                .push(entry)
                .map_err(|refusal| (sheet.lines + 1, refusal))?;
        }
        Ok(sheet)
    }

    /// How many lines the sheet has (the next line is this plus one).
    pub fn lines(&self) -> u32 {
        self.lines
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// The actions that stand, with their line numbers, in order: the running log.
    pub fn standing(&self) -> &[(u32, Action)] {
        &self.standing
    }

    /// Adds the next line, or says why the rules refuse it (the sheet is then unchanged).
    /// An undo removes its line and replays the rest, so every later figure follows.
    pub fn push(&mut self, entry: Entry) -> Result<(), Refusal> {
        match entry {
            Entry::Act(action) => {
                self.state = self.state.apply(action)?;
                self.standing.push((self.lines + 1, action));
            }
            Entry::Undo { line } => {
                let index = self
                    .standing
                    .iter()
                    .position(|(number, _)| *number == line)
                    .ok_or(Refusal::NothingToUndo { line })?;
                let actions: Vec<Action> = self.standing.iter().map(|(_, a)| *a).collect();
                let (_, state) = undo(&actions, index).map_err(|(_, refusal)| refusal)?;
                self.standing.remove(index);
                self.state = state;
            }
        }
        self.lines += 1;
        Ok(())
    }
}

/// The fields a sheet's line is sent in, declared once for the page, the phone and the
/// handler. A phone sends its lines as repeated triples (`line`, `id`, `entry`); the page's
/// one form (which works without JavaScript) sends one line as `line`, `id`, the `player`
/// chosen (`home.17`) and the button pressed (`act`).
pub mod fields {
    /// The line's number (1, 2, 3 …).
    pub const LINE: &str = "line";
    /// The id the phone (or the page, when it was drawn) gave the line.
    pub const ID: &str = "id";
    /// The line's code ([`super::Entry::code`]).
    pub const ENTRY: &str = "entry";
    /// The player tapped: side and player id, `home.17`.
    pub const PLAYER: &str = "player";
    /// The action button: `pts.1`, `pts.2`, `pts.3`, `foul` (for the player tapped), or a
    /// whole line's code (`start`, `end`, `to.home`, `undo.5`).
    pub const ACT: &str = "act";
}

/// The longest id a phone may give a line.
pub const MAX_ID: usize = 64;
/// The most lines one request may carry.
pub const MAX_BATCH: usize = 200;

/// A line as it is sent: its number, the sender's id for it, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub line: u32,
    pub id: String,
    pub entry: Entry,
}

/// Why lines sent cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentProblem {
    /// A player's action with no player tapped first.
    ChoosePlayer,
    /// Line `line` (0: the request as a whole) is not a line of the sheet.
    Unreadable { line: u32 },
}

/// The line an action button makes for the player tapped (`home.17`, if any).
pub fn compose(player: Option<&str>, act: &str) -> Result<Entry, SentProblem> {
    let act = act.trim();
    let player = player.map(str::trim).filter(|p| !p.is_empty());
    let code = match (act.strip_prefix("pts."), player) {
        (None, _) if act != "foul" => act.to_owned(),
        (_, None) => return Err(SentProblem::ChoosePlayer),
        (Some(points), Some(player)) => format!("pts.{player}.{points}"),
        (None, Some(player)) => format!("foul.{player}"),
    };
    Entry::parse(&code).ok_or(SentProblem::Unreadable { line: 0 })
}

/// The lines of a post: the page's one line (`act`), or a phone's triples.
pub fn parse_sent(form: &crate::form::Fields) -> Result<Vec<Sent>, SentProblem> {
    let number = |text: &str| text.trim().parse::<u32>().ok().filter(|n| *n > 0);
    let id = |text: &str| {
        let text = text.trim();
        (!text.is_empty() && text.len() <= MAX_ID).then(|| text.to_owned())
    };
    if let Some(act) = form.get(fields::ACT) {
        let entry = compose(form.get(fields::PLAYER), act)?;
        let unreadable = SentProblem::Unreadable { line: 0 };
        return Ok(vec![Sent {
            line: number(form.text(fields::LINE)).ok_or(unreadable)?,
            id: id(form.text(fields::ID)).ok_or(unreadable)?,
            entry,
        }]);
    }
    let (lines, ids, entries) = (
        form.all(fields::LINE),
        form.all(fields::ID),
        form.all(fields::ENTRY),
    );
    if lines.is_empty()
        || lines.len() != ids.len()
        || lines.len() != entries.len()
        || lines.len() > MAX_BATCH
    {
        return Err(SentProblem::Unreadable { line: 0 });
    }
    lines
        .iter()
        .zip(ids)
        .zip(entries)
        .map(|((line, sent_id), entry)| {
            let line = number(line).ok_or(SentProblem::Unreadable { line: 0 })?;
            let unreadable = SentProblem::Unreadable { line };
            Ok(Sent {
                line,
                id: id(sent_id).ok_or(unreadable)?,
                entry: Entry::parse(entry).ok_or(unreadable)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Side::{Away, Home};

    fn score(side: Side, player: i32, points: u8) -> Action {
        Score {
            side,
            player,
            points,
        }
    }

    fn foul(side: Side, player: i32) -> Action {
        Foul { side, player }
    }

    #[test]
    fn every_line_has_a_code_that_reads_back() {
        let lines = [
            Entry::Act(Start),
            Entry::Act(score(Home, 17, 3)),
            Entry::Act(foul(Away, 23)),
            Entry::Act(Timeout { side: Away }),
            Entry::Act(EndPeriod),
            Entry::Undo { line: 2 },
        ];
        let codes: Vec<String> = lines.iter().map(|l| l.code()).collect();
        assert_eq!(
            codes,
            [
                "start",
                "pts.home.17.3",
                "foul.away.23",
                "to.away",
                "end",
                "undo.2"
            ]
        );
        for (line, code) in lines.iter().zip(&codes) {
            assert_eq!(Entry::parse(code), Some(*line));
        }
        for bad in [
            "",
            "pts.home.x.2",
            "foul.left.3",
            "undo",
            "to.home.1",
            "jump",
        ] {
            assert_eq!(Entry::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_sheet_grows_by_lines_and_an_undo_is_a_line_of_its_own() {
        let mut sheet = Sheet::from_lines([
            Entry::Act(Start),
            Entry::Act(score(Home, 7, 2)),
            Entry::Act(score(Away, 9, 3)),
            Entry::Act(foul(Home, 7)),
        ])
        .unwrap();
        assert_eq!(sheet.lines(), 4);
        assert_eq!(sheet.state().score(), (2, 3));
        sheet.push(Entry::Undo { line: 3 }).unwrap();
        assert_eq!(sheet.lines(), 5);
        assert_eq!(sheet.state().score(), (2, 0));
        assert_eq!(
            sheet.standing().iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            vec![1, 2, 4]
        );
        // Undone already, an undo itself, or no such line: nothing to undo, nothing changes.
        for line in [3, 5, 99] {
            let before = sheet.clone();
            assert_eq!(
                sheet.push(Entry::Undo { line }),
                Err(Refusal::NothingToUndo { line })
            );
            assert_eq!(sheet, before);
        }
        // A refused line names its number.
        let out = (0..5).map(|_| Entry::Act(foul(Away, 4)));
        let lines: Vec<Entry> = [Entry::Act(Start)]
            .into_iter()
            .chain(out)
            .chain([Entry::Act(score(Away, 4, 2))])
            .collect();
        assert_eq!(
            Sheet::from_lines(lines),
            Err((7, Refusal::FouledOut { player: 4 }))
        );
    }

    #[test]
    fn nothing_counts_before_tip_off_and_nothing_after_the_end() {
        assert_eq!(
            State::default().apply(score(Home, 7, 2)),
            Err(Refusal::NotStarted)
        );
        let over = replay(&[
            Start,
            score(Home, 7, 2),
            EndPeriod,
            EndPeriod,
            EndPeriod,
            EndPeriod,
        ])
        .unwrap();
        assert!(over.finished);
        assert_eq!(over.apply(score(Away, 4, 3)), Err(Refusal::Finished));
        assert_eq!(replay(&[Start, Start]), Err((1, Refusal::AlreadyStarted)));
        assert_eq!(
            replay(&[Start, score(Home, 7, 4)]),
            Err((1, Refusal::BadPoints))
        );
    }

    #[test]
    fn the_quarter_scores_follow_from_the_log() {
        let state = replay(&[
            Start,
            score(Home, 7, 2),
            score(Away, 4, 3),
            EndPeriod,
            score(Home, 7, 1),
            score(Home, 9, 3),
            EndPeriod,
            EndPeriod,
            score(Away, 4, 2),
            EndPeriod,
        ])
        .unwrap();
        assert!(state.finished);
        assert_eq!(state.periods, vec![(2, 3), (4, 0), (0, 0), (0, 2)]);
        assert_eq!(state.score(), (6, 5));
        let (input, lines) = state.report().unwrap();
        assert_eq!((input.home, input.away), (6, 5));
        assert_eq!(input.periods.len(), 4);
        let seven = lines.iter().find(|l| l.player_id == 7).unwrap();
        assert_eq!((seven.side, seven.points, seven.fouls), (Home, 3, 0));
        assert_eq!(lines.iter().map(|l| l.points).sum::<u32>(), 11);
    }

    #[test]
    fn level_after_the_fourth_means_an_extra_period_until_someone_leads() {
        let mut log = vec![Start, score(Home, 7, 2), score(Away, 4, 2)];
        log.extend([EndPeriod; 4]);
        let state = replay(&log).unwrap();
        assert!(!state.finished, "no draws");
        assert!(state.overtime());
        assert_eq!(state.period, 5);
        log.push(EndPeriod);
        assert_eq!(replay(&log).unwrap().period, 6, "still level: another");
        log.push(score(Away, 4, 1));
        log.push(EndPeriod);
        let state = replay(&log).unwrap();
        assert!(state.finished);
        assert_eq!(state.periods.len(), 6);
        assert_eq!(state.score(), (2, 3));
    }

    #[test]
    fn the_penalty_comes_with_the_fifth_team_foul_of_a_quarter() {
        let mut log = vec![Start];
        log.extend((1..=4).map(|n| foul(Home, n)));
        let state = replay(&log).unwrap();
        assert_eq!(state.team_fouls, (4, 0));
        assert!(state.in_penalty(Home), "the 5th foul will be penalised");
        assert!(!state.in_penalty(Away));
        // A new quarter starts the count again.
        log.push(EndPeriod);
        let state = replay(&log).unwrap();
        assert_eq!(state.team_fouls, (0, 0));
        assert!(!state.in_penalty(Home));
    }

    #[test]
    fn extra_periods_count_their_fouls_with_the_fourth_quarter() {
        let mut log = vec![Start, EndPeriod, EndPeriod, EndPeriod];
        log.extend((1..=3).map(|n| foul(Away, n)));
        log.push(EndPeriod); // level at 0:0: an extra period
        let state = replay(&log).unwrap();
        assert!(state.overtime());
        assert_eq!(state.team_fouls, (0, 3), "the fourth's fouls carry on");
        log.push(foul(Away, 4));
        assert!(replay(&log).unwrap().in_penalty(Away));
    }

    #[test]
    fn a_fifth_foul_takes_a_player_out_of_the_game() {
        let mut log = vec![Start];
        log.extend([foul(Home, 23); 4]);
        log.push(EndPeriod);
        log.push(foul(Home, 23));
        let state = replay(&log).unwrap();
        assert_eq!(state.fouls(Home, 23), 5);
        assert!(state.fouled_out(Home, 23));
        assert_eq!(
            state.apply(score(Home, 23, 2)),
            Err(Refusal::FouledOut { player: 23 })
        );
        assert_eq!(
            state.apply(foul(Home, 23)),
            Err(Refusal::FouledOut { player: 23 })
        );
        // The other team's number 23 is somebody else.
        assert!(state.apply(score(Away, 23, 2)).is_ok());
    }

    #[test]
    fn two_timeouts_in_the_first_half_three_in_the_second_one_per_extra_period() {
        let t = Timeout { side: Home };
        // First half: two, across both quarters.
        assert!(replay(&[Start, t, EndPeriod, t]).is_ok());
        assert_eq!(
            replay(&[Start, t, EndPeriod, t, t]),
            Err((4, Refusal::NoTimeoutLeft))
        );
        // Second half: three; the first half's unused ones do not carry over.
        let second = [Start, EndPeriod, EndPeriod, t, t, EndPeriod, t];
        let state = replay(&second).unwrap();
        assert_eq!(state.timeouts_left, (0, 3));
        let mut more = second.to_vec();
        more.push(t);
        assert_eq!(replay(&more), Err((7, Refusal::NoTimeoutLeft)));
        // An extra period: one each.
        let mut extra = vec![Start, EndPeriod, EndPeriod, EndPeriod, EndPeriod];
        extra.push(t);
        let state = replay(&extra).unwrap();
        assert_eq!(state.timeouts_left, (0, 1));
        extra.push(t);
        assert_eq!(replay(&extra), Err((6, Refusal::NoTimeoutLeft)));
    }

    #[test]
    fn any_action_can_be_undone_and_the_score_follows() {
        let log = vec![
            Start,
            score(Home, 7, 2),
            score(Away, 4, 3),
            foul(Home, 7),
            score(Home, 9, 3),
        ];
        let (rest, state) = undo(&log, 2).unwrap();
        assert_eq!(rest.len(), 4);
        assert_eq!(state.score(), (5, 0));
        assert_eq!(state.fouls(Home, 7), 1);
        // The last one, as the undo button does.
        let (_, state) = undo(&log, log.len() - 1).unwrap();
        assert_eq!(state.score(), (2, 3));
    }

    #[test]
    fn an_undo_that_would_make_a_later_action_wrong_is_refused() {
        let t = Timeout { side: Away };
        // Two timeouts, one each side of half-time; without the half-time they would be
        // three in the first half.
        let log = vec![Start, t, EndPeriod, t, EndPeriod, t];
        assert!(replay(&log).is_ok());
        assert_eq!(undo(&log, 4), Err((4, Refusal::NoTimeoutLeft)));
        // Undoing the tip-off leaves nothing that can stand.
        assert_eq!(undo(&log, 0), Err((0, Refusal::NotStarted)));
    }

    #[test]
    fn undoing_the_winning_basket_reopens_the_game_into_overtime() {
        let mut log = vec![Start, score(Home, 7, 2), score(Away, 4, 2)];
        log.extend([EndPeriod; 3]);
        log.push(score(Home, 7, 2));
        log.push(EndPeriod);
        assert!(replay(&log).unwrap().finished);
        let (_, state) = undo(&log, 6).unwrap();
        assert!(
            !state.finished,
            "level again: the last end of period starts an extra one"
        );
        assert!(state.overtime());
    }

    #[test]
    fn a_button_and_the_player_tapped_make_a_line() {
        assert_eq!(
            compose(Some("home.17"), "pts.3"),
            Ok(Entry::Act(score(Home, 17, 3)))
        );
        assert_eq!(
            compose(Some("away.4"), "foul"),
            Ok(Entry::Act(foul(Away, 4)))
        );
        assert_eq!(compose(None, "pts.2"), Err(SentProblem::ChoosePlayer));
        assert_eq!(compose(Some(" "), "foul"), Err(SentProblem::ChoosePlayer));
        // Team buttons need no player, and ignore one.
        assert_eq!(
            compose(Some("home.17"), "to.away"),
            Ok(Entry::Act(Timeout { side: Away }))
        );
        assert_eq!(compose(None, "undo.4"), Ok(Entry::Undo { line: 4 }));
        assert_eq!(
            compose(Some("home.17"), "pts.x"),
            Err(SentProblem::Unreadable { line: 0 })
        );
        assert_eq!(
            compose(None, "dunk"),
            Err(SentProblem::Unreadable { line: 0 })
        );
    }

    #[test]
    fn a_post_carries_the_page_line_or_the_phone_lines() {
        use crate::form::Fields;
        let page = Fields::new([
            ("line", "3"),
            ("id", "p-9"),
            ("player", "home.7"),
            ("act", "pts.2"),
        ]);
        assert_eq!(
            parse_sent(&page),
            Ok(vec![Sent {
                line: 3,
                id: "p-9".into(),
                entry: Entry::Act(score(Home, 7, 2)),
            }])
        );
        let phone = Fields::new([
            ("line", "1"),
            ("id", "a"),
            ("entry", "start"),
            ("line", "2"),
            ("id", "b"),
            ("entry", "foul.away.4"),
        ]);
        let sent = parse_sent(&phone).unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[1].entry, Entry::Act(foul(Away, 4)));
        let bad = Fields::new([("line", "1"), ("id", "a"), ("entry", "jump")]);
        assert_eq!(parse_sent(&bad), Err(SentProblem::Unreadable { line: 1 }));
        let uneven = Fields::new([("line", "1"), ("entry", "start")]);
        assert_eq!(
            parse_sent(&uneven),
            Err(SentProblem::Unreadable { line: 0 })
        );
        let long = "x".repeat(MAX_ID + 1);
        let too_long = Fields::new([("line", "1"), ("id", long.as_str()), ("entry", "start")]);
        assert_eq!(
            parse_sent(&too_long),
            Err(SentProblem::Unreadable { line: 1 })
        );
        assert_eq!(
            parse_sent(&Fields::default()),
            Err(SentProblem::Unreadable { line: 0 })
        );
    }
}

//! League tables by FIBA Official Basketball Rules, Annex D ("Classification of teams").
//!
//! - [`game`]: what a result is, and what it counts for in the table (20:0 forfeits,
//!   2:0 defaults, 2/1/0 classification points).
//! - `tiebreak`: the D.1.3 criteria and the D.1.4 restart, on team indices.
//! - [`table`]: [`compute_standings`] turns teams and results into ranked rows.
//! - [`explain`]: why one team is above the next, in zh-CN and English.
//! - [`lots`]: the order a drawing of lots gave, once the organiser records it.
//! - [`report`]: the JSON-in, JSON-or-table-out form the CLI uses.
//!
//! Knockout brackets are not tables and live elsewhere; the pools of a cup are tabled here
//! like any league.

pub mod error;
pub mod explain;
pub mod game;
pub mod lots;
pub mod report;
pub mod table;
mod tiebreak;

pub use error::{GameProblem, GameRef, StandingsError};
pub use explain::{Criterion, Explanation, Lang, Reason};
pub use game::{GameResult, Outcome, Recorded, DEFAULT_SCORE, FORFEIT_SCORE, MAX_SCORE};
pub use lots::decide_by_lots;
pub use report::{render_table, standings_from_json, InputError, ReportRow, StandingsReport};
pub use table::{compute_standings, Completion, Form, StandingRow, Standings};

//! The scheduling engine: round-robin timetables that respect what organisers ask for.
//!
//! - [`robinx`]: the RobinX / ITC2021 XML model, parsed and written.
//! - [`validate`]: an independent validator that scores timetables exactly as ITC2021 does.
//! - [`generate`]: round robins with the fewest breaks, seeded groups, knockout brackets.
//! - [`optimise`]: simulated annealing for compact round robins under RobinX constraints.
//! - [`village`]: dated games at courts with opening hours, festivals and rest days.
//! - [`cup`]: festival cups, groups + knockout sized to the days and courts available.
//! - [`advance`]: a cup moving on, pool places and winners into the knockout, the podium.
//! - [`stage`]: the stored names of cup stages and undecided sides, read back as types.
//!
//! [`solve_robinx`] and [`validate_robinx`] are the entry points for the command line.

pub mod advance;
pub mod change;
pub mod cup;
pub mod figures;
pub mod generate;
pub mod optimise;
pub mod robinx;
pub mod stage;
pub mod validate;
pub mod village;

pub use optimise::{Progress, SearchLimits};
pub use robinx::{Game, Instance, Solution};
pub use validate::{assess, evaluate, Evaluation};

/// Everything that can go wrong reading or solving a scheduling problem.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("malformed XML: {0}")]
    Xml(#[from] roxmltree::Error),
    #[error("unsupported constraint type <{0}>")]
    UnsupportedConstraint(String),
    #[error("<{element}> lacks the attribute `{attribute}`")]
    MissingAttribute { element: String, attribute: String },
    #[error("<{element}> has an invalid `{attribute}`: {value:?}")]
    InvalidAttribute {
        element: String,
        attribute: String,
        value: String,
    },
    #[error("not a RobinX file: {0}")]
    Format(String),
    #[error("not supported: {0}")]
    Unsupported(String),
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

/// Solves a RobinX instance within `seconds` and returns the solution as RobinX XML, its
/// score (as the independent validator sees it) in the metadata. Uses both cores: two searches
/// with seeds `seed` and `seed + 1`; `progress` hears from the first.
pub fn solve_robinx(
    instance_xml: &str,
    seconds: f64,
    seed: u64,
    progress: impl FnMut(&Progress),
) -> Result<String, ScheduleError> {
    let instance = Instance::from_xml(instance_xml)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let outcome = optimise::optimise_in_threads(
        &instance,
        &SearchLimits::seconds(seconds, seed),
        threads,
        progress,
    )?;
    let solution = Solution {
        instance_name: instance.name.clone(),
        solution_name: format!("cunba seed {seed}"),
        claimed_infeasibility: Some(outcome.evaluation.infeasibility),
        claimed_objective: Some(outcome.evaluation.objective),
        games: outcome.games,
    };
    Ok(solution.to_xml())
}

/// Scores a RobinX solution against its instance, as ITC2021 does.
pub fn validate_robinx(
    instance_xml: &str,
    solution_xml: &str,
) -> Result<Evaluation, ScheduleError> {
    let instance = Instance::from_xml(instance_xml)?;
    let solution = Solution::from_xml(solution_xml)?;
    Ok(evaluate(&instance, &solution.games))
}

//! The scheduling engine: round-robin timetables that respect what organisers ask for.
//!
//! - [`robinx`]: the RobinX / ITC2021 XML model, parsed and written.
//! - [`validate`]: an independent validator that scores timetables exactly as ITC2021 does.

pub mod generate;
pub mod optimise;
pub mod robinx;
pub mod validate;
pub mod village;

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

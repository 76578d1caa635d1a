//! The types pages and server functions exchange. They compile for the browser too, so they
//! know nothing about the database; with `ssr` the enums double as SeaORM active enums.
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use sea_orm::{sea_query::StringLen, DeriveActiveEnum, EnumIter};

macro_rules! db_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(DeriveActiveEnum, EnumIter, utoipa::ToSchema))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))"))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[cfg_attr(feature = "ssr", sea_orm(string_value = $value))] $variant,)+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $value,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($value => Ok(Self::$variant),)+
                    other => Err(format!("unknown {}: {other}", stringify!($name))),
                }
            }
        }
    };
}

db_enum!(
    /// The four divisions a village association plays in.
    Division { Men = "men", Women = "women", Youth = "youth", Veterans = "veterans" }
);
db_enum!(CompetitionKind { League = "league", Cup = "cup" });
db_enum!(CompetitionStatus { Draft = "draft", Published = "published", Finished = "finished" });
db_enum!(StageFormat {
    RoundRobin = "round_robin",
    DoubleRoundRobin = "double_round_robin",
    Groups = "groups",
    Knockout = "knockout",
});
db_enum!(GameStatus {
    Scheduled = "scheduled",
    Postponed = "postponed",
    Played = "played",
    Forfeit = "forfeit",
    Cancelled = "cancelled",
});
db_enum!(
    /// How a finished game ended, in the words of FIBA Annex D.
    Outcome {
        Played = "played",
        ForfeitByHome = "forfeit_by_home",
        ForfeitByAway = "forfeit_by_away",
        DefaultByHome = "default_by_home",
        DefaultByAway = "default_by_away",
    }
);

db_enum!(
    /// What a signed-in user may do. Residents and parents need no account.
    Role { Admin = "admin", Organiser = "organiser", Captain = "captain", Referee = "referee" }
);
db_enum!(
    /// Where a captain's score report stands: pending (waiting for the other captain or the
    /// auto-confirm deadline), confirmed (counts in the tables), disputed (an organiser
    /// decides) or superseded (replaced by a later report or an organiser's decision).
    ReportStatus {
        Pending = "pending",
        Confirmed = "confirmed",
        Disputed = "disputed",
        Superseded = "superseded",
    }
);

impl Role {
    /// Whom this role manages (invites, disables, gives a new PIN or password): an
    /// administrator manages organisers, referees and captains; an organiser manages
    /// referees and captains; nobody else manages anybody, and an administrator is made
    /// only on the server's command line.
    pub fn manages(self, other: Role) -> bool {
        match self {
            Role::Admin => matches!(other, Role::Organiser | Role::Referee | Role::Captain),
            Role::Organiser => matches!(other, Role::Referee | Role::Captain),
            Role::Captain | Role::Referee => false,
        }
    }
}

/// Who is signed in, as every page and check sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i32,
    pub name: String,
    pub role: Role,
    /// The team a captain stands for.
    pub team_id: Option<i32>,
}

impl Viewer {
    /// Organisers and administrators run the association.
    pub fn organises(&self) -> bool {
        matches!(self.role, Role::Organiser | Role::Admin)
    }

    /// The captain of this team.
    pub fn captains(&self, team_id: Option<i32>) -> bool {
        self.role == Role::Captain && team_id.is_some() && self.team_id == team_id
    }
}

/// An organisers' page as the server answers it: sign in first (401), not allowed (403),
/// nothing there (404), or the data. No personal data in anything but `Found`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Guarded<T> {
    NeedSignIn,
    NotAllowed,
    NotFound,
    Found(T),
}

mod camp;
pub use camp::*;
mod changes;
pub use changes::*;
mod community;
pub use community::*;
mod competitions;
pub use competitions::*;
mod games;
pub use games::*;
mod hub;
pub use hub::*;
mod live;
pub use live::*;
mod people;
pub use people::*;
mod setup;
pub use setup::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixture_filter_keeps_its_address() {
        assert_eq!(FixtureFilter::default().href(), "/fixtures");
        let filter = FixtureFilter {
            competition: Some(3),
            group: Some(1),
            days: FixtureDays::BeforeToday,
            ..FixtureFilter::default()
        };
        assert_eq!(filter.href(), "/fixtures?competition=3&group=1&from=past");
        let today = FixtureFilter {
            days: FixtureDays::FromToday,
            ..filter
        };
        assert_eq!(today.href(), "/fixtures?competition=3&group=1");
    }
}

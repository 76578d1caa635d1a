//! The summer camp: the public page, a household's children, the roster, the set-up form
//! and the attendance sheet.
use serde::{Deserialize, Serialize};

use super::*;

db_enum!(
    /// What happens when a confirmed place frees up: the next waiting child gets it at once,
    /// or it is offered to them until a deadline and passes on if not taken.
    FreePlacePolicy { Confirm = "confirm", Offer = "offer" }
);
db_enum!(
    /// Where a child's camp enrolment stands.
    EnrolmentStatus {
        Confirmed = "confirmed",
        Waitlisted = "waitlisted",
        Offered = "offered",
        Cancelled = "cancelled",
    }
);

/// One age group of a camp, with its counts (all the public ever sees of enrolments).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampGroupCount {
    pub id: i32,
    pub name: String,
    pub born_from: String,
    pub born_to: String,
    pub capacity: i32,
    pub taken: i32,
    pub waiting: i32,
}

/// The public camp page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampInfo {
    pub id: i32,
    pub name: String,
    pub year: i32,
    pub starts_on: String,
    pub ends_on: String,
    pub location: String,
    pub fee_yuan: i32,
    /// Local time (Asia/Shanghai), `YYYY-MM-DD HH:MM`.
    pub opens_at: String,
    pub closes_at: String,
    pub open: bool,
    pub not_yet: bool,
    pub keep_data_until: String,
    pub groups: Vec<CampGroupCount>,
    pub villager_groups: Vec<Choice>,
}

/// One child of a household, as the guardian's private page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildStatus {
    pub id: i32,
    pub name: String,
    pub group: String,
    pub status: EnrolmentStatus,
    /// Place in the waiting list (1 = next), when waiting.
    pub position: Option<i32>,
    pub offer_expires_at: Option<String>,
    /// What the guardian wrote (the private page only).
    pub medical: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdView {
    pub camp: String,
    pub reference: String,
    pub guardian_name: String,
    pub phone_masked: String,
    pub children: Vec<ChildStatus>,
}

/// A line of the organisers' roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub id: i32,
    pub child_name: String,
    pub birth_date: String,
    pub gender: String,
    pub group_id: i32,
    pub group: String,
    pub villager_group: String,
    pub guardian_name: String,
    pub phone_masked: String,
    pub medical: String,
    pub reference: String,
    pub status: EnrolmentStatus,
    pub position: Option<i32>,
    pub fee_paid: bool,
    pub present_today: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampRoster {
    pub camp_id: i32,
    pub camp: String,
    pub today: String,
    pub groups: Vec<CampGroupCount>,
    pub rows: Vec<RosterRow>,
}

/// A camp's set-up form as stored (blank for a new camp): the values its inputs show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampSetupForm {
    /// `None`: a new camp.
    pub camp_id: Option<i32>,
    pub name: String,
    /// Field name → value, in the form's own format (`datetime-local` for times).
    pub values: Vec<(String, String)>,
    /// The existing groups' places taken and waiting lists.
    pub counts: Vec<CampGroupCount>,
}

/// The organisers' daily attendance sheet: the confirmed children of each group for one
/// camp day, and who was checked in that day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    pub camp_id: i32,
    pub camp: String,
    pub location: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Every day of the camp, for choosing.
    pub days: Vec<String>,
    pub groups: Vec<Choice>,
    /// The group shown, or all (one per printed page).
    pub group: Option<i32>,
    pub sections: Vec<SheetGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetGroup {
    pub id: i32,
    pub name: String,
    pub born_from: String,
    pub born_to: String,
    pub rows: Vec<SheetRow>,
    /// How many of them were checked in that day.
    pub present: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub child_name: String,
    pub gender: String,
    pub birth_date: String,
    pub guardian_name: String,
    pub phone_masked: String,
    pub medical: String,
    /// `HH:MM` (Asia/Shanghai) when checked in that day.
    pub checked_at: Option<String>,
}

//! What Cunba gives out besides its pages: the public JSON API (`/api/v1`), calendar feeds
//! (iCalendar) and the Atom feed, the share cards (PNG), and the schedule as CSV.
pub mod api;
pub mod atom;
pub mod calendar;
pub mod cards;
pub mod print;
pub mod xml;

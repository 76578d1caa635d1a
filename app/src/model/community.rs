//! The notice board and residents' requests.
use serde::{Deserialize, Serialize};

use super::*;

db_enum!(
    /// A notice is published, waits for an organiser (a captain's, when the association
    /// wants that), or was withdrawn.
    NoticeStatus { Published = "published", Pending = "pending", Withdrawn = "withdrawn" }
);
db_enum!(
    /// Where a resident's request stands.
    RequestStatus { New = "new", InProgress = "in_progress", Answered = "answered", Closed = "closed" }
);

/// A notice as the pages and the feed show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i32,
    pub title: String,
    pub body: String,
    /// The villager group it concerns; `None` for everyone.
    pub group: Option<String>,
    pub pinned: bool,
    /// RFC 3339 in Asia/Shanghai: when it was published (or sent, while pending).
    pub at: String,
    pub expires_at: Option<String>,
    pub status: NoticeStatus,
    /// Who wrote it; empty for a notice the system wrote.
    pub author: String,
    pub game_id: Option<i32>,
    pub image: Option<NoticeImageView>,
    /// For a notice a game change wrote: what it is about, so that the page words it in its
    /// reader's language (`title` and `body` are its Chinese text as stored).
    pub game_change: Option<GameChangeNotice>,
}

/// A notice's image as a page shows it (the bytes are at [`NoticeImageView::url`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeImageView {
    pub notice_id: i32,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
}

impl NoticeImageView {
    pub fn url(&self) -> String {
        format!("/notices/{}/image", self.notice_id)
    }
}

/// The notices page: what residents read, and what the viewer may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticesData {
    pub notices: Vec<NoticeView>,
    /// Organisers: captains' notices waiting for approval.
    pub pending: Vec<NoticeView>,
    /// The viewer's own notices waiting for approval (captains).
    pub mine_pending: Vec<NoticeView>,
    /// The viewer may post: organisers for any group, captains for their own.
    pub may_post: bool,
    pub organiser: bool,
    /// The groups a notice may concern, for the form (a captain: only theirs).
    pub groups: Vec<Choice>,
    pub needs_approval: bool,
}

/// A resident's request as its sender sees it with the reference code (no personal data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i32,
    pub code: String,
    pub topic: String,
    pub body: String,
    pub group: Option<String>,
    pub status: RequestStatus,
    pub answer: Option<String>,
    pub at: String,
    pub answered_at: Option<String>,
    /// Organisers only; always `None` for anyone else.
    pub contact_phone: Option<String>,
    pub notice_id: Option<i32>,
}

/// What a request lookup found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestLookup {
    NotAsked,
    Found(Box<RequestView>),
    NotFound,
    TooManyAttempts,
}

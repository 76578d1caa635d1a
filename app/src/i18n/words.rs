//! Words for what the domain and the pages hand over typed: problems with a form, festivals,
//! weekdays and dates, cup stages and sides, a change to a game and its notice.
use super::{Key, Lang};

/// How a form's problems are worded next to their fields: one mapping for each form's
/// problem type, used by its page (`components::form::Returned::read(wording::<P>)`) and by
/// its handler's answer (`Reply::field_errors`).
pub trait Worded: crate::domain::form::Problem {
    /// What to say next to `field` when it has this problem.
    fn key(self, field: &str) -> Key;
}

/// What to say next to a field of a form, from the problem's code in `f=field.code`.
/// `None`: a code the form does not know.
pub type Wording = fn(&str, &str) -> Option<Key>;

/// The wording of the forms whose problems are `P`.
pub fn wording<P: Worded>(field: &str, code: &str) -> Option<Key> {
    P::from_code(code).map(|problem| problem.key(field))
}

/// The people page's forms: a captain's link or a hand-over without a team, or a choice the
/// form does not offer (a stale or forged page).
impl Worded for crate::domain::invite::Problem {
    fn key(self, field: &str) -> Key {
        use crate::domain::invite::Problem;
        match (self, field) {
            (Problem::Missing, "team") => Key::TeamMissing,
            (Problem::Missing, _) => Key::FieldMissing,
            (Problem::Invalid, _) => Key::FormHasErrors,
        }
    }
}

/// The camp enrolment form and the guardian's update form.
impl Worded for crate::domain::camp::Problem {
    fn key(self, _: &str) -> Key {
        use crate::domain::camp::Problem;
        match self {
            Problem::Missing => Key::FieldMissing,
            Problem::TooLong => Key::CampTooLong,
            Problem::PhoneInvalid => Key::PhoneInvalid,
            Problem::DateInvalid => Key::CampDateInvalid,
            Problem::NoAgeBand => Key::CampNoAgeBand,
            Problem::UnknownGender => Key::CampChooseGender,
            Problem::UnknownGroup => Key::CampUnknownGroup,
            Problem::ConsentMissing => Key::CampConsentMissing,
            Problem::Duplicate => Key::CampAlreadyEnrolled,
        }
    }
}

/// The camp set-up form (`field` picks the range meant).
impl Worded for crate::domain::camp::setup::Problem {
    fn key(self, field: &str) -> Key {
        use crate::domain::camp::setup::Problem;
        let part = field.rsplit('_').next().unwrap_or(field);
        match self {
            Problem::Missing => Key::FieldMissing,
            Problem::TooLong => Key::CampTooLong,
            Problem::NotANumber => Key::FieldNotANumber,
            Problem::DateInvalid => Key::CampDateInvalid,
            Problem::TimeInvalid => Key::CampFieldTime,
            Problem::OutOfRange => match (field, part) {
                ("fee", _) => Key::CampFieldFeeRange,
                ("offer_hours", _) => Key::CampFieldHoursRange,
                ("year", _) => Key::CampFieldYearRange,
                (_, "order") => Key::CampFieldOrderRange,
                _ => Key::CampFieldCapacityRange,
            },
            Problem::EndsBeforeStarts => Key::CampFieldEndsBeforeStarts,
            Problem::TooLongCamp => Key::CampFieldTooLongCamp,
            Problem::YearMismatch => Key::CampFieldYear,
            Problem::ClosesBeforeOpens => Key::CampFieldClosesBeforeOpens,
            Problem::ClosesAfterCamp => Key::CampFieldClosesAfterCamp,
            Problem::UnknownPolicy => Key::CampFieldPolicy,
            Problem::KeepTooShort => Key::CampFieldKeepShort,
            Problem::KeepTooLong => Key::CampFieldKeepLong,
            Problem::Overlap => Key::CampFieldOverlap,
            Problem::Duplicate => Key::CampFieldDuplicateGroup,
            Problem::NoGroups => Key::CampFieldNoGroups,
            Problem::BelowTaken if part == "remove" => Key::CampFieldRemoveTaken,
            Problem::BelowTaken => Key::CampFieldBelowTaken,
            Problem::ExcludesEnrolled => Key::CampFieldExcludes,
        }
    }
}

/// The season set-up forms (`field` picks the range meant).
impl Worded for crate::domain::setup::Problem {
    fn key(self, field: &str) -> Key {
        use crate::domain::setup::Problem;
        match (field, self) {
            (_, Problem::Missing) => Key::FieldMissing,
            (_, Problem::TooLong) => Key::FieldTooLong,
            (_, Problem::NotANumber) => Key::FieldNotANumber,
            ("games_per_evening", Problem::OutOfRange) => Key::SetupFieldGames,
            ("weekday", _) => Key::SetupFieldWeekday,
            (_, Problem::OutOfRange) => Key::SetupFieldOutOfRange,
            (_, Problem::Unknown) => Key::SetupFieldUnknown,
            (_, Problem::TimeInvalid) => Key::SetupFieldTime,
            (_, Problem::DateInvalid) => Key::FieldBadDate,
            (_, Problem::EndsBeforeStarts) => Key::SetupFieldEndsBeforeStarts,
            (_, Problem::RangeTooLong) => Key::SetupFieldRangeTooLong,
            (_, Problem::Taken) => Key::SetupFieldNameTaken,
            (_, Problem::Player(problem)) => row_problem_key(problem),
        }
    }
}

/// What to say about a row of a roster file.
pub fn row_problem_key(problem: crate::domain::players_csv::RowProblem) -> Key {
    use crate::domain::players_csv::RowProblem;
    match problem {
        RowProblem::NameMissing => Key::RowNameMissing,
        RowProblem::NameTooLong => Key::RowNameTooLong,
        RowProblem::NumberMissing => Key::RowNumberMissing,
        RowProblem::NumberNotANumber => Key::RowNumberNotANumber,
        RowProblem::NumberOutOfRange => Key::RowNumberOutOfRange,
        RowProblem::NumberTaken => Key::RowNumberTaken,
        RowProblem::NumberDuplicate => Key::RowNumberDuplicate,
        RowProblem::BirthYearNotANumber => Key::RowBirthYearNotANumber,
        RowProblem::BirthYearOutOfRange => Key::RowBirthYearOutOfRange,
    }
}

/// What to say about a roster file that cannot be read.
pub fn file_problem_key(problem: crate::domain::players_csv::FileProblem) -> Key {
    use crate::domain::players_csv::FileProblem;
    match problem {
        FileProblem::Empty => Key::CsvEmpty,
        FileProblem::TooLarge => Key::CsvTooLarge,
        FileProblem::TooManyRows => Key::CsvTooManyRows,
        FileProblem::Spreadsheet => Key::CsvSpreadsheet,
        FileProblem::NotText => Key::CsvNotText,
        FileProblem::NoNameColumn => Key::CsvNoNameColumn,
        FileProblem::NoNumberColumn => Key::CsvNoNumberColumn,
    }
}

/// A festival's name.
pub fn festival_key(festival: crate::domain::festivals::Festival) -> Key {
    use crate::domain::festivals::Festival;
    match festival {
        Festival::SpringFestival => Key::FestivalSpring,
        Festival::Lantern => Key::FestivalLantern,
        Festival::Qingming => Key::FestivalQingming,
        Festival::DragonBoat => Key::FestivalDragonBoat,
        Festival::MidAutumn => Key::FestivalMidAutumn,
        Festival::NationalDay => Key::FestivalNationalDay,
    }
}

/// An ISO weekday's name (1 = Monday).
pub fn weekday_key(weekday: i16) -> Key {
    match weekday {
        1 => Key::Weekday1,
        2 => Key::Weekday2,
        3 => Key::Weekday3,
        4 => Key::Weekday4,
        5 => Key::Weekday5,
        6 => Key::Weekday6,
        _ => Key::Weekday7,
    }
}

/// A date as short as a notice or a sheet's title says it: "12月7日" / "7 Dec".
pub fn short_date(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Zh => format!("{}月{}日", date.month(), date.day()),
        Lang::En => date.format("%-d %b").to_string(),
    }
}

/// A day as a sheet's heading says it: "12月7日 星期一" / "Monday 7 December".
pub fn long_day(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Zh => format!(
            "{} {}",
            short_date(lang, date),
            lang.t(weekday_key(date.weekday().number_from_monday() as i16))
        ),
        Lang::En => date.format("%A %-d %B").to_string(),
    }
}

/// A cup's stored stage (bracket slot `SF1`, pool `A组`) in the reader's language; any
/// other label as it is.
pub fn stage_text(lang: Lang, code: &str) -> String {
    use crate::domain::schedule::stage::Stage;
    match Stage::parse(code) {
        Some(Stage::Final) => lang.t(Key::StageFinal).to_owned(),
        Some(Stage::ThirdPlace) => lang.t(Key::StageThirdPlace).to_owned(),
        Some(Stage::SemiFinal(n)) => Key::StageSemiFinal.fill(lang, n),
        Some(Stage::QuarterFinal(n)) => Key::StageQuarterFinal.fill(lang, n),
        Some(Stage::RoundOf { teams, game }) => Key::StageRoundOf.fill_args(lang, &[&teams, &game]),
        Some(Stage::Group(letter)) => Key::StageGroup.fill(lang, letter),
        None => code.to_owned(),
    }
}

/// A stored knockout side still to be decided (`A组第1名`, `SF1胜者`) in the reader's
/// language; anything else (a team's name) as it is.
pub fn side_text(lang: Lang, stored: &str) -> String {
    use crate::domain::schedule::stage::Side;
    match Side::parse(stored) {
        Some(Side::GroupPlace { group, place }) => {
            Key::SourceGroupPlace.fill_args(lang, &[&group, &place])
        }
        Some(Side::Winner(stage)) => Key::SourceWinner.fill(lang, stage_text(lang, &stage.code())),
        Some(Side::Loser(stage)) => Key::SourceLoser.fill(lang, stage_text(lang, &stage.code())),
        None => stored.to_owned(),
    }
}

/// What to tell the organiser about a move, a postponement or a referee they asked for.
pub fn change_problem_text(lang: Lang, problem: &crate::model::ChangeProblem) -> String {
    use crate::model::ChangeProblem as P;
    match problem {
        P::DateInvalid => lang.t(Key::ProblemDateInvalid).to_owned(),
        P::DatePast => lang.t(Key::ProblemDatePast).to_owned(),
        P::TimeInvalid => lang.t(Key::ProblemTimeInvalid).to_owned(),
        P::CourtMissing => lang.t(Key::ProblemCourtMissing).to_owned(),
        P::RefereeInvalid | P::NotAReferee => lang.t(Key::ProblemChooseReferee).to_owned(),
        P::UnknownCourt => lang.t(Key::ConflictUnknownCourt).to_owned(),
        P::CourtClosedWeekday { weekday } => {
            Key::ConflictCourtClosedWeekday.fill(lang, lang.t(weekday_key(*weekday)))
        }
        P::OutsideCourtHours { starts, ends } => {
            Key::ConflictOutsideCourtHours.fill_args(lang, &[starts, ends])
        }
        P::CourtBlackout { reason } => Key::ConflictCourtBlackout.fill(lang, reason),
        P::AssociationBlackout { reason } => Key::ConflictAssociationBlackout.fill(lang, reason),
        P::CourtFull { games } => Key::ConflictCourtFull.fill(lang, games),
        P::CourtTaken { time } => Key::ConflictCourtTaken.fill(lang, time),
        P::TeamPlaysThatDay { team } => Key::ConflictTeamPlaysThatDay.fill(lang, team),
        P::TeamRestTooShort {
            team,
            rest_days,
            min_rest_days,
        } => Key::ConflictTeamRestTooShort.fill_args(lang, &[team, rest_days, min_rest_days]),
        P::TeamBlackout { team, reason } => {
            Key::ConflictTeamBlackout.fill_args(lang, &[team, reason])
        }
    }
}

/// A side of an automatic notice: the team, where it comes from, or 待定 / TBD.
fn notice_side(lang: Lang, side: &str) -> String {
    if side.is_empty() {
        lang.t(Key::Tbd).to_owned()
    } else {
        side_text(lang, side)
    }
}

/// The title and text of an automatic notice about a game change, in `lang`.
pub fn game_change_notice(lang: Lang, notice: &crate::model::GameChangeNotice) -> (String, String) {
    use crate::model::GameChange;
    let matchup = Key::NoticeMatchup.fill_args(
        lang,
        &[
            &notice_side(lang, &notice.home),
            &notice_side(lang, &notice.away),
        ],
    );
    let when = format!("{} {}", short_date(lang, notice.date), notice.time);
    let court = notice
        .court
        .clone()
        .unwrap_or_else(|| lang.t(Key::Tbd).to_owned());
    let competition = &notice.competition;
    let (title, body) = match notice.change {
        GameChange::Postponed => (Key::NoticePostponedTitle, Key::NoticePostponedBody),
        GameChange::Cancelled => (Key::NoticeCancelledTitle, Key::NoticeCancelledBody),
        GameChange::Moved => (Key::NoticeMovedTitle, Key::NoticeMovedBody),
    };
    let body = match notice.change {
        GameChange::Moved => body.fill_args(lang, &[competition, &matchup, &when, &court]),
        _ => body.fill_args(lang, &[competition, &when, &court, &matchup]),
    };
    (title.fill(lang, &matchup), body)
}

/// The league and cup forms.
impl Worded for crate::domain::competition::Problem {
    fn key(self, _: &str) -> Key {
        use crate::domain::competition::Problem;
        match self {
            Problem::Missing => Key::FieldMissing,
            Problem::Range => Key::CompProblemRange,
            Problem::Order => Key::CompProblemOrder,
            Problem::Teams => Key::CompProblemTeams,
            Problem::Fit => Key::CompProblemFit,
            Problem::Invalid => Key::CompProblemInvalid,
        }
    }
}

/// The score form.
impl Worded for crate::domain::score::Problem {
    fn key(self, _: &str) -> Key {
        use crate::domain::score::Problem;
        match self {
            Problem::Missing => Key::FieldMissing,
            Problem::NotANumber => Key::FieldNotANumber,
            Problem::OutOfRange => Key::FieldOutOfRange,
            Problem::Draw => Key::FieldDraw,
            Problem::PeriodsDoNotAddUp => Key::FieldPeriodsDoNotAddUp,
            Problem::QuartersIncomplete => Key::FieldQuartersIncomplete,
            Problem::OvertimeNotLevel => Key::FieldOvertimeNotLevel,
            Problem::UnknownOutcome => Key::FieldUnknownOutcome,
            Problem::TooManyFouls => Key::FieldTooManyFouls,
            Problem::PlayerPointsExceedScore => Key::FieldPlayerPointsExceedScore,
        }
    }
}

/// The notice, request and answer forms.
impl Worded for crate::domain::community::Problem {
    fn key(self, _: &str) -> Key {
        use crate::domain::community::Problem;
        use crate::domain::image::ImageProblem;
        match self {
            Problem::Missing => Key::FieldMissing,
            Problem::TooLong => Key::FieldTooLong,
            Problem::DateInvalid => Key::FieldBadDate,
            Problem::ExpiryPast => Key::FieldExpiryPast,
            Problem::UnknownGroup => Key::FieldUnknownGroup,
            Problem::PhoneInvalid => Key::PhoneInvalid,
            Problem::Image(ImageProblem::NotAccepted) => Key::FieldImageType,
            Problem::Image(ImageProblem::TooLarge) => Key::FieldImageTooLarge,
            Problem::Image(ImageProblem::Unreadable) => Key::FieldImageUnreadable,
        }
    }
}

/// Why the scorer's sheet refuses a line, in words.
pub fn sheet_refusal_key(refusal: crate::domain::scoresheet::Refusal) -> Key {
    use crate::domain::scoresheet::Refusal;
    match refusal {
        Refusal::NotStarted => Key::LiveNotStarted,
        Refusal::AlreadyStarted => Key::LiveAlreadyStarted,
        Refusal::Finished => Key::LiveFinished,
        Refusal::BadPoints => Key::LiveBadPoints,
        Refusal::FouledOut { .. } => Key::LiveFouledOut,
        Refusal::NoTimeoutLeft => Key::LiveNoTimeoutLeft,
        Refusal::NothingToUndo { .. } => Key::LiveNothingToUndo,
    }
}

/// What to tell the scorer about lines that cannot be read.
pub fn sent_problem_key(problem: crate::domain::scoresheet::SentProblem) -> Key {
    use crate::domain::scoresheet::SentProblem;
    match problem {
        SentProblem::ChoosePlayer => Key::LiveChoosePlayer,
        SentProblem::Unreadable { .. } => Key::LiveBadLine,
    }
}

/// A period of a game: "第2节" / "Q2", then the extra periods "加时1" / "OT1".
pub fn period_name(lang: Lang, period: u8) -> String {
    use crate::domain::scoresheet::QUARTERS;
    if period > QUARTERS {
        Key::OvertimeShort.fill(lang, period - QUARTERS)
    } else {
        Key::QuarterShort.fill(lang, period)
    }
}

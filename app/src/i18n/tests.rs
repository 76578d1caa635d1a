//! Every key in both languages, and the wording of typed problems, festivals and stages.
use super::*;

#[test]
fn every_key_has_both_languages() {
    for key in Key::ALL {
        assert!(!Lang::Zh.t(*key).is_empty(), "{key:?} has no Chinese text");
        assert!(!Lang::En.t(*key).is_empty(), "{key:?} has no English text");
    }
}

#[test]
fn reads_the_language_cookie() {
    assert_eq!(
        Lang::from_cookie_header("a=1; cunba_lang=en"),
        Some(Lang::En)
    );
    assert_eq!(Lang::from_cookie_header("cunba_lang=xx"), None);
    assert_eq!(Lang::from_cookie_header(""), None);
}

#[test]
fn fills_placeholders() {
    assert_eq!(Key::Round.fill(Lang::Zh, 3), "第3轮");
    assert_eq!(Key::Round.fill(Lang::En, 3), "Round 3");
}

#[test]
fn fills_placeholders_in_each_languages_order() {
    let text = |lang| Key::ConflictTeamBlackout.fill_args(lang, &[&"东坊", &"喜事"]);
    assert_eq!(text(Lang::Zh), "东坊当天不能比赛（喜事）。");
    assert_eq!(text(Lang::En), "东坊 cannot play that day (喜事).");
}

#[test]
fn says_cup_stages_and_sides_in_the_readers_language() {
    assert_eq!(stage_text(Lang::Zh, "SF1"), "半决赛1");
    assert_eq!(stage_text(Lang::En, "SF1"), "Semi-final 1");
    assert_eq!(stage_text(Lang::Zh, "3P"), "三四名决赛");
    assert_eq!(stage_text(Lang::Zh, "F"), "决赛");
    assert_eq!(stage_text(Lang::En, "A组"), "Group A");
    assert_eq!(stage_text(Lang::En, "R16-5"), "Round of 16, game 5");
    assert_eq!(stage_text(Lang::En, "东坊组"), "东坊组", "other names stay");
    assert_eq!(side_text(Lang::Zh, "A组第1名"), "A组第1名");
    assert_eq!(side_text(Lang::En, "A组第1名"), "Group A #1");
    assert_eq!(side_text(Lang::Zh, "SF2胜者"), "半决赛2胜者");
    assert_eq!(side_text(Lang::En, "SF2负者"), "Loser of Semi-final 2");
    assert_eq!(side_text(Lang::En, "东坊"), "东坊");
}

#[test]
fn words_change_problems() {
    use crate::model::ChangeProblem;
    let hours = ChangeProblem::OutsideCourtHours {
        starts: "18:00".into(),
        ends: "22:00".into(),
    };
    assert_eq!(
        change_problem_text(Lang::Zh, &hours),
        "场地当天只在 18:00–22:00 开放。"
    );
    assert_eq!(
        change_problem_text(Lang::En, &hours),
        "The court is open 18:00–22:00 that day only."
    );
    let closed = ChangeProblem::CourtClosedWeekday { weekday: 2 };
    assert_eq!(change_problem_text(Lang::Zh, &closed), "场地星期二不开放。");
    assert_eq!(
        change_problem_text(Lang::En, &closed),
        "The court is not open on Tuesday."
    );
}

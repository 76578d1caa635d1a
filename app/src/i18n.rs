//! Every string the interface shows, in zh-CN (first) and English.
//!
//! A small typed table rather than leptos_i18n: a missing translation is a compile error
//! (each key is one `match` arm holding both languages), it adds nothing to the wasm bundle
//! beyond the strings an island really uses, and it needs no build-time code generation.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The cookie that remembers the reader's language.
pub const LANG_COOKIE: &str = "cunba_lang";

impl Lang {
    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The language named by a `Cookie` header, if any.
    pub fn from_cookie_header(header: &str) -> Option<Lang> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::parse(value))
    }

    pub fn t(self, key: Key) -> &'static str {
        let (zh, en) = key.texts();
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

macro_rules! keys {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key,)+ }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)+];

            fn texts(self) -> (&'static str, &'static str) {
                match self { $(Key::$key => ($zh, $en),)+ }
            }
        }
    };
}

keys! {
    AppName => "村BA", "Cunba";
    Community => "巷头社区篮球", "Xiangtou Community Basketball";
    NavToday => "今日", "Today";
    NavFixtures => "赛程", "Fixtures";
    NavStandings => "积分榜", "Standings";
    NavTeams => "球队", "Teams";
    NavCamp => "训练营", "Camp";
    SwitchLanguage => "English", "中文";
    DemoBanner => "演示数据：本站内容为虚构的示例联赛。", "Demo data: the league shown here is fictional.";
    TodayGames => "今日比赛", "Today's games";
    NoGamesToday => "今天没有比赛。", "No games today.";
    Upcoming => "近期赛程", "Coming up";
    NoUpcoming => "近期没有安排比赛。", "Nothing scheduled in the next days.";
    LatestResults => "最新赛果", "Latest results";
    NoResults => "还没有赛果。", "No results yet.";
    Live => "进行中", "Live";
    Final => "完场", "Final";
    Postponed => "延期", "Postponed";
    Cancelled => "取消", "Cancelled";
    ForfeitShort => "弃权", "Forfeit";
    DefaultShort => "判负", "Default";
    Round => "第{}轮", "Round {}";
    Vs => "对", "vs";
    Tbd => "待定", "TBD";
    Fixtures => "赛程与赛果", "Fixtures & results";
    AllCompetitions => "全部赛事", "All competitions";
    NoFixtures => "没有符合条件的比赛。", "No games match.";
    Standings => "积分榜", "Standings";
    Teams => "球队", "Teams";
    NoTeams => "还没有球队。", "No teams yet.";
    HomeCourt => "主场", "Home court";
    DivisionMen => "男子", "Men";
    DivisionWomen => "女子", "Women";
    DivisionYouth => "青少年", "Youth";
    DivisionVeterans => "元老", "Veterans";
    CampTitle => "暑期篮球训练营", "Summer basketball camp";
    CampNotOpen => "本年度训练营报名尚未开放，开放时间将在此公布。", "Enrolment for this year's camp has not opened; the date will be announced here.";
    NoCompetitions => "还没有公布的赛事。", "No competitions have been published yet.";
    Rank => "名次", "Rank";
    Team => "球队", "Team";
    PlayedShort => "场", "P";
    WonShort => "胜", "W";
    LostShort => "负", "L";
    PointsShort => "积分", "Pts";
    PointsForShort => "得分", "PF";
    PointsAgainstShort => "失分", "PA";
    DifferenceShort => "净胜", "+/−";
    LastFive => "近五场", "Last 5";
    WinLetter => "胜", "W";
    LossLetter => "负", "L";
    WhyThisOrder => "为什么这样排名？", "Why this order?";
    TieRules => "积分相同时按国际篮联规则（附录D）：先比相互间胜负，再比相互间净胜分、得分，然后比全部比赛的净胜分、得分。", "Teams level on points are separated by FIBA Annex D: results between them, then their point difference and points scored in those games, then point difference and points scored in all games.";
    Provisional => "赛事进行中，排名暂定。", "Games still to play: the order is provisional.";
    FinalTable => "全部比赛已结束，排名为最终排名。", "All games played: this is the final order.";
    SharedPlace => "并列", "shared";
    DrawOfLots => "需抽签决定", "to be drawn";
    Knockout => "淘汰赛", "Knockout";
    FilterTeam => "球队", "Team";
    FilterGroup => "村民小组", "Villager group";
    FilterCourt => "球场", "Court";
    Any => "全部", "All";
    Apply => "筛选", "Filter";
    Roster => "球员名单", "Roster";
    NoPlayers => "还没有登记球员。", "No players registered yet.";
    Results => "赛果", "Results";
    NextGames => "后续比赛", "Next games";
    ScoreByPeriod => "每节比分", "Score by period";
    QuarterShort => "第{}节", "Q{}";
    OvertimeShort => "加时{}", "OT{}";
    Total => "总分", "Total";
    NoSuchTeam => "找不到这支球队。", "No such team.";
    NoSuchGame => "找不到这场比赛。", "No such game.";
    Game => "比赛", "Game";
    NotFound => "找不到这个页面。", "Page not found.";
    BackHome => "回到今日", "Back to today";
    Loading => "加载中…", "Loading…";
    LoadError => "暂时无法读取数据，请稍后再试。", "The data could not be loaded; please try again shortly.";
    LiveUpdated => "已更新", "Updated";
}

impl Key {
    /// A key whose text holds `{}`, with the value put in.
    pub fn fill(self, lang: Lang, value: impl std::fmt::Display) -> String {
        lang.t(self).replacen("{}", &value.to_string(), 1)
    }
}

#[cfg(test)]
mod tests {
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
}

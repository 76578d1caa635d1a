//! The names a cup stores for its stages and undecided sides, read back as types so that each
//! page can say them in its reader's language.
//!
//! What is stored (and stays stored, for the CSV, the feeds and older rows): a knockout game's
//! bracket slot (`F`, `3P`, `SF1`, `QF3`, `R16-5`), a group's pool name (`A组`), and the source
//! of a side not yet known (`A组第1名`, `SF1胜者`, `SF1负者`).

/// A cup game's stage: its bracket slot, or its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Final,
    ThirdPlace,
    SemiFinal(u32),
    QuarterFinal(u32),
    /// An earlier knockout round: `teams` left, game `game` of it.
    RoundOf {
        teams: u32,
        game: u32,
    },
    /// A group of the group stage, by letter.
    Group(char),
}

impl Stage {
    /// A stored bracket slot code or pool name; `None` for anything else (a league's pool
    /// name an organiser typed, say).
    pub fn parse(code: &str) -> Option<Stage> {
        let code = code.trim();
        let number = |text: &str| text.parse::<u32>().ok().filter(|n| *n > 0);
        match code {
            "F" => return Some(Stage::Final),
            "3P" => return Some(Stage::ThirdPlace),
            _ => {}
        }
        if let Some(n) = code.strip_prefix("SF").and_then(number) {
            return Some(Stage::SemiFinal(n));
        }
        if let Some(n) = code.strip_prefix("QF").and_then(number) {
            return Some(Stage::QuarterFinal(n));
        }
        if let Some((teams, game)) = code.strip_prefix('R').and_then(|rest| rest.split_once('-')) {
            return Some(Stage::RoundOf {
                teams: number(teams)?,
                game: number(game)?,
            });
        }
        let mut chars = code.chars();
        match (chars.next(), chars.as_str()) {
            (Some(letter), "组") if letter.is_ascii_uppercase() => Some(Stage::Group(letter)),
            _ => None,
        }
    }

    /// How it is stored.
    pub fn code(&self) -> String {
        match self {
            Stage::Final => "F".into(),
            Stage::ThirdPlace => "3P".into(),
            Stage::SemiFinal(n) => format!("SF{n}"),
            Stage::QuarterFinal(n) => format!("QF{n}"),
            Stage::RoundOf { teams, game } => format!("R{teams}-{game}"),
            Stage::Group(letter) => format!("{letter}组"),
        }
    }
}

/// Where a knockout side comes from while its team is not known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The team placed `place` in group `group`.
    GroupPlace {
        group: char,
        place: u32,
    },
    Winner(Stage),
    Loser(Stage),
}

impl Side {
    /// A stored source; `None` for anything else.
    pub fn parse(stored: &str) -> Option<Side> {
        let stored = stored.trim();
        if let Some(slot) = stored.strip_suffix("胜者") {
            return Stage::parse(slot).map(Side::Winner);
        }
        if let Some(slot) = stored.strip_suffix("负者") {
            return Stage::parse(slot).map(Side::Loser);
        }
        let (group, place) = stored.strip_suffix('名')?.split_once("组第")?;
        let mut letters = group.chars();
        match (letters.next(), letters.next()) {
            (Some(group), None) if group.is_ascii_uppercase() => Some(Side::GroupPlace {
                group,
                place: place.parse().ok().filter(|p| *p > 0)?,
            }),
            _ => None,
        }
    }

    /// How it is stored.
    pub fn stored(&self) -> String {
        match self {
            Side::GroupPlace { group, place } => format!("{group}组第{place}名"),
            Side::Winner(stage) => format!("{}胜者", stage.code()),
            Side::Loser(stage) => format!("{}负者", stage.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_the_cup_stores() {
        for code in ["F", "3P", "SF1", "SF2", "QF3", "R16-5", "A组", "D组"] {
            let stage = Stage::parse(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(stage.code(), code);
        }
        assert_eq!(Stage::parse("SF1"), Some(Stage::SemiFinal(1)));
        assert_eq!(
            Stage::parse("R16-5"),
            Some(Stage::RoundOf { teams: 16, game: 5 })
        );
        for stored in ["A组第1名", "B组第2名", "SF1胜者", "SF2负者", "QF4胜者"] {
            let side = Side::parse(stored).unwrap_or_else(|| panic!("{stored}"));
            assert_eq!(side.stored(), stored);
        }
        assert_eq!(
            Side::parse("SF1胜者"),
            Some(Side::Winner(Stage::SemiFinal(1)))
        );
    }

    #[test]
    fn leaves_other_names_alone() {
        for text in [
            "", "东坊", "SF", "SF0", "R16", "R-1", "ab组", "第1轮", "a组",
        ] {
            assert_eq!(Stage::parse(text), None, "{text}");
        }
        for text in ["", "东坊", "X胜者", "A组第名", "AB组第1名", "A组第0名"] {
            assert_eq!(Side::parse(text), None, "{text}");
        }
    }
}

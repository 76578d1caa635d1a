//! The share cards as SVG: pure functions from the data a page shows to the text of an
//! image, 1200×630, in the club's colours (those of `style/main.css`). No fonts, files or
//! clocks in here: [`super::font`] turns the text into a PNG, and the caller passes the dates.
//!
//! Text is placed by an estimate of its width (a CJK character is one em, Latin letters and
//! digits a little over half): names that would not fit get a smaller size, then an ellipsis.
use app::components::format_day;
use app::i18n::Key;
use app::model::{CompetitionSummary, GameCard, GameStatus, Outcome, TableView, TeamRef};
use chrono::{DateTime, FixedOffset, NaiveDate};

mod svg;

use svg::*;
pub use svg::{fit, text_width, Brand};

fn local(at: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(at).ok()
}

fn team_name(team: &Option<TeamRef>, source: &Option<String>) -> String {
    match (team, source) {
        (Some(team), _) => team.name.clone(),
        (None, Some(source)) => source.clone(),
        (None, None) => LANG.t(Key::Tbd).to_owned(),
    }
}

fn scored(game: &GameCard) -> Option<(i32, i32)> {
    match (game.status, game.home_score, game.away_score) {
        (GameStatus::Played | GameStatus::Forfeit, Some(h), Some(a)) => Some((h, a)),
        _ => None,
    }
}

/// What the game's state is called, as the game lists say it.
fn state(game: &GameCard) -> Key {
    match (game.status, game.outcome) {
        (_, Some(Outcome::ForfeitByHome | Outcome::ForfeitByAway)) => Key::ForfeitShort,
        (_, Some(Outcome::DefaultByHome | Outcome::DefaultByAway)) => Key::DefaultShort,
        (GameStatus::Played, _) => Key::Final,
        (GameStatus::Postponed, _) => Key::Postponed,
        (GameStatus::Cancelled, _) => Key::Cancelled,
        _ if game.live => Key::Live,
        _ => Key::CardNotStarted,
    }
}

/// The round, the pool, or the knockout round named in words ("SF1" is 半决赛1), as every
/// page names it (`i18n::stage_text`; a round of 32 too).
fn round_label(game: &GameCard) -> String {
    if game.label.is_empty() {
        return Key::Round.fill(LANG, game.round);
    }
    app::i18n::stage_text(LANG, &game.label)
}

/// One game: the two teams, the score (or the time), its state, the score by period.
pub fn game(brand: &Brand, game: &GameCard, periods: &[(i32, i32)]) -> String {
    let mut svg = Svg::new();
    let when = local(&game.starts_at);
    let day = when
        .map(|t| format_day(t.date_naive(), LANG))
        .unwrap_or_default();
    let time = when
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default();
    svg.band(brand, &day);
    svg.fitted(
        Text::at(W / 2.0, 170.0, 32.0).middle().fill(MUTED),
        &format!("{} · {}", game.competition, round_label(game)),
        W - 2.0 * MARGIN,
        20.0,
    );

    let score = scored(game);
    // A game being scored live shows its score so far (nobody has won yet).
    let live = game.live_score.filter(|_| score.is_none());
    let (home_won, away_won) = match score {
        Some((h, a)) => (h > a, a > h),
        None => (false, false),
    };
    let side_width = 380.0;
    for (x, team, source, won) in [
        (250.0, &game.home, &game.home_source, home_won),
        (W - 250.0, &game.away, &game.away_source, away_won),
    ] {
        let colour = if won { RED } else { INK };
        let name = team_name(team, source);
        svg.fitted(
            Text::at(x, 330.0, 64.0).middle().fill(colour).bold(),
            &name,
            side_width,
            28.0,
        );
        if let Some(team) = team {
            svg.fitted(
                Text::at(x, 385.0, 28.0).middle().fill(MUTED),
                &team.group,
                side_width,
                18.0,
            );
        }
    }
    match score.or(live.map(|live| (live.home as i32, live.away as i32))) {
        Some((h, a)) => svg.fitted(
            Text::at(W / 2.0, 335.0, 104.0).middle().bold(),
            &format!("{h} : {a}"),
            W - 2.0 * (250.0 + side_width / 2.0) - 16.0,
            56.0,
        ),
        None => {
            svg.text(Text::at(W / 2.0, 315.0, 72.0).middle().bold(), &time);
            svg.text(
                Text::at(W / 2.0, 375.0, 32.0).middle().fill(MUTED),
                LANG.t(Key::Vs),
            );
        }
    }
    let key = state(game);
    let (fill, colour) = match key {
        Key::Final | Key::Live => (RED, CARD),
        Key::ForfeitShort | Key::DefaultShort | Key::Postponed | Key::Cancelled => (INK, CARD),
        _ => (LINE, INK),
    };
    let pill = match live {
        // "进行中 · 第3节", or "进行中 · 比赛结束" once the last period is over.
        Some(live) if live.finished => format!("{} · {}", LANG.t(key), LANG.t(Key::SheetEndGame)),
        Some(live) if live.period > 0 => format!(
            "{} · {}",
            LANG.t(key),
            app::i18n::period_name(LANG, live.period)
        ),
        _ => LANG.t(key).to_owned(),
    };
    svg.pill(W / 2.0, 440.0, 28.0, fill, colour, &pill);

    if let Some(live) = live {
        svg.fitted(
            Text::at(W / 2.0, 520.0, 28.0).middle().fill(MUTED),
            &Key::CardTeamFouls.fill_args(LANG, &[&live.home_fouls, &live.away_fouls]),
            W - 2.0 * MARGIN,
            18.0,
        );
    } else if !periods.is_empty() {
        let line = periods
            .iter()
            .enumerate()
            .map(|(n, (h, a))| {
                let label = if n < 4 {
                    Key::QuarterShort.fill(LANG, n + 1)
                } else {
                    Key::OvertimeShort.fill(LANG, n - 3)
                };
                format!("{label} {h}:{a}")
            })
            .collect::<Vec<_>>()
            .join(" · ");
        svg.fitted(
            Text::at(W / 2.0, 520.0, 28.0).middle().fill(MUTED),
            &line,
            W - 2.0 * MARGIN,
            18.0,
        );
    }

    let place = match &game.court {
        Some(court) => format!("{court} · {day} {time}"),
        None => format!("{day} {time}"),
    };
    svg.footer(brand, &place);
    svg.finish()
}

/// A competition's tables: one for a league, one per pool of a cup (two side by side).
pub fn standings(
    brand: &Brand,
    competition: &CompetitionSummary,
    tables: &[TableView],
    as_of: NaiveDate,
) -> String {
    let mut svg = Svg::new();
    let day = format_day(as_of, LANG);
    svg.band(brand, &Key::CardAsOf.fill(LANG, &day));
    let complete = !tables.is_empty() && tables.iter().all(|t| t.complete);
    let status = LANG.t(if complete {
        Key::CardFinalOrder
    } else {
        Key::CardProvisionalOrder
    });
    let status_width = text_width(status, 24.0);
    svg.fitted(
        Text::at(MARGIN, 165.0, 38.0).bold(),
        &format!("{} · {}", LANG.t(Key::Standings), competition.name),
        W - 2.0 * MARGIN - status_width - 24.0,
        24.0,
    );
    svg.text(Text::at(W - MARGIN, 163.0, 24.0).end().fill(MUTED), status);

    let top = 195.0;
    let bottom = H - FOOTER - 14.0;
    if tables.is_empty() {
        svg.text(
            Text::at(W / 2.0, (top + bottom) / 2.0, 32.0)
                .middle()
                .fill(MUTED),
            LANG.t(Key::CardNoTable),
        );
    } else {
        let columns = if tables.len() > 1 { 2 } else { 1 };
        let gap = 32.0;
        let block_width = (W - 2.0 * MARGIN - gap * (columns as f32 - 1.0)) / columns as f32;
        let rows_of_blocks: Vec<&[TableView]> = tables.chunks(columns).collect();
        let with_titles = tables.len() > 1;
        // Every block row is as tall as its longest table; lines share the height evenly.
        let lines: usize = rows_of_blocks
            .iter()
            .map(|row| {
                row.iter().map(|t| t.rows.len()).max().unwrap_or(0) + 1 + usize::from(with_titles)
            })
            .sum();
        let line_height = ((bottom - top) / lines.max(1) as f32).min(46.0);
        let mut y = top;
        for row in rows_of_blocks {
            let mut tallest: f32 = 0.0;
            for (n, table) in row.iter().enumerate() {
                let x = MARGIN + n as f32 * (block_width + gap);
                let height =
                    table_block(&mut svg, table, x, y, block_width, line_height, with_titles);
                tallest = tallest.max(height);
            }
            y += tallest;
        }
    }
    svg.footer(brand, LANG.t(Key::ConfirmedCount));
    svg.finish()
}

/// Draws one table at (`x`, `y`); returns the height it took.
fn table_block(
    svg: &mut Svg,
    table: &TableView,
    x: f32,
    y: f32,
    width: f32,
    line_height: f32,
    with_title: bool,
) -> f32 {
    let size = (line_height * 0.56).clamp(14.0, 26.0);
    let wide = width > 700.0;
    let col = |f: f32| x + width * f;
    let mut y = y;
    if with_title {
        svg.fitted(
            Text::at(x, y + line_height * 0.75, size * 1.1)
                .fill(RED)
                .bold(),
            &table.title,
            width,
            14.0,
        );
        y += line_height;
    }
    // Columns as fractions of the block: wide blocks have room for the last five games.
    let numbers: &[(Key, f32)] = if wide {
        &[
            (Key::PlayedShort, 0.50),
            (Key::WonShort, 0.57),
            (Key::LostShort, 0.64),
            (Key::PointsShort, 0.72),
            (Key::DifferenceShort, 0.81),
        ]
    } else {
        &[
            (Key::PlayedShort, 0.58),
            (Key::WonShort, 0.68),
            (Key::LostShort, 0.78),
            (Key::PointsShort, 0.90),
        ]
    };
    let team_width = width * if wide { 0.36 } else { 0.44 };
    let baseline = line_height * 0.5 + size * 0.36;
    let header = Text::at(0.0, y + baseline, size * 0.85).fill(MUTED);
    svg.text(
        Text {
            x: col(0.035),
            ..header
        }
        .middle(),
        "#",
    );
    svg.text(
        Text {
            x: col(0.09),
            ..header
        },
        LANG.t(Key::Team),
    );
    for (key, at) in numbers {
        svg.text(
            Text {
                x: col(*at),
                ..header
            }
            .middle(),
            LANG.t(*key),
        );
    }
    if wide {
        svg.text(
            Text {
                x: col(0.93),
                ..header
            }
            .middle(),
            LANG.t(Key::LastFive),
        );
    }
    y += line_height;
    for (n, row) in table.rows.iter().enumerate() {
        let fill = if n % 2 == 0 { CARD } else { BG };
        svg.rect(x, y, width, line_height, fill, 0.0);
        let text = Text::at(0.0, y + baseline, size);
        let rank = if row.shared_rank {
            format!("{}=", row.rank)
        } else {
            row.rank.to_string()
        };
        svg.text(
            Text {
                x: col(0.035),
                ..text
            }
            .middle()
            .fill(MUTED),
            &rank,
        );
        svg.fitted(
            Text {
                x: col(0.09),
                ..text
            },
            &row.team.name,
            team_width,
            12.0,
        );
        let difference = match row.difference {
            d if d > 0 => format!("+{d}"),
            d if d < 0 => format!("−{}", -d),
            _ => "0".into(),
        };
        let values = [
            row.played.to_string(),
            row.won.to_string(),
            row.lost.to_string(),
            row.points.to_string(),
            difference,
        ];
        for ((key, at), value) in numbers.iter().zip(values) {
            let cell = Text {
                x: col(*at),
                ..text
            }
            .middle();
            if *key == Key::PointsShort {
                svg.text(cell.fill(RED).bold(), &value);
            } else {
                svg.text(cell, &value);
            }
        }
        if wide {
            let r = (line_height * 0.16).min(8.0);
            let step = r * 2.8;
            let start = col(0.93) - step * 2.0;
            for (i, won) in row.last_five.iter().enumerate() {
                let fill = if *won { WIN } else { LOSS };
                svg.circle(start + i as f32 * step, y + line_height / 2.0, r, fill);
            }
        }
        y += line_height;
    }
    svg.line(x, y, x + width, y, LINE);
    let titles = usize::from(with_title);
    line_height * (table.rows.len() + 1 + titles) as f32 + 8.0
}

/// How many games fit on the today card; the rest are counted.
const TODAY_ROWS: usize = 6;

/// Today's games (or, on a day without games, the next ones).
pub fn today(brand: &Brand, date: NaiveDate, today: &[GameCard], upcoming: &[GameCard]) -> String {
    let mut svg = Svg::new();
    let day = format_day(date, LANG);
    svg.band(brand, &day);
    let (heading, games, with_day) = if today.is_empty() {
        (Key::Upcoming, upcoming, true)
    } else {
        (Key::TodayGames, today, false)
    };
    svg.text(Text::at(MARGIN, 165.0, 40.0).bold(), LANG.t(heading));
    if !today.is_empty() {
        svg.text(
            Text::at(W - MARGIN, 163.0, 26.0).end().fill(MUTED),
            &Key::CardGameCount.fill(LANG, today.len()),
        );
    } else {
        svg.text(
            Text::at(W - MARGIN, 163.0, 26.0).end().fill(MUTED),
            LANG.t(Key::NoGamesToday),
        );
    }
    let top = 190.0;
    let bottom = H - FOOTER - 14.0;
    let shown = if games.len() > TODAY_ROWS {
        TODAY_ROWS - 1
    } else {
        games.len()
    };
    if games.is_empty() {
        svg.text(
            Text::at(W / 2.0, (top + bottom) / 2.0, 32.0)
                .middle()
                .fill(MUTED),
            LANG.t(Key::NoUpcoming),
        );
    }
    let lines = if games.len() > shown {
        shown + 1
    } else {
        shown
    };
    let pitch = ((bottom - top) / lines.max(1) as f32).min(72.0);
    let height = pitch - 8.0;
    let size = (height * 0.5).clamp(18.0, 32.0);
    for (n, game) in games.iter().take(shown).enumerate() {
        let y = top + n as f32 * pitch;
        svg.rect(MARGIN, y, W - 2.0 * MARGIN, height, CARD, 12.0);
        let baseline = y + height / 2.0 + size * 0.36;
        let when = local(&game.starts_at);
        let time = when
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default();
        let label = match (with_day, when) {
            (true, Some(t)) => format!("{} {time}", t.format("%-m月%-d日")),
            _ => time,
        };
        let label_width = if with_day { 230.0 } else { 130.0 };
        svg.fitted(
            Text::at(MARGIN + 24.0, baseline, size).bold(),
            &label,
            label_width - 24.0,
            14.0,
        );
        let centre = W / 2.0;
        let score = scored(game);
        let (home_won, away_won) = match score {
            Some((h, a)) => (h > a, a > h),
            None => (false, false),
        };
        let side = 250.0;
        let home = team_name(&game.home, &game.home_source);
        let away = team_name(&game.away, &game.away_source);
        svg.fitted(
            Text::at(centre - 70.0, baseline, size)
                .end()
                .fill(if home_won { RED } else { INK }),
            &home,
            side,
            14.0,
        );
        svg.fitted(
            Text::at(centre + 70.0, baseline, size).fill(if away_won { RED } else { INK }),
            &away,
            side,
            14.0,
        );
        let middle = match (score, state(game)) {
            (Some((h, a)), _) => format!("{h}:{a}"),
            (None, Key::CardNotStarted) => LANG.t(Key::Vs).to_owned(),
            (None, key) => LANG.t(key).to_owned(),
        };
        let live = game.live && score.is_none();
        svg.fitted(
            Text::at(centre, baseline, size)
                .middle()
                .fill(if live { RED } else { INK })
                .bold(),
            &middle,
            130.0,
            14.0,
        );
        let right = game.court.clone().unwrap_or_default();
        let right_start = centre + 70.0 + side + 16.0;
        svg.fitted(
            Text::at(W - MARGIN - 24.0, baseline, size * 0.75)
                .end()
                .fill(MUTED),
            &right,
            W - MARGIN - 24.0 - right_start,
            12.0,
        );
    }
    if games.len() > shown {
        let y = top + shown as f32 * pitch + height / 2.0 + size * 0.3;
        svg.text(
            Text::at(W / 2.0, y, size * 0.8).middle().fill(MUTED),
            &Key::CardMoreGames.fill(LANG, games.len() - shown),
        );
    }
    let competitions: Vec<&str> = {
        let mut names: Vec<&str> = games.iter().map(|g| g.competition.as_str()).collect();
        names.dedup();
        names
    };
    svg.footer(brand, &competitions.join(" · "));
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::components::share::{CARD_HEIGHT, CARD_WIDTH};
    use app::model::{CompetitionKind, CompetitionStatus, Division, TableRow};

    fn brand() -> Brand {
        Brand {
            association: "巷头社区篮球协会".into(),
            is_demo: true,
        }
    }

    fn team(id: i32, name: &str) -> TeamRef {
        TeamRef {
            id,
            name: name.into(),
            group: format!("{name}村民小组"),
        }
    }

    fn played(home: &str, away: &str, score: (i32, i32)) -> GameCard {
        GameCard {
            id: 7,
            competition: "2026 男子联赛".into(),
            competition_id: 1,
            round: 5,
            label: String::new(),
            home: Some(team(1, home)),
            away: Some(team(2, away)),
            home_source: None,
            away_source: None,
            court: Some("东坊球场".into()),
            starts_at: "2026-11-28T19:30:00+08:00".into(),
            status: GameStatus::Played,
            outcome: Some(Outcome::Played),
            home_score: Some(score.0),
            away_score: Some(score.1),
            live: false,
            live_score: None,
        }
    }

    fn row(rank: usize, name: &str) -> TableRow {
        TableRow {
            rank,
            shared_rank: false,
            draw_of_lots: false,
            team: team(rank as i32, name),
            played: 10,
            won: 7,
            lost: 3,
            points: 17,
            points_for: 800,
            points_against: 700,
            difference: 100,
            last_five: vec![true, false, true, true, true],
            explanation: None,
        }
    }

    /// The SVG parses as XML (what usvg does first), and its text is what was meant.
    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_owned))
            .collect()
    }

    #[test]
    fn the_game_card_names_the_chinese_teams_and_the_score() {
        let svg = game(
            &brand(),
            &played("东坊", "西坊", (82, 75)),
            &[(20, 18), (22, 20), (18, 19), (22, 18)],
        );
        let texts = texts(&svg);
        for expected in [
            "东坊",
            "西坊",
            "82 : 75",
            "完场",
            "巷头社区篮球协会",
            "11月28日 周六",
            "2026 男子联赛 · 第5轮",
        ] {
            assert!(
                texts.iter().any(|t| t == expected),
                "{expected} in {texts:?}"
            );
        }
        assert!(texts
            .iter()
            .any(|t| t.contains("第1节 20:18 · 第2节 22:20")));
        let mut cup_final = played("荔园", "塘边", (77, 82));
        cup_final.label = "F".into();
        let texts = self::texts(&game(&brand(), &cup_final, &[]));
        assert!(
            texts.iter().any(|t| t == "2026 男子联赛 · 决赛"),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t.contains("演示数据")));
        // A round of 16 is named as on every page (the card once knew only F, 3P, SF, QF).
        let mut round_of_16 = played("荔园", "塘边", (77, 82));
        round_of_16.label = "R16-3".into();
        let texts = self::texts(&game(&brand(), &round_of_16, &[]));
        assert!(texts.iter().any(|t| t.contains("16强赛第3场")), "{texts:?}");
        assert!(svg.contains(&format!("width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\"")));
    }

    #[test]
    fn a_name_with_markup_is_escaped_and_reads_back_the_same() {
        let name = "<东&坊\"队'>";
        let svg = game(&brand(), &played(name, "西坊", (60, 58)), &[]);
        assert!(svg.contains("&lt;东&amp;坊&quot;队&apos;&gt;"));
        assert!(!svg.contains(name));
        assert!(
            texts(&svg).iter().any(|t| t == name),
            "parses back to the name"
        );
        let table = TableView {
            title: "A&B组".into(),
            complete: false,
            rows: vec![row(1, name), row(2, "西坊")],
        };
        let competition = CompetitionSummary {
            id: 1,
            name: "<中秋杯>".into(),
            kind: CompetitionKind::Cup,
            status: CompetitionStatus::Published,
            division: Division::Men,
            starts_on: "2026-09-01".into(),
            ends_on: "2026-09-30".into(),
        };
        let svg = standings(
            &brand(),
            &competition,
            &[table.clone(), table],
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        );
        let texts = texts(&svg);
        assert!(texts.iter().any(|t| t == name));
        assert!(texts.iter().any(|t| t == "积分榜 · <中秋杯>"));
        assert!(texts.iter().any(|t| t == "A&B组"));
    }

    #[test]
    fn a_game_being_scored_live_shows_its_score_so_far() {
        let mut live = played("东坊", "西坊", (0, 0));
        live.status = GameStatus::Scheduled;
        live.outcome = None;
        live.home_score = None;
        live.away_score = None;
        live.live = true;
        live.live_score = Some(app::model::LiveScore {
            home: 31,
            away: 27,
            period: 3,
            home_fouls: 2,
            away_fouls: 4,
            finished: false,
            lines: 40,
        });
        let texts = texts(&game(&brand(), &live, &[]));
        assert!(texts.iter().any(|t| t == "31 : 27"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "进行中 · 第3节"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "全队犯规 2:4"), "{texts:?}");
        assert!(!texts.iter().any(|t| t == "19:30"));
    }

    #[test]
    fn a_game_not_yet_played_shows_its_time() {
        let mut upcoming = played("东坊", "西坊", (0, 0));
        upcoming.status = GameStatus::Scheduled;
        upcoming.outcome = None;
        upcoming.home_score = None;
        upcoming.away_score = None;
        let texts = texts(&game(&brand(), &upcoming, &[]));
        assert!(texts.iter().any(|t| t == "19:30"));
        assert!(texts.iter().any(|t| t == "未开赛"));
        assert!(!texts.iter().any(|t| t.contains(" : ")));
    }

    #[test]
    fn the_standings_card_has_every_team_of_a_twelve_team_league() {
        let names = [
            "东坊", "西坊", "南坊", "北坊", "新村", "旧村", "上围", "下围", "大园", "小园", "塘边",
            "岭头",
        ];
        let table = TableView {
            title: "双循环".into(),
            complete: false,
            rows: names
                .iter()
                .enumerate()
                .map(|(n, name)| row(n + 1, name))
                .collect(),
        };
        let competition = CompetitionSummary {
            id: 1,
            name: "2026 男子联赛".into(),
            kind: CompetitionKind::League,
            status: CompetitionStatus::Published,
            division: Division::Men,
            starts_on: "2026-03-01".into(),
            ends_on: "2026-12-31".into(),
        };
        let svg = standings(
            &brand(),
            &competition,
            &[table],
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        );
        let texts = texts(&svg);
        for name in names {
            assert!(texts.iter().any(|t| t == name), "{name}");
        }
        assert!(texts.iter().any(|t| t == "截至11月28日 周六"));
        assert!(texts.iter().any(|t| t == "+100"));
    }

    #[test]
    fn the_today_card_counts_the_games_it_has_no_room_for() {
        let games: Vec<GameCard> = (0..8)
            .map(|n| played("东坊", &format!("客队{n}"), (70 + n, 60)))
            .collect();
        let texts = texts(&today(
            &brand(),
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            &games,
            &[],
        ));
        assert!(texts.iter().any(|t| t == "共8场"));
        assert!(texts.iter().any(|t| t == "客队4"));
        assert!(!texts.iter().any(|t| t == "客队5"));
        assert!(texts.iter().any(|t| t == "另有3场比赛"));
        let quiet = texts_of_quiet_day();
        assert!(quiet.iter().any(|t| t == "近期赛程"));
    }

    fn texts_of_quiet_day() -> Vec<String> {
        let mut next = played("东坊", "西坊", (0, 0));
        next.status = GameStatus::Scheduled;
        next.home_score = None;
        next.away_score = None;
        next.outcome = None;
        texts(&today(
            &brand(),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            &[],
            &[next],
        ))
    }

    #[test]
    fn long_names_shrink_then_get_an_ellipsis() {
        assert_eq!(fit("东坊", 400.0, 64.0, 28.0), ("东坊".to_owned(), 64.0));
        let (text, size) = fit("东坊村民小组联队", 400.0, 64.0, 28.0);
        assert_eq!(text, "东坊村民小组联队");
        assert!((28.0..64.0).contains(&size) && text_width(&text, size) <= 400.0);
        let (text, size) = fit(&"很长的队名".repeat(10), 400.0, 64.0, 28.0);
        assert_eq!(size, 28.0);
        assert!(text.ends_with('…') && text_width(&text, size) <= 400.0);
    }
}

//! What the notice board and the spreadsheet get: published games per court or per week,
//! the schedule as CSV.
use super::*;

pub fn status_zh(status: GameStatus) -> &'static str {
    match status {
        GameStatus::Scheduled => "未赛",
        GameStatus::Postponed => "延期",
        GameStatus::Played => "已赛",
        GameStatus::Forfeit => "弃权",
        GameStatus::Cancelled => "取消",
    }
}

/// Published games from `from` to `to` (local dates, inclusive), of one court or all,
/// of one competition or all, by time.
pub async fn sheet_games(
    db: &impl ConnectionTrait,
    court: Option<i32>,
    competition: Option<i32>,
    dates: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<SheetGame>, DbErr> {
    let names = Names::load(db).await?;
    let pools: HashMap<i32, String> = pool::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut query = game::Entity::find()
        .order_by_asc(game::Column::StartsAt)
        .order_by_asc(game::Column::CourtId)
        .order_by_asc(game::Column::Id);
    if let Some(court) = court {
        query = query.filter(game::Column::CourtId.eq(court));
    }
    if let Some(competition) = competition {
        query = query.filter(game::Column::CompetitionId.eq(competition));
    }
    if let Some((from, to)) = dates {
        query = query
            .filter(game::Column::StartsAt.gte(utc_of(from, NaiveTime::MIN)))
            .filter(game::Column::StartsAt.lt(utc_of(to + Duration::days(1), NaiveTime::MIN)));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .filter(|g| names.published(g.competition_id))
        .map(|g| {
            let (date, time) = local_date_time(g.starts_at);
            let round = match (&g.bracket_slot, g.pool_id.and_then(|p| pools.get(&p))) {
                (Some(slot), _) => slot.clone(),
                (None, Some(pool)) => format!("{pool} 第{}轮", g.round),
                (None, None) => format!("第{}轮", g.round),
            };
            let scored = matches!(g.status, GameStatus::Played | GameStatus::Forfeit);
            SheetGame {
                id: g.id,
                competition_id: g.competition_id,
                competition: names.competition(g.competition_id),
                round,
                date,
                time,
                court_id: g.court_id,
                court: names.court(g.court_id),
                home: names.side(g.home_team_id, &g.home_source),
                away: names.side(g.away_team_id, &g.away_source),
                status: g.status,
                score: g.home_score.zip(g.away_score).filter(|_| scored),
            }
        })
        .collect())
}

/// A competition's name, if it is published.
pub async fn published_competition(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<competition::Model>, DbErr> {
    Ok(competition::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.status != CompetitionStatus::Draft))
}

/// A spreadsheet cell that no spreadsheet runs as a formula, quoted when it must be.
fn csv_cell(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

fn side_or_tbd(side: &str) -> String {
    if side.is_empty() {
        "待定".into()
    } else {
        side.to_owned()
    }
}

/// The schedule as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese right),
/// Beijing times, one game per line.
pub fn schedule_csv(games: &[SheetGame]) -> String {
    let mut out = String::from("\u{feff}轮次,日期,时间,场地,主队,客队,状态,比分\r\n");
    for g in games {
        let score = g.score.map(|(h, a)| format!("{h}:{a}")).unwrap_or_default();
        let cells = [
            crate::i18n::stage_text(crate::i18n::Lang::Zh, &g.round),
            g.date.to_string(),
            g.time.format("%H:%M").to_string(),
            g.court.clone(),
            side_or_tbd(&g.home),
            side_or_tbd(&g.away),
            status_zh(g.status).to_owned(),
            score,
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_formula_safe_and_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("东坊, 西坊"), "\"东坊, 西坊\"");
        assert_eq!(csv_cell("东坊"), "东坊");
    }
}

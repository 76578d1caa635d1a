//! The demo league: 巷头社区 with its twelve villager groups, their teams and courts, a double
//! round-robin league about half played and a Mid-Autumn cup. Names are invented and the
//! association is marked as demo data, which every public page says.
//!
//! Everything is drawn from a fixed seed and placed relative to "now", so a fresh demo always
//! has games today, results behind it and fixtures ahead.
pub mod camp;
pub mod community;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use rand::{seq::SliceRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, TransactionTrait,
};

use app::db::competitions::{insert_entry, insert_stage};
use app::db::entities::*;
use app::domain::schedule::generate::{
    double_round_robin, single_round_robin, snake_draw, SecondHalf,
};
use app::domain::standings::{compute_standings, Completion, GameResult};
use app::model::*;

/// Villager groups (村民小组) of the demo community, in their usual order.
const GROUPS: [&str; 12] = [
    "东坊", "西坊", "南坊", "北坊", "新围", "老围", "上岭", "下岭", "塘边", "石桥", "龙眼", "荔园",
];
/// Groups that also field a women's, a youth and a veterans' team.
const WOMEN: [usize; 4] = [0, 4, 8, 9];
const YOUTH: [usize; 3] = [1, 5, 10];
const VETERANS: [usize; 3] = [2, 6, 11];
/// Two courts have no lights and host only weekend afternoons.
const UNLIT: [usize; 2] = [7, 11];

const SURNAMES: [&str; 16] = [
    "叶", "黎", "陈", "李", "袁", "张", "刘", "黄", "何", "莫", "蔡", "钟", "王", "梁", "罗", "郑",
];
const GIVEN: [&str; 40] = [
    "伟", "强", "俊", "浩", "志", "明", "杰", "健", "辉", "峰", "嘉", "文", "永", "国", "锦", "荣",
    "海", "斌", "华", "军", "家", "宇", "晨", "乐", "子", "恒", "达", "耀", "威", "楠", "敏", "婷",
    "丽", "芳", "欣", "颖", "琳", "雪", "静", "怡",
];
const WOMEN_GIVEN_FROM: usize = 29;

/// The most recent Mid-Autumn festival (15th of the 8th lunar month) on or before `today`,
/// from the lunisolar calendar.
fn last_mid_autumn(today: NaiveDate) -> NaiveDate {
    use app::domain::festivals::Festival;
    [today.year(), today.year() - 1]
        .into_iter()
        .filter_map(|year| Festival::MidAutumn.date(year))
        .find(|date| *date <= today)
        .unwrap_or(today)
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    Shanghai
        .from_local_datetime(
            &date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time")),
        )
        .single()
        .expect("Shanghai has no DST")
        .with_timezone(&Utc)
}

/// A plausible final score between teams of the given strength (0–1), never level.
fn final_score(
    rng: &mut ChaCha8Rng,
    home_strength: f64,
    away_strength: f64,
) -> (i32, i32, Vec<(i32, i32)>) {
    let expected = |own: f64, other: f64, home: f64| 72.0 + 18.0 * (own - other) + home;
    let mut home =
        (expected(home_strength, away_strength, 3.0) + rng.gen_range(-12.0..12.0)).round() as i32;
    let mut away =
        (expected(away_strength, home_strength, 0.0) + rng.gen_range(-12.0..12.0)).round() as i32;
    home = home.clamp(38, 128);
    away = away.clamp(38, 128);
    let mut periods = split_into_quarters(rng, home, away);
    // Level after four quarters: overtime until someone is ahead.
    while home == away {
        let (h, a) = (rng.gen_range(4..14), rng.gen_range(4..14));
        periods.push((h, a));
        home += h;
        away += a;
    }
    (home, away, periods)
}

fn split_into_quarters(rng: &mut ChaCha8Rng, home: i32, away: i32) -> Vec<(i32, i32)> {
    let split = |rng: &mut ChaCha8Rng, total: i32| -> [i32; 4] {
        let weights: [f64; 4] = std::array::from_fn(|_| rng.gen_range(0.8..1.2));
        let sum: f64 = weights.iter().sum();
        let mut parts = weights.map(|w| (w / sum * total as f64).floor() as i32);
        parts[3] += total - parts.iter().sum::<i32>();
        parts
    };
    let (h, a) = (split(rng, home), split(rng, away));
    (0..4).map(|q| (h[q], a[q])).collect()
}

fn person_name(rng: &mut ChaCha8Rng, women: bool) -> String {
    let surname = SURNAMES.choose(rng).expect("non-empty");
    let pool = if women {
        &GIVEN[WOMEN_GIVEN_FROM..]
    } else {
        &GIVEN[..WOMEN_GIVEN_FROM]
    };
    let given: String = (0..rng.gen_range(1..=2))
        .map(|_| *pool.choose(rng).expect("non-empty"))
        .collect();
    format!("{surname}{given}")
}

struct TeamSeed {
    id: i32,
    group: usize,
    court: i32,
    strength: f64,
}

struct Ids {
    association: i32,
    groups: Vec<i32>,
    courts: Vec<i32>,
    men: Vec<TeamSeed>,
}

/// Loads the demo league. Call it on an empty, migrated database.
pub async fn seed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let mut rng = ChaCha8Rng::seed_from_u64(20_201_010);
    let ids = seed_community(&txn, &mut rng).await?;
    seed_league(&txn, &mut rng, &ids, now).await?;
    seed_mid_autumn_cup(&txn, &mut rng, &ids, now).await?;
    seed_people(&txn, &ids, now).await?;
    crate::demo::camp::seed_demo(&txn, now).await?;
    crate::demo::community::seed(&txn, now).await?;
    txn.commit().await
}

/// The demo accounts the README lists: an organiser, a referee, and a captain for each
/// men's team (`captain1` is 东坊's … `captain12` is 荔园's).
pub const DEMO_ORGANISER: (&str, &str) = ("organiser", "cunba-demo-2026");
pub const DEMO_REFEREE: (&str, &str) = ("referee", "cunba-demo-2026");
pub const DEMO_CAPTAIN_PIN: &str = "123456";

/// The demo's secrets made afresh, for a demo served on a public address: the README's
/// published ones would let anyone in. Returns the organisers' and referees' password and
/// the captains' PIN, to be shown once.
pub async fn replace_published_secrets(db: &DatabaseConnection) -> Result<(String, String), DbErr> {
    use rand::rngs::OsRng;
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let password: String = (0..16)
        .map(|_| LETTERS[OsRng.gen_range(0..LETTERS.len())] as char)
        .collect();
    let pin = format!("{:06}", OsRng.gen_range(0..1_000_000));
    for (captains, secret) in [(false, &password), (true, &pin)] {
        let role = if captains {
            app_user::Column::Role.eq(Role::Captain)
        } else {
            app_user::Column::Role.ne(Role::Captain)
        };
        app_user::Entity::update_many()
            .col_expr(
                app_user::Column::PasswordHash,
                sea_orm::sea_query::Expr::value(hash(secret).await?),
            )
            .filter(role)
            .exec(db)
            .await?;
    }
    Ok((password, pin))
}

/// `secret` hashed as sign-in checks it.
async fn hash(secret: &str) -> Result<String, DbErr> {
    app::db::accounts::hash_secret(secret.to_owned())
        .await
        .map_err(|error| DbErr::Custom(error.to_string()))
}

async fn seed_people(
    txn: &impl sea_orm::ConnectionTrait,
    ids: &Ids,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let password = hash(DEMO_ORGANISER.1).await?;
    let pin = hash(DEMO_CAPTAIN_PIN).await?;
    let user = |role: Role, name: String, username: String, team: Option<i32>, hash: &str| {
        app_user::ActiveModel {
            role: Set(role),
            display_name: Set(name),
            username: Set(Some(username)),
            phone: Set(None),
            team_id: Set(team),
            password_hash: Set(hash.to_owned()),
            created_at: Set(now),
            disabled_at: Set(None),
            ..Default::default()
        }
    };
    user(
        Role::Organiser,
        "演示组织者".into(),
        DEMO_ORGANISER.0.into(),
        None,
        &password,
    )
    .insert(txn)
    .await?;
    user(
        Role::Referee,
        "演示裁判".into(),
        DEMO_REFEREE.0.into(),
        None,
        &password,
    )
    .insert(txn)
    .await?;
    // Two more referees from villager groups, so neutral ones can be suggested.
    for (username, name, group) in [("referee2", "南坊裁判", 2), ("referee3", "石桥裁判", 9)]
    {
        let mut referee = user(Role::Referee, name.into(), username.into(), None, &password);
        referee.villager_group_id = Set(ids.groups.get(group).copied());
        referee.insert(txn).await?;
    }
    for (number, team) in ids.men.iter().enumerate() {
        let group = GROUPS[team.group];
        user(
            Role::Captain,
            format!("{group}队长"),
            format!("captain{}", number + 1),
            Some(team.id),
            &pin,
        )
        .insert(txn)
        .await?;
    }
    Ok(())
}

async fn seed_community(
    txn: &impl sea_orm::ConnectionTrait,
    rng: &mut ChaCha8Rng,
) -> Result<Ids, DbErr> {
    let association = association::ActiveModel {
        name: Set("大朗镇篮球协会 · 巷头社区（演示）".into()),
        timezone: Set("Asia/Shanghai".into()),
        locale: Set("zh-CN".into()),
        is_demo: Set(true),
        ..Default::default()
    }
    .insert(txn)
    .await?
    .id;
    let mut courts = Vec::new();
    let mut groups = Vec::new();
    let mut men = Vec::new();
    for (index, name) in GROUPS.iter().enumerate() {
        let group = villager_group::ActiveModel {
            association_id: Set(association),
            name: Set(format!("{name}村民小组")),
            sort_order: Set(index as i32 + 1),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
        groups.push(group);
        let lit = !UNLIT.contains(&index);
        let court = court::ActiveModel {
            association_id: Set(association),
            villager_group_id: Set(Some(group)),
            name: Set(format!("{name}球场")),
            has_lights: Set(lit),
            games_per_evening: Set(if lit { 2 } else { 1 }),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
        courts.push(court);
        let windows: Vec<(i16, (u32, u32))> = if lit {
            (1..=7).map(|day| (day, (19, 22))).collect()
        } else {
            vec![(6, (15, 18)), (7, (15, 18))]
        };
        for (weekday, (from, to)) in windows {
            court_availability::ActiveModel {
                court_id: Set(court),
                weekday: Set(weekday),
                starts_at: Set(NaiveTime::from_hms_opt(from, 0, 0).expect("valid")),
                ends_at: Set(NaiveTime::from_hms_opt(to, 0, 0).expect("valid")),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        let divisions = std::iter::once((Division::Men, name.to_string()))
            .chain(
                WOMEN
                    .contains(&index)
                    .then(|| (Division::Women, format!("{name}女篮"))),
            )
            .chain(
                YOUTH
                    .contains(&index)
                    .then(|| (Division::Youth, format!("{name}少年"))),
            )
            .chain(
                VETERANS
                    .contains(&index)
                    .then(|| (Division::Veterans, format!("{name}元老"))),
            );
        for (division, team_name) in divisions {
            let team = team::ActiveModel {
                association_id: Set(association),
                villager_group_id: Set(group),
                name: Set(team_name.clone()),
                short_name: Set(name.to_string()),
                division: Set(division),
                home_court_id: Set(Some(court)),
                ..Default::default()
            }
            .insert(txn)
            .await?
            .id;
            seed_players(txn, rng, team, group, division).await?;
            if division == Division::Men {
                men.push(TeamSeed {
                    id: team,
                    group: index,
                    court,
                    strength: rng.gen_range(0.0..1.0),
                });
            }
        }
    }
    // A festival blackout everyone knows: no league games on National Day.
    for day in 1..=3 {
        if let Some(on_date) = NaiveDate::from_ymd_opt(2026, 10, day) {
            blackout::ActiveModel {
                association_id: Set(association),
                court_id: Set(None),
                on_date: Set(on_date),
                reason: Set("国庆节".into()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(Ids {
        association,
        groups,
        courts,
        men,
    })
}

async fn seed_players(
    txn: &impl sea_orm::ConnectionTrait,
    rng: &mut ChaCha8Rng,
    team: i32,
    group: i32,
    division: Division,
) -> Result<(), DbErr> {
    let count = rng.gen_range(8..=12);
    let mut numbers: Vec<i16> = (0..=35).collect();
    numbers.shuffle(rng);
    let birth_years = match division {
        Division::Youth => 2011..=2014,
        Division::Veterans => 1962..=1980,
        _ => 1988..=2006,
    };
    let players: Vec<player::ActiveModel> = numbers[..count]
        .iter()
        .map(|&number| player::ActiveModel {
            team_id: Set(team),
            name: Set(person_name(rng, division == Division::Women)),
            jersey_number: Set(number),
            birth_year: Set(Some(rng.gen_range(birth_years.clone()))),
            villager_group_id: Set(Some(group)),
            ..Default::default()
        })
        .collect();
    player::Entity::insert_many(players).exec(txn).await?;
    Ok(())
}

struct NewGame {
    competition: i32,
    stage: i32,
    pool: Option<i32>,
    round: i32,
    slot: Option<String>,
    home: Option<i32>,
    away: Option<i32>,
    court: i32,
    starts_at: DateTime<Utc>,
}

/// Inserts a game, played (with a score) when it started long enough before `now`.
async fn insert_game(
    txn: &impl sea_orm::ConnectionTrait,
    rng: &mut ChaCha8Rng,
    game: NewGame,
    strengths: (f64, f64),
    now: DateTime<Utc>,
) -> Result<game::Model, DbErr> {
    let finished = game.starts_at + Duration::hours(2) < now && game.home.is_some();
    let (status, home_score, away_score, periods, outcome) = if finished {
        let (h, a, periods) = final_score(rng, strengths.0, strengths.1);
        (
            GameStatus::Played,
            Some(h),
            Some(a),
            Some(serde_json::to_string(&periods).expect("serialisable")),
            Some(Outcome::Played),
        )
    } else {
        (GameStatus::Scheduled, None, None, None, None)
    };
    let box_score = if finished {
        demo_box_score(txn, &game, home_score, away_score).await?
    } else {
        None
    };
    game::ActiveModel {
        competition_id: Set(game.competition),
        stage_id: Set(game.stage),
        pool_id: Set(game.pool),
        round: Set(game.round),
        bracket_slot: Set(game.slot),
        home_team_id: Set(game.home),
        away_team_id: Set(game.away),
        home_source: Set(None),
        away_source: Set(None),
        court_id: Set(Some(game.court)),
        starts_at: Set(game.starts_at),
        status: Set(status),
        home_score: Set(home_score),
        away_score: Set(away_score),
        period_scores: Set(periods),
        box_score: Set(box_score),
        outcome: Set(outcome),
        version: Set(1),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
}

/// A believable box score: five to eight scorers per team share its points exactly, and
/// everyone listed has a few fouls. Drawn from its own generator so the rest of the demo
/// does not depend on it.
async fn demo_box_score(
    txn: &impl sea_orm::ConnectionTrait,
    game: &NewGame,
    home_score: Option<i32>,
    away_score: Option<i32>,
) -> Result<Option<String>, DbErr> {
    use app::domain::score::{PlayerLine, Side};
    use sea_orm::QueryOrder;
    let mut rng = ChaCha8Rng::seed_from_u64(game.starts_at.timestamp() as u64 ^ game.round as u64);
    let mut lines = Vec::new();
    for (side, team, score) in [
        (Side::Home, game.home, home_score),
        (Side::Away, game.away, away_score),
    ] {
        let (Some(team), Some(score)) = (team, score) else {
            continue;
        };
        let mut roster: Vec<i32> = player::Entity::find()
            .filter(player::Column::TeamId.eq(team))
            .order_by_asc(player::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        roster.shuffle(&mut rng);
        let scorers = rng.gen_range(5..=8).min(roster.len());
        if scorers == 0 {
            continue;
        }
        let weights: Vec<u32> = (0..scorers).map(|_| rng.gen_range(1..=10)).collect();
        let total_weight: u32 = weights.iter().sum();
        let mut shares: Vec<u32> = weights
            .iter()
            .map(|w| score as u32 * w / total_weight)
            .collect();
        shares[0] += score as u32 - shares.iter().sum::<u32>();
        for (player_id, points) in roster.iter().zip(shares) {
            lines.push(PlayerLine {
                player_id: *player_id,
                side,
                points,
                fouls: rng.gen_range(0..=4),
                threes: None,
            });
        }
    }
    Ok(app::db::box_score::encode(&lines))
}

/// The men's double round robin: 22 rounds, one every three days, today's round in the middle.
async fn seed_league(
    txn: &impl sea_orm::ConnectionTrait,
    rng: &mut ChaCha8Rng,
    ids: &Ids,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    const DAYS_BETWEEN_ROUNDS: i64 = 3;
    let timetable = double_round_robin(ids.men.len(), SecondHalf::Mirrored);
    let today = now.with_timezone(&Shanghai).date_naive();
    let half = timetable.rounds.len() as i64 / 2;
    let first_day = today - Duration::days(half * DAYS_BETWEEN_ROUNDS);
    let last_day =
        first_day + Duration::days((timetable.rounds.len() as i64 - 1) * DAYS_BETWEEN_ROUNDS);
    let competition = competition::ActiveModel {
        association_id: Set(ids.association),
        name: Set(format!("{} 巷头男篮联赛", first_day.year())),
        kind: Set(CompetitionKind::League),
        season: Set(first_day.year().to_string()),
        division: Set(Division::Men),
        status: Set(CompetitionStatus::Published),
        festival: Set(None),
        starts_on: Set(first_day),
        ends_on: Set(last_day),
        ..Default::default()
    }
    .insert(txn)
    .await?
    .id;
    let stage = insert_stage(txn, competition, "双循环", StageFormat::DoubleRoundRobin, 1).await?;
    for (seed, team) in ids.men.iter().enumerate() {
        insert_entry(txn, stage, None, team.id, seed as i32 + 1).await?;
    }
    let mut played = Vec::new();
    for (round, pairings) in timetable.rounds.iter().enumerate() {
        let day = first_day + Duration::days(round as i64 * DAYS_BETWEEN_ROUNDS);
        for pairing in pairings {
            let (home, away) = (&ids.men[pairing.home], &ids.men[pairing.away]);
            // Unlit courts host on weekend afternoons only; their games move to the guest's court.
            let weekend = day.weekday().number_from_monday() >= 6;
            let court = if UNLIT.contains(&home.group) && !weekend {
                away.court
            } else {
                home.court
            };
            let starts_at = if weekend {
                at(day, 16, 0)
            } else {
                at(day, 19, 30)
            };
            let game = NewGame {
                competition,
                stage,
                pool: None,
                round: round as i32 + 1,
                slot: None,
                home: Some(home.id),
                away: Some(away.id),
                court,
                starts_at,
            };
            let model = insert_game(txn, rng, game, (home.strength, away.strength), now).await?;
            if model.status == GameStatus::Played {
                played.push(model);
            }
        }
    }
    mark_exceptions(txn, &played, ids.men[0].id, now).await
}

/// Village reality: one game lost by forfeit (a team did not turn up), one postponed by rain
/// and one whose captains have not reported yet.
async fn mark_exceptions(
    txn: &impl sea_orm::ConnectionTrait,
    played: &[game::Model],
    unreported_team: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if let Some(game) = played.get(played.len() / 3) {
        let forfeit = (Outcome::ForfeitByAway, 20, 0);
        set_result(txn, game, GameStatus::Forfeit, Some(forfeit), now).await?;
    }
    if let Some(game) = played.last() {
        set_result(txn, game, GameStatus::Postponed, None, now).await?;
    }
    // The latest game of the first team (东坊, whose captain is `captain1`) still waits for
    // its score: something for a demo captain to report.
    if let Some(game) = played[..played.len().saturating_sub(1)]
        .iter()
        .rev()
        .find(|game| {
            game.home_team_id == Some(unreported_team) || game.away_team_id == Some(unreported_team)
        })
    {
        set_result(txn, game, GameStatus::Scheduled, None, now).await?;
    }
    Ok(())
}

/// `game` made `status` with `result` (its outcome and score), or none: no score by period
/// nor box score either way.
async fn set_result(
    txn: &impl sea_orm::ConnectionTrait,
    game: &game::Model,
    status: GameStatus,
    result: Option<(Outcome, i32, i32)>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut active: game::ActiveModel = game.clone().into();
    active.status = Set(status);
    active.outcome = Set(result.map(|(outcome, _, _)| outcome));
    active.home_score = Set(result.map(|(_, home, _)| home));
    active.away_score = Set(result.map(|(_, _, away)| away));
    active.period_scores = Set(None);
    active.box_score = Set(None);
    active.updated_at = Set(now);
    active.update(txn).await?;
    Ok(())
}

/// The Mid-Autumn cup: two groups of four over two days, then semi-finals, a third-place game
/// and the final on the festival evening.
async fn seed_mid_autumn_cup(
    txn: &impl sea_orm::ConnectionTrait,
    rng: &mut ChaCha8Rng,
    ids: &Ids,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let festival = last_mid_autumn(now.with_timezone(&Shanghai).date_naive());
    let competition = competition::ActiveModel {
        association_id: Set(ids.association),
        name: Set(format!("{} 中秋杯", festival.year())),
        kind: Set(CompetitionKind::Cup),
        season: Set(festival.year().to_string()),
        division: Set(Division::Men),
        status: Set(CompetitionStatus::Finished),
        festival: Set(Some("mid_autumn".into())),
        starts_on: Set(festival - Duration::days(2)),
        ends_on: Set(festival),
        ..Default::default()
    }
    .insert(txn)
    .await?
    .id;
    let group_stage = insert_stage(txn, competition, "小组赛", StageFormat::Groups, 1).await?;
    // The eight strongest teams enter, seeded by strength and drawn snake-wise.
    let mut entrants: Vec<&TeamSeed> = ids.men.iter().collect();
    entrants.sort_by(|a, b| b.strength.total_cmp(&a.strength));
    entrants.truncate(8);
    let groups = snake_draw(&entrants, 2);
    let main_courts = [ids.courts[0], ids.courts[4]];
    let mut winners: Vec<Vec<&TeamSeed>> = Vec::new();
    for (index, members) in groups.iter().enumerate() {
        let pool = pool::ActiveModel {
            stage_id: Set(group_stage),
            name: Set(format!("{}组", ["A", "B"][index])),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
        for (seed, team) in members.iter().enumerate() {
            insert_entry(txn, group_stage, Some(pool), team.id, seed as i32 + 1).await?;
        }
        let timetable = single_round_robin(members.len());
        let mut results = Vec::new();
        for (round, pairings) in timetable.rounds.iter().enumerate() {
            let day = festival - Duration::days(2) + Duration::days(round as i64 / 2);
            let hour = if round % 2 == 0 { 15 } else { 19 };
            for (n, pairing) in pairings.iter().enumerate() {
                let (home, away) = (members[pairing.home], members[pairing.away]);
                let game = NewGame {
                    competition,
                    stage: group_stage,
                    pool: Some(pool),
                    round: round as i32 + 1,
                    slot: None,
                    home: Some(home.id),
                    away: Some(away.id),
                    court: main_courts[index],
                    starts_at: at(day, hour + n as u32 * 2, 0),
                };
                let model =
                    insert_game(txn, rng, game, (home.strength, away.strength), now).await?;
                results.push(GameResult::played(
                    home.id,
                    away.id,
                    model.home_score.unwrap_or_default() as u32,
                    model.away_score.unwrap_or_default() as u32,
                ));
            }
        }
        let team_ids: Vec<i32> = members.iter().map(|t| t.id).collect();
        let table = compute_standings(&team_ids, &results, Completion::Complete)
            .map_err(|e| DbErr::Custom(format!("demo cup table: {e}")))?;
        winners.push(
            table
                .rows
                .iter()
                .filter_map(|row| members.iter().copied().find(|t| t.id == row.team))
                .collect(),
        );
    }
    let knockout = insert_stage(txn, competition, "淘汰赛", StageFormat::Knockout, 2).await?;
    let (a, b) = (&winners[0], &winners[1]);
    let semis = [("SF1", a[0], b[1], 15), ("SF2", b[0], a[1], 17)];
    let mut semi_results = Vec::new();
    for (slot, home, away, hour) in semis {
        let game = NewGame {
            competition,
            stage: knockout,
            pool: None,
            round: 1,
            slot: Some(slot.into()),
            home: Some(home.id),
            away: Some(away.id),
            court: main_courts[0],
            starts_at: at(festival, hour, 0),
        };
        let model = insert_game(txn, rng, game, (home.strength, away.strength), now).await?;
        let home_won = model.home_score > model.away_score;
        semi_results.push(if home_won { (home, away) } else { (away, home) });
    }
    let finals = [
        ("3P", semi_results[0].1, semi_results[1].1, 19, 0),
        ("F", semi_results[0].0, semi_results[1].0, 20, 30),
    ];
    for (slot, home, away, hour, minute) in finals {
        let game = NewGame {
            competition,
            stage: knockout,
            pool: None,
            round: 2,
            slot: Some(slot.into()),
            home: Some(home.id),
            away: Some(away.id),
            court: main_courts[0],
            starts_at: at(festival, hour, minute),
        };
        insert_game(txn, rng, game, (home.strength, away.strength), now).await?;
    }
    // Its podium on the honours page, recorded as a finished cup's is.
    app::db::honours::settle(txn, competition, "demo", now).await
}

/// Whether the database already holds an association (demo or real).
pub async fn has_data(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(association::Entity::find().one(db).await?.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_never_level_and_quarters_add_up() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..2000 {
            let strength = rng.gen();
            let (home, away, periods) = final_score(&mut rng, strength, 0.5);
            assert_ne!(home, away);
            assert!(periods.len() >= 4);
            assert_eq!(periods.iter().map(|p| p.0).sum::<i32>(), home);
            assert_eq!(periods.iter().map(|p| p.1).sum::<i32>(), away);
        }
    }

    #[test]
    fn finds_the_last_mid_autumn() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(
            last_mid_autumn(today),
            NaiveDate::from_ymd_opt(2026, 9, 25).unwrap()
        );
        let before = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        assert_eq!(
            last_mid_autumn(before),
            NaiveDate::from_ymd_opt(2025, 10, 6).unwrap()
        );
    }
}

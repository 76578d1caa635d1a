//! The season set-up (organisers only; the handlers check who asks): villager groups,
//! teams and their players (with a CSV import kept for its preview), courts with their
//! weekly windows, and blackout dates. Every change goes into the audit log.
use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;
use cunba_domain::festivals::{self, Festival};
use cunba_domain::players_csv::{self, PlayerRow};
use cunba_domain::setup::{BlackoutInput, CourtInput, FieldError, Problem, TeamInput, WindowInput};
use sea_orm::{prelude::*, ActiveValue::Set, QueryOrder, TransactionTrait};

use super::association_id;
use super::entities::*;
use super::reports::audit_entry;
use crate::model::*;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Field errors (field name, problem code), as the form shows them.
    #[error("the form has errors")]
    Invalid(Vec<(String, String)>),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl SetupError {
    pub fn fields(errors: Vec<FieldError>) -> SetupError {
        SetupError::Invalid(
            errors
                .into_iter()
                .map(|e| (e.field, e.problem.code().to_owned()))
                .collect(),
        )
    }

    fn one(field: &str, problem: Problem) -> SetupError {
        SetupError::Invalid(vec![(field.to_owned(), problem.code().to_owned())])
    }
}

type Result<T> = std::result::Result<T, SetupError>;

/// Today in Asia/Shanghai.
pub fn this_year(now: DateTime<Utc>) -> i32 {
    now.with_timezone(&Shanghai).year()
}

async fn group_choices(db: &impl ConnectionTrait) -> std::result::Result<Vec<Choice>, DbErr> {
    Ok(villager_group::Entity::find()
        .order_by_asc(villager_group::Column::SortOrder)
        .order_by_asc(villager_group::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|g| Choice {
            id: g.id,
            name: g.name,
        })
        .collect())
}

async fn court_choices(db: &impl ConnectionTrait) -> std::result::Result<Vec<Choice>, DbErr> {
    Ok(court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Choice {
            id: c.id,
            name: c.name,
        })
        .collect())
}

pub async fn hub(db: &DatabaseConnection) -> std::result::Result<SetupHub, DbErr> {
    let id = association_id(db).await?;
    Ok(SetupHub {
        association: association::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.name)
            .unwrap_or_default(),
        groups: villager_group::Entity::find().count(db).await? as usize,
        teams: team::Entity::find().count(db).await? as usize,
        players: player::Entity::find().count(db).await? as usize,
        courts: court::Entity::find().count(db).await? as usize,
        blackouts: blackout::Entity::find().count(db).await? as usize,
    })
}

/// Renames the association (audit-logged, before → after).
pub async fn rename_association(
    db: &DatabaseConnection,
    name: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    let id = association_id(&txn).await?;
    let association = association::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    let before = association.name.clone();
    if before != name {
        let mut active: association::ActiveModel = association.into();
        active.name = Set(name.to_owned());
        active.update(&txn).await?;
        audit_entry(
            &txn,
            actor,
            "association",
            id,
            "association.rename",
            Some(before),
            Some(name.to_owned()),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

// ---- villager groups ----

pub async fn groups(db: &DatabaseConnection) -> std::result::Result<Vec<SetupGroupLine>, DbErr> {
    let teams = team::Entity::find().all(db).await?;
    Ok(group_choices(db)
        .await?
        .into_iter()
        .map(|g| SetupGroupLine {
            teams: teams.iter().filter(|t| t.villager_group_id == g.id).count(),
            id: g.id,
            name: g.name,
        })
        .collect())
}

async fn group_name_taken(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<i32>,
) -> std::result::Result<bool, DbErr> {
    Ok(villager_group::Entity::find()
        .filter(villager_group::Column::Name.eq(name))
        .all(db)
        .await?
        .iter()
        .any(|g| Some(g.id) != except))
}

pub async fn add_group(
    db: &DatabaseConnection,
    name: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    if group_name_taken(&txn, name, None).await? {
        return Err(SetupError::one("name", Problem::Taken));
    }
    let association_id = association_id(&txn).await?;
    let order = villager_group::Entity::find().count(&txn).await? as i32 + 1;
    let group = villager_group::ActiveModel {
        association_id: Set(association_id),
        name: Set(name.to_owned()),
        sort_order: Set(order),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "villager_group",
        group.id,
        "villager_group.create",
        None,
        Some(name.to_owned()),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(group.id)
}

pub async fn rename_group(
    db: &DatabaseConnection,
    id: i32,
    name: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    let group = villager_group::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    if group_name_taken(&txn, name, Some(id)).await? {
        return Err(SetupError::one("name", Problem::Taken));
    }
    let before = group.name.clone();
    let mut active: villager_group::ActiveModel = group.into();
    active.name = Set(name.to_owned());
    active.update(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "villager_group",
        id,
        "villager_group.rename",
        Some(before),
        Some(name.to_owned()),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- teams ----

pub async fn teams(db: &DatabaseConnection) -> std::result::Result<SetupTeams, DbErr> {
    let groups = group_choices(db).await?;
    let courts = court_choices(db).await?;
    let players = player::Entity::find().all(db).await?;
    let name_of = |list: &[Choice], id: i32| {
        list.iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let mut teams: Vec<SetupTeamLine> = team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| SetupTeamLine {
            players: players.iter().filter(|p| p.team_id == t.id).count(),
            group: name_of(&groups, t.villager_group_id),
            home_court: t.home_court_id.map(|c| name_of(&courts, c)),
            id: t.id,
            name: t.name,
            short_name: t.short_name,
            division: t.division,
        })
        .collect();
    let order: HashMap<i32, usize> = groups.iter().enumerate().map(|(i, g)| (g.id, i)).collect();
    let group_ids: HashMap<String, i32> = groups.iter().map(|g| (g.name.clone(), g.id)).collect();
    teams.sort_by_key(|t| {
        (
            t.division.as_str() != "men",
            t.division.as_str().to_owned(),
            group_ids
                .get(&t.group)
                .and_then(|id| order.get(id))
                .copied(),
            t.name.clone(),
        )
    });
    Ok(SetupTeams {
        teams,
        groups,
        courts,
    })
}

/// The group and home court a team form names must exist.
async fn check_team_refs(txn: &impl ConnectionTrait, input: &TeamInput) -> Result<()> {
    let mut errors = Vec::new();
    if villager_group::Entity::find_by_id(input.group_id)
        .one(txn)
        .await?
        .is_none()
    {
        errors.push(("group_id".to_owned(), Problem::Unknown.code().to_owned()));
    }
    if let Some(court_id) = input.home_court_id {
        if court::Entity::find_by_id(court_id)
            .one(txn)
            .await?
            .is_none()
        {
            errors.push((
                "home_court_id".to_owned(),
                Problem::Unknown.code().to_owned(),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SetupError::Invalid(errors))
    }
}

fn team_summary(t: &team::Model) -> String {
    format!(
        "{} ({}) {} 组{} 主场{}",
        t.name,
        t.short_name,
        t.division.as_str(),
        t.villager_group_id,
        t.home_court_id.map_or("-".to_owned(), |c| c.to_string())
    )
}

async fn team_name_taken(
    txn: &impl ConnectionTrait,
    name: &str,
    except: Option<i32>,
) -> std::result::Result<bool, DbErr> {
    Ok(team::Entity::find()
        .filter(team::Column::Name.eq(name))
        .all(txn)
        .await?
        .iter()
        .any(|t| Some(t.id) != except))
}

pub async fn add_team(
    db: &DatabaseConnection,
    input: &TeamInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    check_team_refs(&txn, input).await?;
    if team_name_taken(&txn, &input.name, None).await? {
        return Err(SetupError::one("name", Problem::Taken));
    }
    let division = input
        .division
        .parse::<Division>()
        .map_err(|_| SetupError::one("division", Problem::Unknown))?;
    let team = team::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        villager_group_id: Set(input.group_id),
        name: Set(input.name.clone()),
        short_name: Set(input.short_name.clone()),
        division: Set(division),
        home_court_id: Set(input.home_court_id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "team",
        team.id,
        "team.create",
        None,
        Some(team_summary(&team)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(team.id)
}

pub async fn update_team(
    db: &DatabaseConnection,
    id: i32,
    input: &TeamInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    let team = team::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    check_team_refs(&txn, input).await?;
    if team_name_taken(&txn, &input.name, Some(id)).await? {
        return Err(SetupError::one("name", Problem::Taken));
    }
    let division = input
        .division
        .parse::<Division>()
        .map_err(|_| SetupError::one("division", Problem::Unknown))?;
    let before = team_summary(&team);
    let mut active: team::ActiveModel = team.into();
    active.name = Set(input.name.clone());
    active.short_name = Set(input.short_name.clone());
    active.division = Set(division);
    active.villager_group_id = Set(input.group_id);
    active.home_court_id = Set(input.home_court_id);
    let team = active.update(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "team",
        id,
        "team.update",
        Some(before),
        Some(team_summary(&team)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn roster(
    db: &impl ConnectionTrait,
    team_id: i32,
) -> std::result::Result<Vec<player::Model>, DbErr> {
    player::Entity::find()
        .filter(player::Column::TeamId.eq(team_id))
        .order_by_asc(player::Column::JerseyNumber)
        .order_by_asc(player::Column::Id)
        .all(db)
        .await
}

pub async fn team(
    db: &DatabaseConnection,
    id: i32,
) -> std::result::Result<Option<SetupTeam>, DbErr> {
    let Some(team) = team::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let values = vec![
        ("name".to_owned(), team.name.clone()),
        ("short_name".to_owned(), team.short_name.clone()),
        ("division".to_owned(), team.division.as_str().to_owned()),
        ("group_id".to_owned(), team.villager_group_id.to_string()),
        (
            "home_court_id".to_owned(),
            team.home_court_id
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ),
    ];
    Ok(Some(SetupTeam {
        id: team.id,
        name: team.name,
        values,
        players: roster(db, id)
            .await?
            .into_iter()
            .map(|p| SetupPlayer {
                id: p.id,
                name: p.name,
                number: p.jersey_number,
                birth_year: p.birth_year,
            })
            .collect(),
        blackouts: team_blackout::Entity::find()
            .filter(team_blackout::Column::TeamId.eq(id))
            .order_by_asc(team_blackout::Column::OnDate)
            .all(db)
            .await?
            .into_iter()
            .map(|b| BlackoutLine {
                id: b.id,
                on_date: b.on_date.to_string(),
                reason: b.reason,
            })
            .collect(),
        groups: group_choices(db).await?,
        courts: court_choices(db).await?,
    }))
}

fn player_summary(p: &PlayerRow) -> String {
    format!(
        "#{} {}{}",
        p.number,
        p.name,
        p.birth_year.map(|y| format!(" {y}")).unwrap_or_default()
    )
}

async fn insert_player(
    txn: &impl ConnectionTrait,
    team: &team::Model,
    row: &PlayerRow,
) -> std::result::Result<player::Model, DbErr> {
    player::ActiveModel {
        team_id: Set(team.id),
        name: Set(row.name.clone()),
        jersey_number: Set(row.number),
        birth_year: Set(row.birth_year),
        villager_group_id: Set(Some(team.villager_group_id)),
        ..Default::default()
    }
    .insert(txn)
    .await
}

/// Adds a player by the form (the same checks as a file's row).
pub async fn add_player(
    db: &DatabaseConnection,
    team_id: i32,
    name: &str,
    number: &str,
    birth_year: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    let team = team::Entity::find_by_id(team_id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    let taken: Vec<i16> = roster(&txn, team_id)
        .await?
        .iter()
        .map(|p| p.jersey_number)
        .collect();
    let row = players_csv::check(name, number, birth_year, &taken, this_year(now)).map_err(
        |problems| {
            SetupError::Invalid(
                problems
                    .into_iter()
                    .map(|p| {
                        let field = match p.code().split('_').next() {
                            Some("name") => "name",
                            Some("number") => "number",
                            _ => "birth_year",
                        };
                        (field.to_owned(), p.code().to_owned())
                    })
                    .collect(),
            )
        },
    )?;
    let player = insert_player(&txn, &team, &row).await?;
    audit_entry(
        &txn,
        actor,
        "player",
        player.id,
        "player.create",
        None,
        Some(format!("{} {}", team.name, player_summary(&row))),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(player.id)
}

/// Removes a player; their team's id.
pub async fn remove_player(
    db: &DatabaseConnection,
    id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    let player = player::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    let before = format!("#{} {}", player.jersey_number, player.name);
    let team_id = player.team_id;
    player::Entity::delete_by_id(id).exec(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "player",
        id,
        "player.delete",
        Some(before),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(team_id)
}

/// Keeps an uploaded roster file for its preview; the import's id. Uploads older than a day
/// are dropped on the way.
pub async fn store_import(
    db: &DatabaseConnection,
    team_id: i32,
    user_id: i32,
    data: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<i32> {
    if team::Entity::find_by_id(team_id).one(db).await?.is_none() {
        return Err(SetupError::NotFound);
    }
    player_import::Entity::delete_many()
        .filter(player_import::Column::CreatedAt.lt(now - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    let stored = player_import::ActiveModel {
        team_id: Set(team_id),
        created_by: Set(user_id),
        data: Set(data),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(stored.id)
}

async fn read_import(
    db: &impl ConnectionTrait,
    team_id: i32,
    import_id: i32,
    now: DateTime<Utc>,
) -> std::result::Result<Option<(team::Model, player_import::Model, ImportPreview)>, DbErr> {
    let Some(upload) = player_import::Entity::find_by_id(import_id)
        .one(db)
        .await?
        .filter(|u| u.team_id == team_id)
    else {
        return Ok(None);
    };
    let Some(team) = team::Entity::find_by_id(team_id).one(db).await? else {
        return Ok(None);
    };
    let taken: Vec<i16> = roster(db, team_id)
        .await?
        .iter()
        .map(|p| p.jersey_number)
        .collect();
    let preview = ImportPreview {
        team_id,
        team: team.name.clone(),
        import_id,
        result: players_csv::parse(&upload.data, &taken, this_year(now)),
    };
    Ok(Some((team, upload, preview)))
}

/// The preview of an uploaded file, checked against the team's roster as it is now.
pub async fn import_preview(
    db: &DatabaseConnection,
    team_id: i32,
    import_id: i32,
    now: DateTime<Utc>,
) -> std::result::Result<Option<ImportPreview>, DbErr> {
    Ok(read_import(db, team_id, import_id, now)
        .await?
        .map(|(_, _, p)| p))
}

/// Imports the rows that pass (checked again now) and drops the upload: how many.
pub async fn commit_import(
    db: &DatabaseConnection,
    team_id: i32,
    import_id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let txn = db.begin().await?;
    let (team, upload, preview) = read_import(&txn, team_id, import_id, now)
        .await?
        .ok_or(SetupError::NotFound)?;
    let rows: Vec<PlayerRow> = match &preview.result {
        Ok(preview) => preview.valid().cloned().collect(),
        Err(_) => Vec::new(),
    };
    if rows.is_empty() {
        return Err(SetupError::Invalid(Vec::new()));
    }
    for row in &rows {
        insert_player(&txn, &team, row).await?;
    }
    player_import::Entity::delete_by_id(upload.id)
        .exec(&txn)
        .await?;
    let summary: Vec<String> = rows.iter().map(player_summary).collect();
    audit_entry(
        &txn,
        actor,
        "team",
        team.id,
        "team.import_players",
        None,
        Some(summary.join("; ")),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(rows.len())
}

/// The team's name and roster as CSV.
pub async fn roster_csv(
    db: &DatabaseConnection,
    team_id: i32,
) -> std::result::Result<Option<(String, Vec<u8>)>, DbErr> {
    let Some(team) = team::Entity::find_by_id(team_id).one(db).await? else {
        return Ok(None);
    };
    let rows: Vec<PlayerRow> = roster(db, team_id)
        .await?
        .into_iter()
        .map(|p| PlayerRow {
            name: p.name,
            number: p.jersey_number,
            birth_year: p.birth_year,
        })
        .collect();
    Ok(Some((team.name, players_csv::export(&rows))))
}

// ---- courts ----

pub async fn courts(db: &DatabaseConnection) -> std::result::Result<SetupCourts, DbErr> {
    let groups = group_choices(db).await?;
    let windows = court_availability::Entity::find().all(db).await?;
    let courts = court::Entity::find()
        .order_by_asc(court::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| SetupCourtLine {
            group: c
                .villager_group_id
                .and_then(|g| groups.iter().find(|x| x.id == g))
                .map(|g| g.name.clone()),
            windows: windows.iter().filter(|w| w.court_id == c.id).count(),
            id: c.id,
            name: c.name,
            has_lights: c.has_lights,
            games_per_evening: c.games_per_evening,
        })
        .collect();
    Ok(SetupCourts { courts, groups })
}

fn court_summary(c: &court::Model) -> String {
    format!(
        "{} 组{} {} {}场/晚",
        c.name,
        c.villager_group_id
            .map_or("-".to_owned(), |g| g.to_string()),
        if c.has_lights { "灯光" } else { "无灯" },
        c.games_per_evening
    )
}

async fn check_court_refs(
    txn: &impl ConnectionTrait,
    input: &CourtInput,
    except: Option<i32>,
) -> Result<()> {
    let mut errors = Vec::new();
    if let Some(group) = input.group_id {
        if villager_group::Entity::find_by_id(group)
            .one(txn)
            .await?
            .is_none()
        {
            errors.push(("group_id".to_owned(), Problem::Unknown.code().to_owned()));
        }
    }
    let same_name = court::Entity::find()
        .filter(court::Column::Name.eq(input.name.as_str()))
        .all(txn)
        .await?;
    if same_name.iter().any(|c| Some(c.id) != except) {
        errors.push(("name".to_owned(), Problem::Taken.code().to_owned()));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SetupError::Invalid(errors))
    }
}

pub async fn add_court(
    db: &DatabaseConnection,
    input: &CourtInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    check_court_refs(&txn, input, None).await?;
    let court = court::ActiveModel {
        association_id: Set(association_id(&txn).await?),
        villager_group_id: Set(input.group_id),
        name: Set(input.name.clone()),
        has_lights: Set(input.has_lights),
        games_per_evening: Set(input.games_per_evening),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        actor,
        "court",
        court.id,
        "court.create",
        None,
        Some(court_summary(&court)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(court.id)
}

pub async fn update_court(
    db: &DatabaseConnection,
    id: i32,
    input: &CourtInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    let court = court::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    check_court_refs(&txn, input, Some(id)).await?;
    let before = court_summary(&court);
    let mut active: court::ActiveModel = court.into();
    active.name = Set(input.name.clone());
    active.villager_group_id = Set(input.group_id);
    active.has_lights = Set(input.has_lights);
    active.games_per_evening = Set(input.games_per_evening);
    let court = active.update(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "court",
        id,
        "court.update",
        Some(before),
        Some(court_summary(&court)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn blackout_lines(rows: Vec<blackout::Model>) -> Vec<BlackoutLine> {
    rows.into_iter()
        .map(|b| BlackoutLine {
            id: b.id,
            on_date: b.on_date.to_string(),
            reason: b.reason,
        })
        .collect()
}

pub async fn court(
    db: &DatabaseConnection,
    id: i32,
) -> std::result::Result<Option<SetupCourt>, DbErr> {
    let Some(court) = court::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let windows = court_availability::Entity::find()
        .filter(court_availability::Column::CourtId.eq(id))
        .order_by_asc(court_availability::Column::Weekday)
        .order_by_asc(court_availability::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|w| WindowLine {
            id: w.id,
            weekday: w.weekday,
            starts_at: w.starts_at.format("%H:%M").to_string(),
            ends_at: w.ends_at.format("%H:%M").to_string(),
        })
        .collect();
    let blackouts = blackout::Entity::find()
        .filter(blackout::Column::CourtId.eq(id))
        .order_by_asc(blackout::Column::OnDate)
        .all(db)
        .await?;
    let mut values = vec![
        ("name".to_owned(), court.name.clone()),
        (
            "group_id".to_owned(),
            court
                .villager_group_id
                .map(|g| g.to_string())
                .unwrap_or_default(),
        ),
        (
            "games_per_evening".to_owned(),
            court.games_per_evening.to_string(),
        ),
    ];
    if court.has_lights {
        values.push(("has_lights".to_owned(), "on".to_owned()));
    }
    Ok(Some(SetupCourt {
        id,
        name: court.name,
        values,
        windows,
        blackouts: blackout_lines(blackouts),
        groups: group_choices(db).await?,
    }))
}

pub async fn add_window(
    db: &DatabaseConnection,
    court_id: i32,
    input: &WindowInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    if court::Entity::find_by_id(court_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(SetupError::NotFound);
    }
    let window = court_availability::ActiveModel {
        court_id: Set(court_id),
        weekday: Set(input.weekday),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let summary = format!(
        "{} {}–{}",
        input.weekday,
        input.starts_at.format("%H:%M"),
        input.ends_at.format("%H:%M")
    );
    audit_entry(
        &txn,
        actor,
        "court",
        court_id,
        "court.add_window",
        None,
        Some(summary),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(window.id)
}

/// Removes a weekly window; its court's id.
pub async fn remove_window(
    db: &DatabaseConnection,
    id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    let window = court_availability::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    court_availability::Entity::delete_by_id(id)
        .exec(&txn)
        .await?;
    let summary = format!(
        "{} {}–{}",
        window.weekday,
        window.starts_at.format("%H:%M"),
        window.ends_at.format("%H:%M")
    );
    audit_entry(
        &txn,
        actor,
        "court",
        window.court_id,
        "court.remove_window",
        Some(summary),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(window.court_id)
}

// ---- blackouts ----

/// Adds blackout days (a court's when `court_id` is given, else everybody's); days already
/// blacked out are left as they are. How many were added.
pub async fn add_blackouts(
    db: &DatabaseConnection,
    court_id: Option<i32>,
    input: &BlackoutInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let txn = db.begin().await?;
    if let Some(court_id) = court_id {
        if court::Entity::find_by_id(court_id)
            .one(&txn)
            .await?
            .is_none()
        {
            return Err(SetupError::NotFound);
        }
    }
    let added = insert_blackouts(&txn, court_id, input.days(), &input.reason).await?;
    let summary = format!("{}…{} {} ({})", input.from, input.to, input.reason, added);
    let (entity, entity_id) = match court_id {
        Some(id) => ("court", id),
        None => ("association", association_id(&txn).await?),
    };
    audit_entry(
        &txn,
        actor,
        entity,
        entity_id,
        &format!("{entity}.add_blackout"),
        None,
        Some(summary),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// Adds a team's blackout days; days it has already are left as they are. How many were added.
pub async fn add_team_blackouts(
    db: &DatabaseConnection,
    team_id: i32,
    input: &BlackoutInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let txn = db.begin().await?;
    if team::Entity::find_by_id(team_id).one(&txn).await?.is_none() {
        return Err(SetupError::NotFound);
    }
    let existing: Vec<NaiveDate> = team_blackout::Entity::find()
        .filter(team_blackout::Column::TeamId.eq(team_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|b| b.on_date)
        .collect();
    let mut added = 0;
    for day in input.days().filter(|d| !existing.contains(d)) {
        team_blackout::ActiveModel {
            team_id: Set(team_id),
            on_date: Set(day),
            reason: Set(input.reason.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        added += 1;
    }
    audit_entry(
        &txn,
        actor,
        "team",
        team_id,
        "team.add_blackout",
        None,
        Some(format!(
            "{}…{} {} ({added})",
            input.from, input.to, input.reason
        )),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// Removes one of a team's blackout days; the team's id.
pub async fn remove_team_blackout(
    db: &DatabaseConnection,
    id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    let row = team_blackout::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    team_blackout::Entity::delete_by_id(id).exec(&txn).await?;
    audit_entry(
        &txn,
        actor,
        "team",
        row.team_id,
        "team.remove_blackout",
        Some(format!("{} {}", row.on_date, row.reason)),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.team_id)
}

async fn insert_blackouts(
    txn: &impl ConnectionTrait,
    court_id: Option<i32>,
    days: impl Iterator<Item = NaiveDate>,
    reason: &str,
) -> std::result::Result<usize, DbErr> {
    let association_id = association_id(txn).await?;
    let existing: Vec<NaiveDate> = blackout::Entity::find()
        .filter(match court_id {
            Some(id) => blackout::Column::CourtId.eq(id),
            None => blackout::Column::CourtId.is_null(),
        })
        .all(txn)
        .await?
        .into_iter()
        .map(|b| b.on_date)
        .collect();
    let mut added = 0;
    for day in days.filter(|d| !existing.contains(d)) {
        blackout::ActiveModel {
            association_id: Set(association_id),
            court_id: Set(court_id),
            on_date: Set(day),
            reason: Set(reason.to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        added += 1;
    }
    Ok(added)
}

/// Removes one blackout day; its court's id (`None`: the association's).
pub async fn remove_blackout(
    db: &DatabaseConnection,
    id: i32,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Option<i32>> {
    let txn = db.begin().await?;
    let row = blackout::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(SetupError::NotFound)?;
    blackout::Entity::delete_by_id(id).exec(&txn).await?;
    let (entity, entity_id) = match row.court_id {
        Some(court) => ("court", court),
        None => ("association", row.association_id),
    };
    audit_entry(
        &txn,
        actor,
        entity,
        entity_id,
        &format!("{entity}.remove_blackout"),
        Some(format!("{} {}", row.on_date, row.reason)),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.court_id)
}

pub async fn calendar(
    db: &DatabaseConnection,
    year: i32,
) -> std::result::Result<SetupCalendar, DbErr> {
    let rows = blackout::Entity::find()
        .filter(blackout::Column::CourtId.is_null())
        .order_by_asc(blackout::Column::OnDate)
        .all(db)
        .await?;
    let festivals = festivals::festivals(year)
        .into_iter()
        .map(|(festival, day)| FestivalLine {
            festival,
            date: day.to_string(),
            blocked: rows.iter().any(|b| b.on_date == day),
        })
        .collect();
    Ok(SetupCalendar {
        year,
        festivals,
        blackouts: blackout_lines(rows),
    })
}

/// Makes a festival of `year` an association-wide blackout day; `false` when it already was.
pub async fn block_festival(
    db: &DatabaseConnection,
    year: i32,
    festival: Festival,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let day = festival
        .date(year)
        .ok_or_else(|| SetupError::one("year", Problem::OutOfRange))?;
    let txn = db.begin().await?;
    let added = insert_blackouts(&txn, None, std::iter::once(day), festival.zh()).await?;
    if added > 0 {
        let id = association_id(&txn).await?;
        audit_entry(
            &txn,
            actor,
            "association",
            id,
            "association.add_blackout",
            None,
            Some(format!("{day} {}", festival.zh())),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(added > 0)
}

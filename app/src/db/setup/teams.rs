//! Teams and their players (one by one, or a CSV import through a preview).
use super::*;

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

/// A team form as the database checks it: the group and home court it names exist, no
/// other team than `except` has its name, and its division is one there is. The division.
async fn check_team(
    txn: &impl ConnectionTrait,
    input: &TeamInput,
    except: Option<i32>,
) -> Result<Division> {
    check_team_refs(txn, input).await?;
    if name_taken(
        txn,
        team::Column::Name,
        team::Column::Id,
        &input.name,
        except,
    )
    .await?
    {
        return Err(SetupError::one("name", Problem::Taken));
    }
    input
        .division
        .parse::<Division>()
        .map_err(|_| SetupError::one("division", Problem::Unknown))
}

/// The group and home court a team form names must exist.
async fn check_team_refs(txn: &impl ConnectionTrait, input: &TeamInput) -> Result<()> {
    let mut errors = Vec::new();
    if villager_group::Entity::find_by_id(input.group_id)
        .one(txn)
        .await?
        .is_none()
    {
        errors.push(FieldError::new("group_id", Problem::Unknown));
    }
    if let Some(court_id) = input.home_court_id {
        if court::Entity::find_by_id(court_id)
            .one(txn)
            .await?
            .is_none()
        {
            errors.push(FieldError::new("home_court_id", Problem::Unknown));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SetupError::Invalid(errors))
    }
}

pub(super) fn team_summary(t: &team::Model) -> String {
    format!(
        "{} ({}) {} 组{} 主场{}",
        t.name,
        t.short_name,
        t.division.as_str(),
        t.villager_group_id,
        t.home_court_id.map_or("-".to_owned(), |c| c.to_string())
    )
}

pub async fn add_team(
    db: &DatabaseConnection,
    input: &TeamInput,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<i32> {
    let txn = db.begin().await?;
    let division = check_team(&txn, input, None).await?;
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
    let team = found::<team::Entity>(&txn, id).await?;
    let division = check_team(&txn, input, Some(id)).await?;
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

pub(super) async fn roster(
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

pub(super) fn player_summary(p: &PlayerRow) -> String {
    format!(
        "#{} {}{}",
        p.number,
        p.name,
        p.birth_year.map(|y| format!(" {y}")).unwrap_or_default()
    )
}

pub(super) async fn insert_player(
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
    let team = found::<team::Entity>(&txn, team_id).await?;
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
                    .map(|p| FieldError::new(p.field(), Problem::Player(p)))
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
    let player = found::<player::Entity>(&txn, id).await?;
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
    found::<team::Entity>(db, team_id).await?;
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

pub(super) async fn read_import(
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
        return Err(SetupError::NothingToImport);
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

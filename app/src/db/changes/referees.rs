//! Referees: who whistles the coming games, and assigning one.
use super::*;

fn neutrality_code(n: Neutrality) -> &'static str {
    match n {
        Neutrality::Neutral => "neutral",
        Neutrality::Unknown => "unknown",
        Neutrality::Involved => "involved",
    }
}

/// The games still to play (from `now`'s day, the next `days`) with their referee and the
/// referees to choose from, and every referee's count.
pub async fn referee_overview(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    days: i64,
) -> Result<RefereeOverview, DbErr> {
    let names = Names::load(db).await?;
    let referees = app_user::Entity::find()
        .filter(app_user::Column::Role.eq(Role::Referee))
        .filter(app_user::Column::DisabledAt.is_null())
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?;
    let assignments = game_referee::Entity::find().all(db).await?;
    let all_games: HashMap<i32, game::Model> = game::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut counts: HashMap<i32, u32> = HashMap::new();
    // (referee, local date) pairs already taken.
    let mut busy: Vec<(i32, NaiveDate)> = Vec::new();
    let mut assigned: HashMap<i32, i32> = HashMap::new();
    for a in &assignments {
        *counts.entry(a.user_id).or_default() += 1;
        assigned.insert(a.game_id, a.user_id);
        if let Some(game) = all_games.get(&a.game_id) {
            busy.push((a.user_id, local_date_time(game.starts_at).0));
        }
    }
    let loads: Vec<RefereeLoad> = referees
        .iter()
        .map(|r| RefereeLoad {
            id: r.id,
            name: r.display_name.clone(),
            group: r
                .villager_group_id
                .and_then(|g| names.groups.get(&g).cloned()),
            games: counts.get(&r.id).copied().unwrap_or(0),
        })
        .collect();
    let today = local_date_time(now).0;
    let from = utc_of(today, NaiveTime::MIN);
    let to = from + Duration::days(days);
    let mut upcoming: Vec<&game::Model> = all_games
        .values()
        .filter(|g| g.starts_at >= from && g.starts_at < to)
        .filter(|g| g.status == GameStatus::Scheduled && names.published(g.competition_id))
        .collect();
    upcoming.sort_by_key(|g| (g.starts_at, g.id));
    let mut games = Vec::new();
    for game in upcoming {
        let Some(facts) = game_facts(db, &names, game.id).await? else {
            continue;
        };
        let date = facts.date;
        let groups: Vec<i32> = [game.home_team_id, game.away_team_id]
            .into_iter()
            .flatten()
            .filter_map(|t| names.team_groups.get(&t).copied())
            .collect();
        let infos: Vec<RefereeInfo> = referees
            .iter()
            .map(|r| RefereeInfo {
                user_id: r.id,
                group: r.villager_group_id,
                assigned: counts.get(&r.id).copied().unwrap_or(0),
                busy: assigned.get(&game.id) != Some(&r.id)
                    && busy.iter().any(|(id, d)| *id == r.id && *d == date),
            })
            .collect();
        let options = rules::suggest_referees(&groups, &infos)
            .into_iter()
            .map(|c| RefereeOption {
                id: c.user_id,
                name: referees
                    .iter()
                    .find(|r| r.id == c.user_id)
                    .map(|r| r.display_name.clone())
                    .unwrap_or_default(),
                neutrality: neutrality_code(c.neutrality).to_owned(),
                games: c.assigned,
            })
            .collect();
        games.push(RefereeGame {
            game: facts.view(),
            referee_id: facts.referee.as_ref().map(|(id, _)| *id),
            options,
        });
    }
    Ok(RefereeOverview {
        referees: loads,
        games,
    })
}

/// Assigns a referee to a game (replacing any other), or clears it with `None`.
pub async fn assign_referee(
    db: &DatabaseConnection,
    viewer: &Viewer,
    game_id: i32,
    referee: Option<i32>,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<game::Model, ChangeError> {
    if !viewer.organises() {
        return Err(ChangeError::Forbidden);
    }
    let txn = db.begin().await?;
    let game = claim_game(&txn, game_id, version, now).await?;
    if let Some(user_id) = referee {
        let user = app_user::Entity::find_by_id(user_id).one(&txn).await?;
        if !user.is_some_and(|u| u.role == Role::Referee && u.disabled_at.is_none()) {
            return Err(ChangeError::Refused(vec![Problem::NotAReferee]));
        }
    }
    let before = game_referee::Entity::find()
        .filter(game_referee::Column::GameId.eq(game_id))
        .all(&txn)
        .await?;
    game_referee::Entity::delete_many()
        .filter(game_referee::Column::GameId.eq(game_id))
        .exec(&txn)
        .await?;
    if let Some(user_id) = referee {
        game_referee::ActiveModel {
            game_id: Set(game_id),
            user_id: Set(user_id),
            assigned_by: Set(viewer.id),
            assigned_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut active: game::ActiveModel = game.clone().into();
    active.version = Set(game.version + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let line = |ids: Vec<i32>| {
        let ids: Vec<String> = ids.iter().map(|id| format!("referee#{id}")).collect();
        ids.join(",")
    };
    audit_entry(
        &txn,
        &actor(viewer),
        "game",
        game_id,
        "referee",
        Some(line(before.iter().map(|a| a.user_id).collect())),
        Some(line(referee.into_iter().collect())),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

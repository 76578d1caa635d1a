//! People (人员): who has which role, the one-time links into an account, and what an
//! organiser may do to the accounts they manage.
//!
//! Every way into an account is one kind of link ([`LinkFor`]): a captain's invite for a
//! team, a referee's or an organiser's invite, or a new PIN or password for someone who
//! has an account. Only the link's SHA-256 is stored; it works once, for
//! [`accounts::INVITE_DAYS`] days. Who may do what is [`Role::manages`]: an administrator
//! manages organisers, referees and captains, an organiser referees and captains, nobody
//! their own account. Every change is in the audit log.
//!
//! A team has one captain: when a new captain takes it (by an invite or by an organiser's
//! hand), whoever captained it before loses it at once — their pages follow the database
//! on their next request. A disabled person's sessions end at once, on every instance
//! (sessions are in the database).
use chrono::{DateTime, Duration, Utc};
use sea_orm::{prelude::*, sea_query::Expr, ActiveValue::Set, QueryOrder, TransactionTrait};

use super::accounts::{self, AccountError, NewUser};
use super::entities::*;
use crate::i18n::Key;
use crate::model::{Choice, LinkInfo, PeopleData, Person, Role, Viewer};

/// What a one-time link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkFor {
    /// A new captain for this team (whoever captained it before loses it when it is used).
    Captain { team_id: i32 },
    /// A new referee, from this villager group when known.
    Referee { group_id: Option<i32> },
    /// A new organiser (administrators only).
    Organiser,
    /// A new PIN or password for this account.
    Reset { user_id: i32 },
}

/// How the audit log names a person.
fn named(user: &app_user::Model) -> String {
    format!("{} #{}", user.display_name, user.id)
}

/// The account `user_id`, if `viewer` manages it (never their own).
async fn managed(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    user_id: i32,
) -> Result<app_user::Model, AccountError> {
    let user = app_user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(Key::NoSuchPerson)?;
    if user.id == viewer.id || !viewer.role.manages(user.role) {
        return Err(AccountError::NotAllowed);
    }
    Ok(user)
}

/// Everyone with an account, as `viewer` (an organiser) sees them.
pub async fn page(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<PeopleData, DbErr> {
    let groups = villager_group::Entity::find()
        .order_by_asc(villager_group::Column::SortOrder)
        .all(db)
        .await?;
    // Teams in the association's order: by division, then their villager group's place.
    let mut teams = team::Entity::find().all(db).await?;
    let group_rank = |id: i32| groups.iter().position(|g| g.id == id).unwrap_or(usize::MAX);
    teams.sort_by_key(|t| (t.division.as_str(), group_rank(t.villager_group_id), t.id));
    let team_name = |id: Option<i32>| {
        id.and_then(|id| teams.iter().find(|t| t.id == id))
            .map(|t| t.name.clone())
    };
    let group_name = |id: Option<i32>| {
        id.and_then(|id| groups.iter().find(|g| g.id == id))
            .map(|g| g.name.clone())
    };
    let mut people: Vec<Person> = app_user::Entity::find()
        .order_by_asc(app_user::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|user| Person {
            id: user.id,
            name: user.display_name.clone(),
            role: user.role,
            login: user
                .phone
                .clone()
                .or(user.username.clone())
                .unwrap_or_default(),
            team_id: user.team_id,
            team: team_name(user.team_id),
            group_id: user.villager_group_id,
            group: group_name(user.villager_group_id),
            disabled: user.disabled_at.is_some(),
            manageable: user.id != viewer.id && viewer.role.manages(user.role),
        })
        .collect();
    let rank = |role: Role| match role {
        Role::Admin => 0,
        Role::Organiser => 1,
        Role::Referee => 2,
        Role::Captain => 3,
    };
    let team_rank = |id: Option<i32>| {
        id.and_then(|id| teams.iter().position(|t| t.id == id))
            .unwrap_or(usize::MAX)
    };
    people.sort_by_key(|p| (rank(p.role), team_rank(p.team_id), p.disabled));
    let may_invite = [Role::Organiser, Role::Referee, Role::Captain]
        .into_iter()
        .filter(|role| viewer.role.manages(*role))
        .collect();
    Ok(PeopleData {
        people,
        teams: teams
            .iter()
            .map(|t| Choice {
                id: t.id,
                name: t.name.clone(),
            })
            .collect(),
        groups: groups
            .iter()
            .map(|g| Choice {
                id: g.id,
                name: g.name.clone(),
            })
            .collect(),
        may_invite,
    })
}

/// A new one-time link made by `viewer`. Returns the token for the link (shown once).
pub async fn create_link(
    db: &DatabaseConnection,
    viewer: &Viewer,
    link: LinkFor,
    now: DateTime<Utc>,
) -> Result<String, AccountError> {
    let (role, team_id, user_id, group_id, what) = match link {
        LinkFor::Captain { team_id } => {
            let team = team::Entity::find_by_id(team_id)
                .one(db)
                .await?
                .ok_or(Key::NoSuchTeam)?;
            (Role::Captain, Some(team.id), None, None, team.name)
        }
        LinkFor::Referee { group_id } => {
            if let Some(id) = group_id {
                villager_group::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(Key::NoSuchGroup)?;
            }
            (Role::Referee, None, None, group_id, String::new())
        }
        LinkFor::Organiser => (Role::Organiser, None, None, None, String::new()),
        LinkFor::Reset { user_id } => {
            let user = managed(db, viewer, user_id).await?;
            if user.disabled_at.is_some() {
                return Err(Key::PersonDisabled.into());
            }
            (user.role, None, Some(user.id), None, named(&user))
        }
    };
    if !viewer.role.manages(role) {
        return Err(AccountError::NotAllowed);
    }
    let (token, hash) = accounts::new_token();
    let txn = db.begin().await?;
    let saved = access_link::ActiveModel {
        token_hash: Set(hash),
        role: Set(role),
        team_id: Set(team_id),
        user_id: Set(user_id),
        villager_group_id: Set(group_id),
        created_by: Set(viewer.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(accounts::INVITE_DAYS)),
        redeemed_at: Set(None),
        redeemed_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let action = if user_id.is_some() {
        "link.reset"
    } else {
        "link.invite"
    };
    let after = format!("{} {}", role.as_str(), what).trim().to_owned();
    super::reports::audit_entry(
        &txn,
        &super::reports::actor(viewer),
        "access_link",
        saved.id,
        action,
        None,
        Some(after),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// The link `token` if it can still be used.
async fn open_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<access_link::Model>, DbErr> {
    access_link::Entity::find()
        .filter(access_link::Column::TokenHash.eq(accounts::token_hash(token)))
        .filter(access_link::Column::RedeemedAt.is_null())
        .filter(access_link::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

/// What the link `token` is for; `None` when it is not (or no longer) valid.
pub async fn link_info(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<LinkInfo>, DbErr> {
    let Some(link) = open_link(db, token, now).await? else {
        return Ok(None);
    };
    let team = match link.team_id {
        Some(id) => team::Entity::find_by_id(id).one(db).await?.map(|t| t.name),
        None => None,
    };
    let person = match link.user_id {
        Some(id) => app_user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| u.display_name),
        None => None,
    };
    Ok(Some(LinkInfo {
        role: link.role,
        team,
        person,
    }))
}

/// What the person typed on the link's page.
pub struct Redemption {
    pub token: String,
    /// A new account's name and mobile number (a reset keeps the account's own).
    pub display_name: String,
    pub phone: Option<String>,
    pub secret: String,
}

/// Organisers sign in with a password: a six-digit PIN is for captains and referees.
fn check_secret_for(role: Role, secret: &str) -> Result<(), Key> {
    accounts::check_secret(secret)?;
    let pin = secret.len() == 6 && secret.bytes().all(|b| b.is_ascii_digit());
    if pin && matches!(role, Role::Organiser | Role::Admin) {
        return Err(Key::OrganiserNeedsPassword);
    }
    Ok(())
}

/// Uses a link, once: makes the invited person's account (or sets a new PIN or password)
/// and signs them in on this phone. Two phones opening the same link at the same moment
/// cannot both use it.
pub async fn redeem(
    db: &DatabaseConnection,
    redemption: Redemption,
    now: DateTime<Utc>,
) -> Result<(Viewer, String), AccountError> {
    let link = open_link(db, &redemption.token, now)
        .await?
        .ok_or(Key::InviteInvalid)?;
    check_secret_for(link.role, &redemption.secret)?;
    let txn = db.begin().await?;
    let user = match link.user_id {
        Some(user_id) => {
            let user = app_user::Entity::find_by_id(user_id)
                .one(&txn)
                .await?
                .filter(|user| user.disabled_at.is_none())
                .ok_or(Key::PersonDisabled)?;
            let hash = accounts::hash_secret(redemption.secret).await?;
            let mut changed: app_user::ActiveModel = user.into();
            changed.password_hash = Set(hash);
            let user = changed.update(&txn).await?;
            // The old PIN's sessions end with it, and its failed tries are forgotten.
            user_session::Entity::delete_many()
                .filter(user_session::Column::UserId.eq(user.id))
                .exec(&txn)
                .await?;
            super::sign_in_limit::succeeded(&txn, user.id).await?;
            user
        }
        None => {
            // The mobile number is how they sign in again on another phone.
            let phone = redemption
                .phone
                .as_deref()
                .and_then(crate::domain::phone::normalise)
                .ok_or(Key::PhoneInvalid)?;
            let viewer = accounts::create_user(
                &txn,
                NewUser {
                    role: link.role,
                    display_name: redemption.display_name,
                    username: None,
                    phone: Some(phone),
                    team_id: None,
                    secret: redemption.secret,
                },
                now,
            )
            .await?;
            let user = app_user::Entity::find_by_id(viewer.id)
                .one(&txn)
                .await?
                .ok_or(DbErr::RecordNotFound("new user".into()))?;
            let mut changed: app_user::ActiveModel = user.into();
            changed.villager_group_id = Set(link.villager_group_id);
            let user = changed.update(&txn).await?;
            if let Some(team_id) = link.team_id {
                take_team(&txn, &named(&user), &user, team_id, now).await?;
            }
            user
        }
    };
    let claimed = access_link::Entity::update_many()
        .col_expr(access_link::Column::RedeemedAt, Expr::value(now))
        .col_expr(access_link::Column::RedeemedBy, Expr::value(user.id))
        .filter(access_link::Column::Id.eq(link.id))
        .filter(access_link::Column::RedeemedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed != 1 {
        txn.rollback().await?;
        return Err(Key::InviteInvalid.into());
    }
    let action = if link.user_id.is_some() {
        "person.new_secret"
    } else {
        "person.joined"
    };
    super::reports::audit_entry(
        &txn,
        &named(&user),
        "app_user",
        user.id,
        action,
        None,
        Some(user.role.as_str().to_owned()),
        now,
    )
    .await?;
    let session = accounts::start_session(&txn, user.id, now).await?;
    txn.commit().await?;
    let user = app_user::Entity::find_by_id(user.id)
        .one(db)
        .await?
        .ok_or(DbErr::RecordNotFound("user".into()))?;
    Ok((accounts::viewer_of(&user), session))
}

/// `user` becomes the captain of `team_id`; whoever captained it loses it.
async fn take_team(
    txn: &impl ConnectionTrait,
    actor: &str,
    user: &app_user::Model,
    team_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let team = team::Entity::find_by_id(team_id)
        .one(txn)
        .await?
        .ok_or(Key::NoSuchTeam)?;
    let before: Vec<String> = app_user::Entity::find()
        .filter(app_user::Column::TeamId.eq(team.id))
        .filter(app_user::Column::Id.ne(user.id))
        .all(txn)
        .await?
        .iter()
        .map(named)
        .collect();
    app_user::Entity::update_many()
        .col_expr(app_user::Column::TeamId, Expr::value(Option::<i32>::None))
        .filter(app_user::Column::TeamId.eq(team.id))
        .filter(app_user::Column::Id.ne(user.id))
        .exec(txn)
        .await?;
    app_user::Entity::update_many()
        .col_expr(app_user::Column::TeamId, Expr::value(team.id))
        .filter(app_user::Column::Id.eq(user.id))
        .exec(txn)
        .await?;
    super::reports::audit_entry(
        txn,
        actor,
        "team",
        team.id,
        "team.captain",
        (!before.is_empty()).then(|| before.join("、")),
        Some(named(user)),
        now,
    )
    .await?;
    Ok(())
}

/// Disables (or enables again) an account; a disabled person's sessions end at once.
pub async fn set_disabled(
    db: &DatabaseConnection,
    viewer: &Viewer,
    user_id: i32,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let txn = db.begin().await?;
    let user = managed(&txn, viewer, user_id).await?;
    let was = user.disabled_at.is_some();
    app_user::Entity::update_many()
        .col_expr(
            app_user::Column::DisabledAt,
            Expr::value(disabled.then_some(now)),
        )
        .filter(app_user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    if disabled {
        user_session::Entity::delete_many()
            .filter(user_session::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
    }
    if was != disabled {
        super::reports::audit_entry(
            &txn,
            &super::reports::actor(viewer),
            "app_user",
            user.id,
            if disabled {
                "person.disable"
            } else {
                "person.enable"
            },
            Some(named(&user)),
            None,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sets the villager group a referee comes from (`None`: not known).
pub async fn set_group(
    db: &DatabaseConnection,
    viewer: &Viewer,
    user_id: i32,
    group_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let txn = db.begin().await?;
    let user = managed(&txn, viewer, user_id).await?;
    if user.role != Role::Referee {
        return Err(Key::GroupOnlyForReferees.into());
    }
    let group = match group_id {
        Some(id) => Some(
            villager_group::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(Key::NoSuchGroup)?,
        ),
        None => None,
    };
    app_user::Entity::update_many()
        .col_expr(
            app_user::Column::VillagerGroupId,
            Expr::value(group.as_ref().map(|g| g.id)),
        )
        .filter(app_user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    super::reports::audit_entry(
        &txn,
        &super::reports::actor(viewer),
        "app_user",
        user.id,
        "person.group",
        user.villager_group_id.map(|id| id.to_string()),
        group.map(|g| g.name),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Hands `team_id` to the captain `user_id` (who leaves the team they had, if any).
pub async fn hand_team(
    db: &DatabaseConnection,
    viewer: &Viewer,
    user_id: i32,
    team_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let txn = db.begin().await?;
    let user = managed(&txn, viewer, user_id).await?;
    if user.role != Role::Captain {
        return Err(Key::TeamOnlyForCaptains.into());
    }
    if user.disabled_at.is_some() {
        return Err(Key::PersonDisabled.into());
    }
    take_team(&txn, &super::reports::actor(viewer), &user, team_id, now).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisers_sign_in_with_a_password() {
        assert!(check_secret_for(Role::Captain, "246810").is_ok());
        assert!(check_secret_for(Role::Referee, "246810").is_ok());
        assert_eq!(
            check_secret_for(Role::Organiser, "246810"),
            Err(Key::OrganiserNeedsPassword)
        );
        assert!(check_secret_for(Role::Organiser, "village-2027").is_ok());
        assert_eq!(
            check_secret_for(Role::Organiser, "abc"),
            Err(Key::SecretTooShort)
        );
    }
}

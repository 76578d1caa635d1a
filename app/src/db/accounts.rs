//! Accounts and sessions (the one-time links into an account are in [`super::people`]).
//!
//! Secrets are hashed with argon2id on a blocking thread, never on the async runtime.
//! Session and invite tokens are 256 random bits; the database keeps only their SHA-256, so
//! a copy of the database signs nobody in. Sessions live in the database so that several
//! server instances share them.
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{prelude::*, ActiveValue::Set};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::entities::*;
use crate::i18n::Key;
use crate::model::{Role, Viewer};

/// Captains stay signed in on their phone for a season.
pub const SESSION_DAYS: i64 = 180;
/// An invite link works for a week, once.
pub const INVITE_DAYS: i64 = 7;

/// What went wrong, as the user is told it.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0:?}")]
    User(Key),
    /// The viewer may not do this to that account.
    #[error("not allowed")]
    NotAllowed,
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("hashing failed: {0}")]
    Hash(String),
}

impl From<Key> for AccountError {
    fn from(key: Key) -> Self {
        AccountError::User(key)
    }
}

/// A new random token and the hash the database keeps.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// argon2id with the crate's (OWASP-recommended) parameters, off the async runtime.
/// Argon2 runs at once at most: each takes 19 MiB and a core for a moment, so a burst of
/// sign-ins (or guesses) waits its turn instead of exhausting memory and the blocking pool.
pub const HASHING_AT_ONCE: usize = 4;

/// A turn at hashing, waited for. While it is held it counts as running (for tests).
async fn hashing_turn() -> HashingTurn {
    static TURNS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHING_AT_ONCE);
    let permit = TURNS
        .acquire()
        .await
        .expect("the semaphore is never closed");
    let now = HASHING_NOW.fetch_add(1, Ordering::SeqCst) + 1;
    HASHING_PEAK.fetch_max(now, Ordering::SeqCst);
    HashingTurn { _permit: permit }
}

static HASHING_NOW: AtomicUsize = AtomicUsize::new(0);
static HASHING_PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most hashings that ever ran at once in this process.
pub fn hashing_peak() -> usize {
    HASHING_PEAK.load(Ordering::SeqCst)
}

struct HashingTurn {
    _permit: tokio::sync::SemaphorePermit<'static>,
}

impl Drop for HashingTurn {
    /// Counted out before the permit goes back (fields drop after this).
    fn drop(&mut self) {
        HASHING_NOW.fetch_sub(1, Ordering::SeqCst);
    }
}

pub async fn hash_secret(secret: String) -> Result<String, AccountError> {
    let turn = hashing_turn().await;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(secret.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| AccountError::Hash(error.to_string()))
    })
    .await
    .map_err(|error| AccountError::Hash(error.to_string()))?
}

pub async fn verify_secret(hash: String, secret: String) -> bool {
    let turn = hashing_turn().await;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(secret.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that a wrong name takes as
/// long as a wrong password.
async fn decoy_hash() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async { hash_secret("decoy secret".into()).await.unwrap_or_default() })
        .await
        .clone()
}

/// A PIN is exactly six digits; a password at least eight characters.
pub fn check_secret(secret: &str) -> Result<(), Key> {
    let is_pin = secret.len() == 6 && secret.chars().all(|c| c.is_ascii_digit());
    if is_pin || secret.chars().count() >= 8 {
        Ok(())
    } else {
        Err(Key::SecretTooShort)
    }
}

pub struct NewUser {
    pub role: Role,
    pub display_name: String,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub team_id: Option<i32>,
    pub secret: String,
}

pub async fn create_user(
    db: &impl ConnectionTrait,
    user: NewUser,
    now: DateTime<Utc>,
) -> Result<Viewer, AccountError> {
    check_secret(&user.secret)?;
    let name = user.display_name.trim().to_owned();
    if name.is_empty() {
        return Err(Key::NameMissing.into());
    }
    if user.username.is_none() && user.phone.is_none() {
        return Err(Key::LoginMissing.into());
    }
    let taken = app_user::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add_option(
                    user.username
                        .clone()
                        .map(|u| app_user::Column::Username.eq(u)),
                )
                .add_option(user.phone.clone().map(|p| app_user::Column::Phone.eq(p))),
        )
        .count(db)
        .await?;
    if taken > 0 {
        return Err(Key::LoginTaken.into());
    }
    let hash = hash_secret(user.secret).await?;
    let saved = app_user::ActiveModel {
        role: Set(user.role),
        display_name: Set(name),
        username: Set(user.username),
        phone: Set(user.phone),
        team_id: Set(user.team_id),
        password_hash: Set(hash),
        created_at: Set(now),
        disabled_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(viewer_of(&saved))
}

pub(crate) fn viewer_of(user: &app_user::Model) -> Viewer {
    Viewer {
        id: user.id,
        name: user.display_name.clone(),
        role: user.role,
        team_id: user.team_id,
    }
}

/// Checks a user name or mobile number and its secret. A failure never says which part
/// was wrong.
pub async fn sign_in(
    db: &DatabaseConnection,
    login: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<(Viewer, String), AccountError> {
    let login = login.trim();
    let by_name = app_user::Column::Username.eq(login);
    let condition = match crate::domain::phone::in_login(login) {
        Some(phone) => sea_orm::Condition::any()
            .add(by_name)
            .add(app_user::Column::Phone.eq(phone)),
        None => sea_orm::Condition::all().add(by_name),
    };
    let user = app_user::Entity::find().filter(condition).one(db).await?;
    if let Some(user) = &user {
        if super::sign_in_limit::claim(db, user.id, now)
            .await?
            .is_err()
        {
            return Err(Key::TooManyAttempts.into());
        }
    }
    let hash = match &user {
        Some(user) => user.password_hash.clone(),
        None => decoy_hash().await,
    };
    let verified = verify_secret(hash, secret.to_owned()).await;
    match user {
        Some(user) if verified && user.disabled_at.is_none() => {
            super::sign_in_limit::succeeded(db, user.id).await?;
            let token = start_session(db, user.id, now).await?;
            Ok((viewer_of(&user), token))
        }
        _ => Err(Key::SignInFailed.into()),
    }
}

pub async fn start_session(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let (token, hash) = new_token();
    user_session::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(SESSION_DAYS)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The signed-in user a session cookie's token stands for, if it is valid.
pub async fn viewer_for_token(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Viewer>, DbErr> {
    let Some(session) = user_session::Entity::find()
        .filter(user_session::Column::TokenHash.eq(token_hash(token)))
        .filter(user_session::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user = app_user::Entity::find_by_id(session.user_id)
        .one(db)
        .await?;
    Ok(user
        .filter(|user| user.disabled_at.is_none())
        .map(|user| viewer_of(&user)))
}

pub async fn end_session(db: &DatabaseConnection, token: &str) -> Result<(), DbErr> {
    user_session::Entity::delete_many()
        .filter(user_session::Column::TokenHash.eq(token_hash(token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Signs a user out on every phone and computer.
pub async fn end_all_sessions(db: &DatabaseConnection, user_id: i32) -> Result<u64, DbErr> {
    Ok(user_session::Entity::delete_many()
        .filter(user_session::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// An SVG QR code for a link, to show an organiser and scan from a phone: the `<svg>`
/// element alone, to put in a page.
pub fn qr_svg(link: &str) -> String {
    let svg = qrcode::QrCode::new(link.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(220, 220)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    svg.find("<svg")
        .map(|at| svg[at..].to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_six_digits_and_a_password_eight_characters() {
        assert!(check_secret("123456").is_ok());
        assert!(check_secret("12345").is_err());
        assert!(check_secret("abcdefgh").is_ok());
        assert!(check_secret("abc").is_err());
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_a, token_hash(&a));
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a));
    }

    #[test]
    fn a_qr_code_is_an_svg() {
        let svg = qr_svg("https://cunba.example/invite/abc");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}

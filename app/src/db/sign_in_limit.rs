//! Failed sign-ins, counted per account in the database, so that every server instance
//! shares the count and no spelling of a login (`13800138000`, `+86 138 0013 8000`, …) gets
//! an allowance of its own: the account is what is counted.
//!
//! Each attempt on an account claims a turn before its secret is checked (so guesses sent
//! at the same moment take turns); a success
//! clears the count. The first [`FREE_FAILURES`] failures cost nothing; after them each
//! further attempt waits 1, 2, 4 … minutes, at most [`MAX_WAIT_MINUTES`].
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::entities::sign_in_limit;

/// Failures in a row before any wait.
pub const FREE_FAILURES: i32 = 5;
/// The longest wait between two attempts on one account.
pub const MAX_WAIT_MINUTES: i64 = 60;

/// How long an account waits after `failures` failures in a row.
pub fn wait_after(failures: i32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::zero();
    }
    let doublings = (failures - FREE_FAILURES).min(16) as u32;
    Duration::minutes((1i64 << doublings).min(MAX_WAIT_MINUTES))
}

/// Claims one attempt on the account: `Ok(())` to go ahead (the attempt counts as a failure
/// until [`succeeded`] clears it), `Err(until)` while the account must wait.
pub async fn claim(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<(), DateTime<Utc>>, DbErr> {
    sign_in_limit::Entity::insert(sign_in_limit::ActiveModel {
        user_id: Set(user_id),
        failures: Set(0),
        not_before: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([sign_in_limit::Column::UserId])
    .exec(db)
    .await?;
    // A claim that loses a race with another reads again (a few times): two sign-ins of one
    // account at the same moment are both checked, in turn.
    for _ in 0..3 {
        let row = sign_in_limit::Entity::find()
            .filter(sign_in_limit::Column::UserId.eq(user_id))
            .one(db)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("sign_in_limit".into()))?;
        if row.not_before > now {
            return Ok(Err(row.not_before));
        }
        let failures = row.failures.saturating_add(1);
        // Only if nobody else claimed a turn since the row was read.
        let claimed = sign_in_limit::Entity::update_many()
            .col_expr(sign_in_limit::Column::Failures, Expr::value(failures))
            .col_expr(
                sign_in_limit::Column::NotBefore,
                Expr::value(now + wait_after(failures)),
            )
            .filter(sign_in_limit::Column::UserId.eq(user_id))
            .filter(sign_in_limit::Column::Failures.eq(row.failures))
            .exec(db)
            .await?
            .rows_affected;
        if claimed == 1 {
            return Ok(Ok(()));
        }
    }
    Ok(Err(now))
}

/// The right secret: the count starts again.
pub async fn succeeded(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    sign_in_limit::Entity::delete_many()
        .filter(sign_in_limit::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_stop_growing() {
        assert_eq!(wait_after(0), Duration::zero());
        assert_eq!(wait_after(FREE_FAILURES - 1), Duration::zero());
        assert_eq!(wait_after(FREE_FAILURES), Duration::minutes(1));
        assert_eq!(wait_after(FREE_FAILURES + 1), Duration::minutes(2));
        assert_eq!(wait_after(FREE_FAILURES + 3), Duration::minutes(8));
        assert_eq!(wait_after(1000), Duration::minutes(MAX_WAIT_MINUTES));
    }
}

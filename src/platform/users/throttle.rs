//! Limits on attempts per key (a username, a client address), kept in the database so that every
//! server counts against the same rows. An attempt is taken before the work it guards (a password
//! hash, a report), so parallel attempts cannot all pass on one reading of the count.

use crate::platform::service::AppError;

use crate::platform::db::Db;
use crate::platform::db::stamp;
use crate::platform::service::AppResult;
use crate::platform::users::throttle_store::ThrottleRow;
use chrono::{DateTime, Duration, Utc};

/// How a key's attempts are limited.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Attempts a window holds; past them, wait for the window's end.
    pub most: i64,
    /// From this attempt on, each one makes the next wait: 1 s, 2 s, 4 s … up to `longest`.
    pub backoff_from: Option<i64>,
    /// The longest backoff.
    pub longest: Duration,
    /// How long a window lasts.
    pub window: Duration,
    /// Whether each attempt starts the window again (the count is forgotten after a quiet
    /// window), rather than the window running from its first attempt.
    pub sliding: bool,
    /// The message of a refusal: a member of the public is not told of failed logins.
    pub message: &'static str,
}

const LOGINS: &str = "error.throttled";

/// Failed logins from one address: 20 in 15 minutes, then it waits for the window's end.
pub const LOGIN_ADDRESS: Rule = Rule {
    most: 20,
    backoff_from: None,
    longest: Duration::zero(),
    window: Duration::minutes(15),
    sliding: false,
    message: LOGINS,
};

/// Failed logins at one username, from anywhere: after five, each waits twice as long as the one
/// before, up to five minutes, so a stranger cannot keep its owner out for long; forgotten after
/// a quiet quarter of an hour or the owner's good login.
pub const LOGIN_USERNAME: Rule = Rule {
    most: i64::MAX,
    backoff_from: Some(5),
    longest: Duration::minutes(5),
    window: Duration::minutes(15),
    sliding: true,
    message: LOGINS,
};

/// Reports through the public form from one address: a household reports a few things a day.
pub const PUBLIC_REPORTS: Rule = Rule {
    most: 20,
    backoff_from: None,
    longest: Duration::zero(),
    window: Duration::hours(1),
    sliding: false,
    message: "error.reports_throttled",
};

/// Rows older than the longest window, with their wait over, count for nothing.
const STALE_AFTER: Duration = Duration::hours(1);

/// Takes one attempt for `key`, or answers `Throttled` with the seconds until one may be taken.
/// Gives the backoff this attempt leaves before the next (zero below the rule's backoff).
pub async fn take(db: &Db, key: &str, rule: &Rule) -> AppResult<Duration> {
    // Each lost race means another attempt was taken; after this many, refuse rather than spin.
    for _ in 0..64 {
        let seen = crate::platform::users::throttle_store::get(&db.pool, key).await?;
        // Read after the row, so no attempt it shows was taken later than this one.
        let now = Utc::now();
        let next = next(seen.as_ref(), now, rule)
            .map_err(|seconds| AppError::Throttled(seconds, rule.message))?;
        let taken = match &seen {
            Some(seen) => {
                crate::platform::users::throttle_store::swap(&db.pool, key, seen, &next).await?
            }
            None => {
                // A new key is the moment to drop the stale ones, now and then.
                if rand::random_ratio(1, 32) {
                    crate::platform::users::throttle_store::sweep(
                        &db.pool,
                        &stamp(now - STALE_AFTER),
                        &stamp(now),
                    )
                    .await?;
                }
                crate::platform::users::throttle_store::insert(&db.pool, key, &next).await?
            }
        };
        if taken {
            let allowed =
                DateTime::parse_from_rfc3339(&next.next_allowed).map(|t| t.to_utc()).unwrap_or(now);
            return Ok((allowed - now).max(Duration::zero()));
        }
    }
    Err(AppError::Throttled(1, rule.message))
}

/// Gives back an attempt that was not evaluated, or that succeeded.
pub async fn give_back<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    e: E,
    key: &str,
) -> AppResult<()> {
    Ok(crate::platform::users::throttle_store::give_back(e, key).await?)
}

/// Makes a key's next attempt wait until `until` at least (a backoff counted from a failure's
/// answer rather than from its start).
pub async fn hold(
    tx: &mut crate::platform::db::Tx,
    key: &str,
    until: DateTime<Utc>,
) -> AppResult<()> {
    Ok(crate::platform::users::throttle_store::hold(&mut **tx, key, &stamp(until)).await?)
}

/// Forgets a key's count.
pub async fn forget<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    e: E,
    key: &str,
) -> AppResult<()> {
    Ok(crate::platform::users::throttle_store::forget(e, key).await?)
}

/// The row after one more attempt at `now`, or the whole seconds to wait.
fn next(seen: Option<&ThrottleRow>, now: DateTime<Utc>, rule: &Rule) -> Result<ThrottleRow, i64> {
    let at = |s: &str| DateTime::parse_from_rfc3339(s).map(|t| t.to_utc()).unwrap_or(now);
    let wait =
        |until: DateTime<Utc>| ((until - now).num_milliseconds() + 999).div_euclid(1000).max(1);
    let (attempts, window_start) = match seen {
        None => (0, now),
        Some(row) => {
            let (start, allowed) = (at(&row.window_start), at(&row.next_allowed));
            // Only a backoff sets a wait: without one, another server's clock a little ahead
            // must not refuse an attempt.
            if rule.backoff_from.is_some() && now < allowed {
                return Err(wait(allowed));
            }
            if now >= start + rule.window {
                (0, now)
            } else if row.attempts >= rule.most {
                return Err(wait(start + rule.window));
            } else {
                (row.attempts, if rule.sliding { now } else { start })
            }
        }
    };
    let attempts = attempts + 1;
    let backoff = match rule.backoff_from {
        Some(from) if attempts >= from => {
            Duration::seconds(1 << (attempts - from).min(20)).min(rule.longest)
        }
        _ => Duration::zero(),
    };
    let next_allowed = match seen {
        Some(row) if backoff.is_zero() && attempts > 1 => row.next_allowed.clone(),
        _ => stamp(now + backoff),
    };
    Ok(ThrottleRow { attempts, window_start: stamp(window_start), next_allowed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rule: &Rule, times: &[i64]) -> Vec<Result<i64, i64>> {
        let start = Utc::now();
        let mut row: Option<ThrottleRow> = None;
        times
            .iter()
            .map(|&s| match next(row.as_ref(), start + Duration::seconds(s), rule) {
                Ok(r) => {
                    let n = r.attempts;
                    row = Some(r);
                    Ok(n)
                }
                Err(wait) => Err(wait),
            })
            .collect()
    }

    #[test]
    fn an_address_holds_its_window_then_starts_again() {
        let times: Vec<i64> = (0..21).chain([899, 900]).collect();
        let got = run(&LOGIN_ADDRESS, &times);
        assert_eq!(got[19], Ok(20));
        assert_eq!(got[20], Err(900 - 20));
        assert_eq!(got[21], Err(1));
        assert_eq!(got[22], Ok(1));
    }

    #[test]
    fn a_username_backs_off_doubling_up_to_five_minutes() {
        assert_eq!(
            run(&LOGIN_USERNAME, &[0, 0, 0, 0, 0, 0]),
            [Ok(1), Ok(2), Ok(3), Ok(4), Ok(5), Err(1)]
        );
        // Each attempt taken as soon as it is allowed: the waits double, then hold at five minutes.
        let (mut row, mut t, mut waits) = (None, Utc::now(), Vec::new());
        for _ in 0..15 {
            let r = next(row.as_ref(), t, &LOGIN_USERNAME).unwrap();
            let allowed = DateTime::parse_from_rfc3339(&r.next_allowed).unwrap().to_utc();
            waits.push((allowed - t).num_seconds());
            (t, row) = (allowed, Some(r));
        }
        assert_eq!(waits, [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
    }

    #[test]
    fn a_quiet_window_forgets_a_username() {
        let got = run(&LOGIN_USERNAME, &[0, 0, 0, 0, 0, 900 + 1]);
        assert_eq!(got[5], Ok(1));
    }
}

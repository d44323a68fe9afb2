//! What an Open311 caller asks in its query string: the jurisdiction, and for `requests` the
//! ids, services, statuses, the window of time and the page.

use crate::cases::services::open311_requests::RequestFilter;
use crate::cases::services::rows::CategoryRow;
use crate::platform::service::AppError;
use crate::platform::service::Paging;
use chrono::{DateTime, Duration, Utc};

/// The widest window of report times one list may span, and the default one.
const WINDOW_DAYS: i64 = 90;

/// A query string's pairs; one that cannot be read is no pairs.
pub fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    query.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default()
}

/// The first value of a key, if it is not empty.
pub fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// A comma-separated value as its items.
fn list(pairs: &[(String, String)], key: &str) -> Vec<String> {
    value(pairs, key)
        .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// Reads a W3C datetime (`2015-10-01T00:00:00Z` or with an offset).
fn w3(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

/// Why a list of requests was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A parameter that is not what the specification allows, and why (a 400).
    Parameter(String),
    /// Paging refused by the use-case.
    App(AppError),
}

/// The requests asked for: which, and which page.
#[derive(Debug)]
pub struct RequestsAsked {
    /// Which requests.
    pub filter: RequestFilter,
    /// Which page.
    pub paging: Paging,
}

/// Reads `requests`' parameters against the public services, at `now`.
pub fn requests(
    pairs: &[(String, String)],
    public: &[CategoryRow],
    now: DateTime<Utc>,
) -> Result<RequestsAsked, Refusal> {
    let mut ids = Vec::new();
    for id in list(pairs, "service_request_id") {
        match id.parse::<i64>() {
            Ok(n) => ids.push(n),
            Err(_) => {
                return Err(Refusal::Parameter(format!(
                    "service_request_id {id} is not a request id"
                )));
            }
        }
    }
    let public_codes: Vec<String> = public.iter().map(|c| c.code.clone()).collect();
    let asked = list(pairs, "service_code");
    if let Some(bad) = asked.iter().find(|c| !public_codes.contains(c)) {
        return Err(Refusal::Parameter(format!("service_code {bad} is not a service")));
    }
    let status = list(pairs, "status");
    if let Some(bad) = status.iter().find(|s| *s != "open" && *s != "closed") {
        return Err(Refusal::Parameter(format!("status {bad} is neither open nor closed")));
    }
    let time = |key: &'static str| match value(pairs, key) {
        None => Ok(None),
        Some(t) => w3(t)
            .map(Some)
            .ok_or_else(|| Refusal::Parameter(format!("{key} is not a W3C datetime"))),
    };
    let (start, end) = (time("start_date")?, time("end_date")?);
    let window = Duration::days(WINDOW_DAYS);
    // The most recent 90 days by default; a window may not span more than 90 days.
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, (s + window).min(now)),
        (None, Some(e)) => (e - window, e),
        (None, None) => (now - window, now),
    };
    if end - start > window || end < start {
        return Err(Refusal::Parameter("start_date to end_date may span at most 90 days".into()));
    }
    let paging =
        crate::cases::services::open311::paging(value(pairs, "page"), value(pairs, "page_size"))
            .map_err(Refusal::App)?;
    let filter = RequestFilter {
        ids,
        codes: if asked.is_empty() { public_codes } else { asked },
        start: crate::platform::db::stamp(start),
        end: crate::platform::db::stamp(end),
        status,
        published: public.iter().filter(|c| c.publish_all != 0).map(|c| c.code.clone()).collect(),
    };
    Ok(RequestsAsked { filter, paging })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(query: &str) -> Result<RequestsAsked, Refusal> {
        let now = w3("2015-09-20T02:00:00Z").unwrap();
        requests(&pairs(Some(query)), &[], now)
    }

    #[test]
    fn the_window_is_the_last_90_days_unless_asked_and_never_wider() {
        let a = asked("").unwrap();
        assert_eq!(
            (a.filter.start.as_str(), a.filter.end.as_str()),
            ("2015-06-22T02:00:00.000000Z", "2015-09-20T02:00:00.000000Z")
        );
        let a = asked("start_date=2015-09-01T00:00:00%2B08:00").unwrap();
        assert_eq!(a.filter.start, "2015-08-31T16:00:00.000000Z");
        assert!(matches!(
            asked("start_date=2015-01-01T00:00:00Z&end_date=2015-10-25T00:00:00Z"),
            Err(Refusal::Parameter(_))
        ));
        assert!(
            matches!(asked("end_date=soon"), Err(Refusal::Parameter(m)) if m == "end_date is not a W3C datetime")
        );
    }

    #[test]
    fn ids_statuses_and_services_are_checked() {
        assert!(
            matches!(asked("service_request_id=1,x"), Err(Refusal::Parameter(m)) if m.contains("x is not"))
        );
        assert!(
            matches!(asked("status=open,gone"), Err(Refusal::Parameter(m)) if m.contains("gone"))
        );
        assert!(
            matches!(asked("service_code=D01"), Err(Refusal::Parameter(m)) if m.contains("D01"))
        );
        assert_eq!(asked("service_request_id=3, 4&status=closed").unwrap().filter.ids, [3, 4]);
    }
}

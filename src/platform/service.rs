//! Use-cases. Each starts from an authorised [`Actor`]; permission, validation, transactions
//! and audit meet here.

pub use crate::platform::access::actor::Actor;

pub use crate::platform::access::actor::ScopedUnit;

use crate::platform::input::FieldError;

/// What a use-case can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The object does not exist, or the actor may not know that it does.
    #[error("not found")]
    NotFound,
    /// The actor sees the object but may not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// No valid credentials.
    #[error("unauthorized")]
    Unauthorized,
    /// A wrong username or password at login.
    #[error("wrong username or password")]
    BadLogin,
    /// Input failed validation; each field says why.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// An action not allowed from the object's state; names the state and the allowed actions.
    #[error("not allowed from {state}")]
    NotAllowed {
        /// The current state.
        state: &'static str,
        /// What may be done from it.
        allowed: Vec<&'static str>,
    },
    /// The request conflicts with the current state (message key).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The request could not be read (malformed JSON, a bad query string); says what.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// Too many attempts (failed logins, public reports, logins waiting for a hash): seconds
    /// until the next try, and the message that says which limit it was.
    #[error("too many attempts")]
    Throttled(i64, &'static str),
    /// Anything else: logged in full, answered opaquely.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(vec![e])
    }
}

/// The result of a use-case.
pub type AppResult<T> = Result<T, AppError>;

/// Which page of a list to read: `page` from 1, `page_size` from 1 to 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Page number from 1.
    pub page: i64,
    /// Rows a page.
    pub page_size: i64,
}

impl Paging {
    /// Rows a page when the caller does not say.
    pub const DEFAULT_SIZE: i64 = 50;
    /// The last page anyone may ask for: far past any list here, and an offset that cannot overflow.
    pub const MAX_PAGE: i64 = 1_000_000;

    /// The most rows a page may ask for.
    pub const MAX_SIZE: i64 = 500;

    /// Checks page numbers from a request.
    pub fn parse(page: Option<i64>, page_size: Option<i64>) -> Result<Paging, AppError> {
        Self::parse_up_to(page, page_size.or(Some(Self::DEFAULT_SIZE)), Self::MAX_SIZE)
    }

    /// Checks page numbers from a request whose pages may hold up to `max_size` rows (Open311's
    /// 1,000), `max_size` when it does not say.
    pub fn parse_up_to(
        page: Option<i64>,
        page_size: Option<i64>,
        max_size: i64,
    ) -> Result<Paging, AppError> {
        let page = page.unwrap_or(1);
        let page_size = page_size.unwrap_or(max_size);
        let mut errors = Vec::new();
        if !(1..=Self::MAX_PAGE).contains(&page) {
            errors.push(FieldError::new("page", "error.page_range").arg("max", Self::MAX_PAGE));
        }
        if !(1..=max_size).contains(&page_size) {
            errors.push(FieldError::new("page_size", "error.page_size").arg("max", max_size));
        }
        if errors.is_empty() {
            Ok(Paging { page, page_size })
        } else {
            Err(AppError::Invalid(errors))
        }
    }

    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.page_size
    }
}

/// One page of a list and how many rows the whole list has.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Rows in the whole list.
    pub total: i64,
    /// What was asked.
    pub paging: Paging,
}

/// Turns a list of collected field errors into a result.
pub fn check(errors: Vec<FieldError>) -> AppResult<()> {
    if errors.is_empty() { Ok(()) } else { Err(AppError::Invalid(errors)) }
}

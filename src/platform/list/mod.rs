//! The list kit: every list of every capability is a filter bar, sortable columns, a dense table
//! on a desk screen and cards on a phone, paging with the total, and export of exactly the
//! filtered rows to XLSX and CSV. The filters live in the URL, so a filtered list can be
//! bookmarked and sent; a capability declares its columns and filters and fills the rows.

pub mod export;
pub mod view;

use crate::platform::input::FieldError;
use crate::platform::service::{AppError, Paging};
use std::collections::BTreeMap;

/// A column of a list.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name in the URL's `sort` and in code.
    pub key: &'static str,
    /// Its heading's message key.
    pub label: &'static str,
    /// Whether the list sorts by it.
    pub sortable: bool,
}

/// What a filter of the bar takes.
#[derive(Debug, Clone)]
pub enum FilterKind {
    /// Words to look for.
    Text,
    /// A day (`YYYY-MM-DD`).
    Date,
    /// One of these values, each with its label in the page's language; empty means any.
    Choice(Vec<(String, String)>),
    /// On or off (a checkbox: `1` when on).
    Flag,
    /// One of these, offered; or another value, which the use-case checks (a unit below those
    /// offered, reached by a link).
    Suggest(Vec<(String, String)>),
    /// Kept in the URL but not drawn (the measure a dashboard figure opens the list on).
    Hidden,
}

/// A filter of the bar.
#[derive(Debug, Clone)]
pub struct Filter {
    /// Its name in the URL.
    pub name: &'static str,
    /// Its label's message key.
    pub label: &'static str,
    /// What it takes.
    pub kind: FilterKind,
}

/// Which way a list is sorted, named in the URL as `asc` or `desc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr)]
pub enum Direction {
    /// Smallest first.
    #[strum(serialize = "asc")]
    Ascending,
    /// Largest first.
    #[strum(serialize = "desc")]
    Descending,
}

impl Direction {
    /// As the URL says it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What the URL asks of a list: the filters' values, the sort, the page.
#[derive(Debug, Clone)]
pub struct ListQuery {
    /// Filter values by name, only the non-empty ones.
    pub values: BTreeMap<&'static str, String>,
    /// The column sorted by and which way; the list's own order when `None`.
    pub sort: Option<(&'static str, Direction)>,
    /// The page.
    pub paging: Paging,
}

/// The parameters of a list's URL besides its filters.
const OWN: [&str; 4] = ["sort", "dir", "page", "page_size"];

impl ListQuery {
    /// Reads a query string against the list's columns and filters. Names it does not know are
    /// left to the page (a notice, a unit); a sort by a column that does not sort, or a bad page,
    /// is refused naming the parameter.
    pub fn parse(raw: &str, columns: &[Column], filters: &[Filter]) -> Result<ListQuery, AppError> {
        let pairs =
            crate::platform::web::urlencoded::pairs(raw.as_bytes()).map_err(AppError::Malformed)?;
        let get = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut errors = Vec::new();
        let mut values = BTreeMap::new();
        for f in filters {
            let Some(v) = get(f.name) else { continue };
            match &f.kind {
                FilterKind::Choice(options) if !options.iter().any(|(o, _)| *o == v) => {
                    errors.push(FieldError::new(f.name, "error.choice"));
                }
                FilterKind::Date => match crate::platform::day::parse(f.name, &v) {
                    Ok(_) => {
                        values.insert(f.name, v);
                    }
                    Err(e) => errors.push(e),
                },
                FilterKind::Flag if v != "1" => {
                    errors.push(FieldError::new(f.name, "error.choice"))
                }
                FilterKind::Suggest(_) if v.chars().count() > 100 => {
                    errors.push(FieldError::new(f.name, "error.choice"))
                }
                FilterKind::Text if v.chars().count() > 100 => {
                    errors.push(FieldError::new(f.name, "error.too_long").arg("max", 100))
                }
                _ => {
                    values.insert(f.name, v);
                }
            }
        }
        let sort = match get("sort") {
            None => None,
            Some(key) => match columns.iter().find(|c| c.sortable && c.key == key) {
                Some(c) => match get("dir").as_deref().map(str::parse::<Direction>) {
                    None => Some((c.key, Direction::Ascending)),
                    Some(Ok(dir)) => Some((c.key, dir)),
                    Some(Err(_)) => {
                        errors.push(FieldError::new("dir", "error.choice"));
                        None
                    }
                },
                None => {
                    errors.push(FieldError::new("sort", "error.sort_column"));
                    None
                }
            },
        };
        let number = |name: &str| {
            get(name).map(|v| {
                v.parse::<i64>().map_err(|_| {
                    FieldError::new(name, "error.page_range").arg("max", Paging::MAX_PAGE)
                })
            })
        };
        let page = number("page").transpose().unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let size = number("page_size").transpose().unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        crate::platform::service::check(errors)?;
        Ok(ListQuery { values, sort, paging: Paging::parse(page, size)? })
    }

    /// A filter's value, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Whether a flag filter is on.
    pub fn flag(&self, name: &str) -> bool {
        self.get(name) == Some("1")
    }

    /// A day filter's value.
    pub fn day(&self, name: &str) -> Option<chrono::NaiveDate> {
        self.get(name).and_then(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
    }

    /// The filters and sort as a query string (no page), for links that keep them.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, &str)> =
            self.values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if let Some((key, dir)) = self.sort {
            pairs.push(("sort", key));
            pairs.push(("dir", dir.as_str()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// Whether the URL set nothing of the list (the page may then choose its default view).
    pub fn is_default(&self) -> bool {
        self.values.is_empty() && self.sort.is_none()
    }

    /// The names a list's own parameters take, which no filter may take.
    pub fn own_parameters() -> &'static [&'static str] {
        &OWN
    }
}

#[cfg(test)]
mod tests;

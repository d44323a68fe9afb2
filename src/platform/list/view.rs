//! What `platform/templates/list.html` draws: the filter bar, the headings with their sort links,
//! the rows (a table on a desk screen, cards on a phone), the pager and the export links.

use crate::platform::list::{Column, Direction, Filter, FilterKind, ListQuery};
use crate::platform::web::pages::Ctx;

/// A list ready to draw.
#[derive(Debug, Clone)]
pub struct ListView {
    /// Where the list lives (`/cases`); exports are this with `.xlsx` and `.csv`.
    pub path: &'static str,
    /// The filter bar.
    pub filters: Vec<FilterView>,
    /// The headings.
    pub headings: Vec<Heading>,
    /// This page's rows.
    pub rows: Vec<Row>,
    /// "共 1,393 条".
    pub total_text: String,
    /// "第 2 / 28 页", when there is more than one.
    pub page_text: Option<String>,
    /// The previous and next pages' links.
    pub previous: Option<String>,
    /// The next page's link.
    pub next: Option<String>,
    /// The filters and sort as a query string, for the export links.
    pub query: String,
    /// Why there is nothing to show, when there is nothing.
    pub empty: Option<String>,
    /// Whether any filter is set (the bar then offers to clear them).
    pub filtered: bool,
}

/// One filter as the bar draws it.
#[derive(Debug, Clone)]
pub struct FilterView {
    /// Its name in the URL.
    pub name: &'static str,
    /// Its label.
    pub label: String,
    /// `text`, `date`, `select` or `checkbox`.
    pub input: &'static str,
    /// Its value now.
    pub value: String,
    /// For a choice: value, label, whether chosen; the first is "any".
    pub options: Vec<(String, String, bool)>,
}

/// A column's heading and the link that sorts by it.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The label.
    pub label: String,
    /// The link that sorts by this column (the other way when it already does).
    pub href: Option<String>,
    /// `asc` or `desc` when the list is sorted by it, else empty.
    pub sorted: &'static str,
}

/// One row: its cells, and the page it opens.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Its page.
    pub href: Option<String>,
    /// A class for the whole row (`overdue`).
    pub class: &'static str,
    /// The cells, one a column, in the columns' order.
    pub cells: Vec<String>,
}

impl ListView {
    /// Lays a page of rows out under the list's columns and filters, as the query asked.
    pub fn new(
        ctx: &Ctx,
        path: &'static str,
        columns: &[Column],
        filters: &[Filter],
        q: &ListQuery,
        total: i64,
        rows: Vec<Row>,
    ) -> ListView {
        let query = q.to_query();
        let link = |extra: &str| {
            let joined = [query.as_str(), extra]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("&");
            format!("{path}?{joined}")
        };
        let headings = columns
            .iter()
            .map(|c| {
                let now = q.sort.filter(|(k, _)| *k == c.key).map(|(_, d)| d);
                let other = if now == Some(Direction::Ascending) {
                    Direction::Descending
                } else {
                    Direction::Ascending
                };
                let mut sorted = q.clone();
                sorted.sort = Some((c.key, other));
                Heading {
                    label: ctx.t(c.label).into_owned(),
                    href: c.sortable.then(|| format!("{path}?{}", sorted.to_query())),
                    sorted: now.map_or("", Direction::as_str),
                }
            })
            .collect();
        let filters = filters
            .iter()
            .map(|f| {
                let value = q.get(f.name).unwrap_or_default().to_string();
                let (input, options) = match &f.kind {
                    FilterKind::Text => ("text", Vec::new()),
                    FilterKind::Date => ("date", Vec::new()),
                    FilterKind::Flag => ("checkbox", Vec::new()),
                    FilterKind::Hidden => ("hidden", Vec::new()),
                    FilterKind::Choice(options) | FilterKind::Suggest(options) => {
                        let any = (String::new(), ctx.t("list.any").into_owned(), value.is_empty());
                        let mut all: Vec<_> = std::iter::once(any)
                            .chain(options.iter().map(|(v, l)| (v.clone(), l.clone(), *v == value)))
                            .collect();
                        if !value.is_empty() && !options.iter().any(|(v, _)| *v == value) {
                            all.push((value.clone(), value.clone(), true));
                        }
                        ("select", all)
                    }
                };
                FilterView {
                    name: f.name,
                    label: ctx.t(f.label).into_owned(),
                    input,
                    value,
                    options,
                }
            })
            .collect();
        let (page, size) = (q.paging.page, q.paging.page_size);
        let pages = ((total + size - 1) / size).max(1);
        let size_part = if size == crate::platform::service::Paging::DEFAULT_SIZE {
            String::new()
        } else {
            format!("&page_size={size}")
        };
        ListView {
            path,
            filters,
            headings,
            total_text: ctx.lang.t_args("list.total", &[("total", total.to_string())]),
            page_text: (pages > 1).then(|| {
                ctx.lang.t_args(
                    "list.page",
                    &[("page", page.to_string()), ("pages", pages.to_string())],
                )
            }),
            previous: (page > 1).then(|| link(&format!("page={}{size_part}", page - 1))),
            next: (page < pages).then(|| link(&format!("page={}{size_part}", page + 1))),
            empty: rows.is_empty().then(|| ctx.t("list.none_match").into_owned()),
            filtered: !q.values.is_empty(),
            query,
            rows,
        }
    }

    /// Says why the list is empty in the page's own words (where the data is), instead of the
    /// kit's "nothing matches".
    pub fn empty_because(mut self, why: String) -> ListView {
        if self.rows.is_empty() {
            self.empty = Some(why);
        }
        self
    }
}

use super::*;

const COLUMNS: &[Column] = &[
    Column { key: "id", label: "csv.id", sortable: true },
    Column { key: "title", label: "csv.title", sortable: false },
];

fn filters() -> Vec<Filter> {
    vec![
        Filter { name: "q", label: "cases.keyword", kind: FilterKind::Text },
        Filter { name: "from", label: "dashboard.from", kind: FilterKind::Date },
        Filter {
            name: "state",
            label: "csv.state",
            kind: FilterKind::Choice(vec![("closed".into(), "已结案".into())]),
        },
        Filter { name: "overdue", label: "cases.overdue", kind: FilterKind::Flag },
    ]
}

#[test]
fn a_query_round_trips_through_the_url() {
    let q = ListQuery::parse(
        "q=%E5%AE%85&from=2015-09-01&state=closed&overdue=1&sort=id&dir=desc&page=2&done=saved",
        COLUMNS,
        &filters(),
    )
    .unwrap();
    assert_eq!(q.get("q"), Some("宅"));
    assert_eq!(q.day("from"), chrono::NaiveDate::from_ymd_opt(2015, 9, 1));
    assert!(q.flag("overdue"));
    assert_eq!(q.sort, Some(("id", Direction::Descending)));
    assert_eq!(q.paging.page, 2);
    let again = ListQuery::parse(&q.to_query(), COLUMNS, &filters()).unwrap();
    assert_eq!(again.values, q.values);
    assert_eq!(again.sort, q.sort);
    assert_eq!(again.paging.page, 1, "links that keep the filters start again at page 1");
}

#[test]
fn empty_values_mean_any_and_nothing_set_is_the_default() {
    let q = ListQuery::parse("q=&state=&from=", COLUMNS, &filters()).unwrap();
    assert!(q.is_default());
}

#[test]
fn bad_values_are_refused_by_name() {
    let fields = |raw: &str| match ListQuery::parse(raw, COLUMNS, &filters()) {
        Err(AppError::Invalid(f)) => f.into_iter().map(|f| f.field).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(fields("sort=title"), ["sort"], "a column that does not sort");
    assert_eq!(fields("sort=password"), ["sort"]);
    assert_eq!(fields("state=deleted"), ["state"]);
    assert_eq!(fields("from=2015-13-01"), ["from"]);
    assert_eq!(fields("page=x"), ["page"]);
    assert_eq!(fields("overdue=yes"), ["overdue"], "a flag is 1 or absent");
    assert_eq!(fields("sort=id&dir=sideways"), ["dir"]);
    assert_eq!(fields("page=0"), ["page"]);
    assert_eq!(fields(&format!("q={}", "字".repeat(101))), ["q"]);
    assert!(matches!(ListQuery::parse("q=%FF", COLUMNS, &filters()), Err(AppError::Malformed(_))));
}

#[test]
fn exports_are_bounded_before_they_are_read() {
    assert_eq!(export::pages(0).unwrap().count(), 1);
    assert_eq!(export::pages(1001).unwrap().count(), 3);
    assert!(export::pages(export::MAX_ROWS + 1).is_err());
}

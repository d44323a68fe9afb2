//! What callers send: a report, an action on a case, which cases to list. Each becomes the JSON
//! the API takes, with the fields a person would leave blank left out.

use serde::Serialize;
use serde_json::{Value, json};

/// A report of an incident or a dispute (`POST /api/v1/cases`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The catalogue's code.
    pub category: String,
    /// The grid it happened in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<i64>,
    /// Where, instead of a grid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Where, instead of a grid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// What was found.
    pub description: String,
    /// The address in words.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// `grid` when its own grid staff found it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// Who told us, by phone.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reporter_phone: String,
    /// A dispute's parties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<PartyIn>,
}

impl Report {
    /// Something found in a grid.
    pub fn in_grid(category: &str, grid: i64, description: &str) -> Report {
        Report {
            category: category.into(),
            unit_id: Some(grid),
            lon: None,
            lat: None,
            description: description.into(),
            address: String::new(),
            source: None,
            reporter_phone: String::new(),
            parties: Vec::new(),
        }
    }

    /// Something found at a point: the server finds its grid.
    pub fn at(category: &str, (lon, lat): (f64, f64), description: &str) -> Report {
        Report {
            unit_id: None,
            lon: Some(lon),
            lat: Some(lat),
            ..Report::in_grid(category, 0, description)
        }
    }

    /// Found by the grid's own staff on their round.
    pub fn on_the_round(self) -> Report {
        Report { source: Some("grid"), ..self }
    }

    /// With one more party.
    pub fn party(mut self, party: PartyIn) -> Report {
        self.parties.push(party);
        self
    }

    /// With an address.
    pub fn address(self, address: &str) -> Report {
        Report { address: address.into(), ..self }
    }

    /// With the reporter's phone.
    pub fn reporter_phone(self, phone: &str) -> Report {
        Report { reporter_phone: phone.into(), ..self }
    }
}

/// A party to a dispute as reported.
#[derive(Debug, Clone, Serialize)]
pub struct PartyIn {
    /// Name.
    pub name: String,
    /// `respondent`, or the applicant when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    /// Resident ID number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl PartyIn {
    /// An applicant known by name only.
    pub fn named(name: &str) -> PartyIn {
        PartyIn { name: name.into(), role: None, id_number: None, phone: None }
    }

    /// With their ID number.
    pub fn id_number(self, id_number: &str) -> PartyIn {
        PartyIn { id_number: Some(id_number.into()), ..self }
    }

    /// With their phone.
    pub fn phone(self, phone: &str) -> PartyIn {
        PartyIn { phone: Some(phone.into()), ..self }
    }

    /// The one the applicant complains of.
    pub fn respondent(self) -> PartyIn {
        PartyIn { role: Some("respondent"), ..self }
    }
}

/// An action on a case (`POST /api/v1/cases/{id}/actions`); notes left empty are not sent.
#[derive(Debug, Clone)]
pub enum Action {
    /// 立案.
    Register,
    /// Not ours to file, and why.
    Refuse(&'static str),
    /// To a unit, a department, or (neither) the catalogue's responsible department.
    Dispatch { unit: Option<i64>, department: Option<i64> },
    /// The handler objects to the dispatch, and why.
    Object(&'static str),
    /// The handler takes it on.
    Accept,
    /// Up to the level above, and why.
    Escalate(&'static str),
    /// The handler's outcome: `resolved`, `referred` or `not_ours`.
    Feedback { outcome: &'static str, note: &'static str },
    /// 核查: the feedback holds.
    Verify,
    /// Sent back, and why.
    Rework(&'static str),
    /// More working days, and why.
    Defer { days: i64, note: &'static str },
    /// The reporter withdraws it.
    Withdraw(&'static str),
    /// A duplicate of another case.
    Merge { into: i64 },
    /// 回访, with the satisfaction from 1 to 5.
    FollowUp { satisfaction: i64, note: &'static str },
    /// Open again, and why.
    Reopen(&'static str),
    /// The clock stops, and why.
    Suspend(&'static str),
    /// The clock runs again.
    Resume,
}

impl Action {
    /// A dispatch to a unit.
    pub fn dispatch_to(unit: i64) -> Action {
        Action::Dispatch { unit: Some(unit), department: None }
    }

    /// A dispatch to a department.
    pub fn dispatch_to_department(department: i64) -> Action {
        Action::Dispatch { unit: None, department: Some(department) }
    }

    /// A dispatch naming no target: to the catalogue's responsible department.
    pub fn dispatch() -> Action {
        Action::Dispatch { unit: None, department: None }
    }

    /// The request body.
    pub fn body(&self) -> Value {
        let (name, mut body) = match self {
            Action::Register => ("register", json!({})),
            Action::Refuse(note) => ("refuse", json!({"note": note})),
            Action::Dispatch { unit, department } => {
                ("dispatch", json!({"unit_id": unit, "department_id": department}))
            }
            Action::Object(note) => ("object", json!({"note": note})),
            Action::Accept => ("accept", json!({})),
            Action::Escalate(note) => ("escalate", json!({"note": note})),
            Action::Feedback { outcome, note } => {
                ("feedback", json!({"outcome": outcome, "note": note}))
            }
            Action::Verify => ("verify", json!({})),
            Action::Rework(note) => ("rework", json!({"note": note})),
            Action::Defer { days, note } => ("defer", json!({"days": days, "note": note})),
            Action::Withdraw(note) => ("withdraw", json!({"note": note})),
            Action::Merge { into } => ("merge", json!({"into": into})),
            Action::FollowUp { satisfaction, note } => {
                ("follow_up", json!({"satisfaction": satisfaction, "note": note}))
            }
            Action::Reopen(note) => ("reopen", json!({"note": note})),
            Action::Suspend(note) => ("suspend", json!({"note": note})),
            Action::Resume => ("resume", json!({})),
        };
        let fields = body.as_object_mut().unwrap();
        fields.retain(|_, v| !v.is_null() && *v != "");
        fields.insert("action".into(), name.into());
        body
    }
}

/// Which cases, for the list and the rates: a unit's subtree, report days, a category prefix,
/// the measure behind a figure.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaseQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    measure: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<i64>,
}

impl CaseQuery {
    /// The cases in a unit's subtree.
    pub fn unit(unit: i64) -> CaseQuery {
        CaseQuery { unit: Some(unit), ..CaseQuery::default() }
    }

    /// Reported on one day.
    pub fn on(self, day: impl std::fmt::Display + Copy) -> CaseQuery {
        self.between(day, day)
    }

    /// Reported between two days, both counted.
    pub fn between(self, from: impl std::fmt::Display, to: impl std::fmt::Display) -> CaseQuery {
        CaseQuery { from: Some(from.to_string()), to: Some(to.to_string()), ..self }
    }

    /// At most this many a page.
    pub fn page_size(self, rows: i64) -> CaseQuery {
        CaseQuery { page_size: Some(rows), ..self }
    }

    /// Of a category and those under it (`D` for every dispute).
    pub fn category(self, prefix: &str) -> CaseQuery {
        CaseQuery { category: Some(prefix.into()), ..self }
    }

    /// The cases behind a figure: `resolved`, `closed`, `due`, …
    pub fn measure(self, measure: &str) -> CaseQuery {
        CaseQuery { measure: Some(measure.into()), ..self }
    }

    /// A path with this as its query.
    pub fn path(&self, path: &str) -> String {
        match serde_urlencoded::to_string(self).unwrap() {
            query if query.is_empty() => path.to_string(),
            query => format!("{path}?{query}"),
        }
    }
}

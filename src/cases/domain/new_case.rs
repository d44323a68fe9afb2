//! A report as it comes in, and the new case parsed from it once: every field's bound, the
//! channel, the parties with their checked ID numbers. What needs the database (the unit, the
//! point's grid, the category in the zone's catalogue) the service finds; everything else is here.

use crate::cases::domain::CaseKind;
use crate::cases::domain::source::Source;
use crate::platform::id_number::IdNumber;
use crate::platform::input::{FieldError, optional_text, required_text};
use chrono::{DateTime, Utc};

/// The most parties a case names; a dispute between more is a collective one, reported as such.
pub const MAX_PARTIES: usize = 50;

/// A party as reported.
#[derive(Debug, Clone, Default)]
pub struct PartyInput {
    /// `applicant`, `respondent` or `other`.
    pub role: String,
    /// Name.
    pub name: String,
    /// Resident ID number, optional; checked when given.
    pub id_number: Option<String>,
    /// Phone.
    pub phone: String,
    /// Address.
    pub address: String,
}

/// A report, as grid staff, a program or the public send it.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    /// The category's code in the current catalogue (a leaf).
    pub category: String,
    /// The grid (or other unit) it happened in; or give a point.
    pub unit_id: Option<i64>,
    /// Where: the grid is found from the boundaries.
    pub point: Option<crate::platform::geo::Point>,
    /// Short title; the category's name when empty.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Address in words.
    pub address: String,
    /// `grid`, `public`, `hotline` or `api`.
    pub source: String,
    /// Reporter's name.
    pub reporter_name: String,
    /// Reporter's phone.
    pub reporter_phone: String,
    /// The parties, for a dispute.
    pub parties: Vec<PartyInput>,
    /// When it was reported, if not now (imports of past reports).
    pub reported_at: Option<DateTime<Utc>>,
}

/// A party, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParty {
    /// `applicant`, `respondent` or `other`.
    pub role: &'static str,
    /// Name.
    pub name: String,
    /// The ID number, valid where given.
    pub id_number: Option<IdNumber>,
    /// Phone.
    pub phone: String,
    /// Address.
    pub address: String,
}

/// The fields of a new case that need nothing but the report itself, checked.
#[derive(Debug, Clone)]
pub struct NewCase {
    /// Short title; empty for the category's name.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Address in words.
    pub address: String,
    /// The channel.
    pub source: Source,
    /// Reporter's name.
    pub reporter_name: String,
    /// Reporter's phone.
    pub reporter_phone: String,
    /// The parties.
    pub parties: Vec<NewParty>,
}

/// An optional text field within its bound; an overlong one is noted and read as empty.
fn bounded(errors: &mut Vec<FieldError>, field: &str, text: &str, max: usize) -> String {
    optional_text(field, text, max).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    })
}

impl NewCase {
    /// Parses a report's own fields; `kind` is its category's, where the category was found (a
    /// dispute must name its parties). Every field that fails is named, in the form's order.
    pub fn parse(input: &ReportInput, kind: Option<CaseKind>) -> Result<NewCase, Vec<FieldError>> {
        let mut errors = Vec::new();
        let description = required_text("description", &input.description, 2000)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let address = bounded(&mut errors, "address", &input.address, 200);
        let reporter_name = bounded(&mut errors, "reporter_name", &input.reporter_name, 64);
        let reporter_phone = bounded(&mut errors, "reporter_phone", &input.reporter_phone, 32);
        let source = match input.source.as_str() {
            "" => Source::Api,
            s => s.parse().unwrap_or_else(|_| {
                errors.push(FieldError::new("source", "error.source"));
                Source::Api
            }),
        };
        if input.parties.len() > MAX_PARTIES {
            errors.push(FieldError::new("parties", "error.too_many").arg("max", MAX_PARTIES));
        }
        let title = bounded(&mut errors, "title", &input.title, 100);
        let mut parties = Vec::new();
        for (i, p) in input.parties.iter().take(MAX_PARTIES).enumerate() {
            let field = |f: &str| format!("parties[{i}].{f}");
            let name = required_text(&field("name"), &p.name, 64)
                .map_err(|e| errors.push(e))
                .unwrap_or_default();
            let id_number = match p.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(text) => {
                    IdNumber::parse(&field("id_number"), text).map_err(|e| errors.push(e)).ok()
                }
                None => None,
            };
            let role = match p.role.as_str() {
                "" => "applicant",
                "applicant" => "applicant",
                "respondent" => "respondent",
                "other" => "other",
                _ => {
                    errors.push(FieldError::new(field("role"), "error.party_role"));
                    "other"
                }
            };
            let phone = bounded(&mut errors, &field("phone"), &p.phone, 32);
            let address = bounded(&mut errors, &field("address"), &p.address, 200);
            parties.push(NewParty { role, name, id_number, phone, address });
        }
        if kind == Some(CaseKind::Dispute) && input.parties.is_empty() {
            errors.push(FieldError::new("parties", "error.parties_required"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewCase { title, description, address, source, reporter_name, reporter_phone, parties })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: Vec<FieldError>) -> Vec<String> {
        e.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_report_parses_trimmed_with_the_api_as_its_default_channel() {
        let input = ReportInput { description: "  井盖缺失 ".into(), ..ReportInput::default() };
        let case = NewCase::parse(&input, Some(CaseKind::Incident)).unwrap();
        assert_eq!(
            (case.description.as_str(), case.source, case.parties.len()),
            ("井盖缺失", Source::Api, 0)
        );
    }

    #[test]
    fn every_bad_field_is_named_in_the_forms_order() {
        let input = ReportInput {
            description: " ".into(),
            reporter_phone: "1".repeat(33),
            source: "radio".into(),
            parties: vec![PartyInput {
                role: "judge".into(),
                id_number: Some("110101199003070000".into()),
                ..PartyInput::default()
            }],
            ..ReportInput::default()
        };
        let errors = fields(NewCase::parse(&input, Some(CaseKind::Dispute)).unwrap_err());
        assert_eq!(
            errors,
            [
                "description",
                "reporter_phone",
                "source",
                "parties[0].name",
                "parties[0].id_number",
                "parties[0].role"
            ]
        );
    }

    #[test]
    fn a_dispute_names_its_parties_and_no_more_than_fifty() {
        let input = ReportInput { description: "邻里纠纷".into(), ..ReportInput::default() };
        assert_eq!(
            fields(NewCase::parse(&input, Some(CaseKind::Dispute)).unwrap_err()),
            ["parties"]
        );
        assert!(NewCase::parse(&input, Some(CaseKind::Incident)).is_ok());
        let many = ReportInput {
            parties: vec![PartyInput { name: "张三".into(), ..PartyInput::default() }; 51],
            ..input
        };
        assert_eq!(
            fields(NewCase::parse(&many, Some(CaseKind::Dispute)).unwrap_err()),
            ["parties"]
        );
    }
}

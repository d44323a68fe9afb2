//! The domain: what a civil servant would recognise, with no IO.

/// A field that failed validation: the field's name and an i18n message key with arguments,
/// so that the web layer can say why in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input field, as the caller named it (`code`, `parent_id`, `roles[0].unit_id`).
    pub field: String,
    /// Message key in a `messages.yml` (src/platform/, or the capability's folder).
    pub key: &'static str,
    /// Values for the `%{name}` placeholders of the message.
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    /// A field error without arguments.
    pub fn new(field: impl Into<String>, key: &'static str) -> Self {
        FieldError { field: field.into(), key, args: Vec::new() }
    }

    /// Adds one placeholder value.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// The value of a check, or none with its error kept among `errors`: a form checked whole
/// names every field that is wrong, not only the first.
pub fn collect<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// Checks a required, trimmed text field of at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "error.required"));
    }
    optional_text(field, value, max)
}

/// Checks a trimmed text field that may be empty, of at most `max` characters.
pub fn optional_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(FieldError::new(field, "error.too_long").arg("max", max));
    }
    // Control characters and the noncharacters U+FFFE and U+FFFF are never typed; they come from
    // broken exports or attacks, and would make the Open311 XML answers and the Word agreements
    // ill-formed. Tabs and line breaks stay.
    if value.chars().any(unwritable) {
        return Err(FieldError::new(field, "error.control_character"));
    }
    Ok(value.to_string())
}

/// Whether a character is one XML 1.0 (and so Word) cannot hold: a control character other than
/// tab and line breaks, or U+FFFE, U+FFFF.
pub fn unwritable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

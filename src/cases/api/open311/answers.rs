//! How Open311 answers are written: typed structs, as JSON by serde_json and as XML by
//! quick-xml's serde support, from the same structs. The two differ in lists only: JSON writes an
//! array, GeoReport's XML an element holding one element per item (`<services><service>…`), and
//! the item's type names that element, so no name is guessed from its list's.

use crate::platform::i18n::Lang;
use crate::platform::service::AppError;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::ser::SerializeStruct;

/// JSON or XML, from the file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// A file name's stem and the format its extension asks for.
pub fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    match ext {
        "json" => Some((name, Format::Json)),
        "xml" => Some((name, Format::Xml)),
        _ => None,
    }
}

/// An item of a list, and the element each item is in XML.
pub trait Item: Serialize {
    /// `service` of `services`, `request` of `service_requests`, …
    const ELEMENT: &'static str;
}

/// An item that is a whole answer's list, and the document element that list is in XML.
pub trait Listed: Item {
    /// `services`, `service_requests`, `errors`.
    const LIST: &'static str;
}

/// How a format writes a list.
pub trait Shape {
    /// A list of items in this format.
    type List<T: Item>: Serialize;
    /// The items as this format's list.
    fn list<T: Item>(items: Vec<T>) -> Self::List<T>;
}

/// JSON: a list is an array.
pub enum AsJson {}

impl Shape for AsJson {
    type List<T: Item> = Vec<T>;
    fn list<T: Item>(items: Vec<T>) -> Vec<T> {
        items
    }
}

/// XML: a list is an element holding one element per item.
pub enum AsXml {}

impl Shape for AsXml {
    type List<T: Item> = Elements<T>;
    fn list<T: Item>(items: Vec<T>) -> Elements<T> {
        Elements(items)
    }
}

/// Items as XML elements named by their type (`T::ELEMENT`), inside their list's element.
pub struct Elements<T>(Vec<T>);

impl<T: Item> Serialize for Elements<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // quick-xml writes a field holding a sequence as one element per item, named by the field.
        let mut list = serializer.serialize_struct("list", 1)?;
        list.serialize_field(T::ELEMENT, &self.0)?;
        list.end()
    }
}

/// A whole answer: its XML document element and its body in either format.
pub trait Document {
    /// The document element in XML.
    const ROOT: &'static str;
    /// The body as the format writes it.
    fn body<S: Shape>(self) -> impl Serialize;
}

impl<T: Listed> Document for Vec<T> {
    const ROOT: &'static str = T::LIST;
    fn body<S: Shape>(self) -> impl Serialize {
        S::list(self)
    }
}

/// A document as XML 1.0 text, with its declaration.
pub fn xml<D: Document>(doc: D) -> Result<String, quick_xml::SeError> {
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    let mut serializer = quick_xml::se::Serializer::with_root(&mut out, Some(D::ROOT))?;
    serializer.set_quote_level(quick_xml::se::QuoteLevel::Full);
    doc.body::<AsXml>().serialize(serializer)?;
    // XML 1.0 cannot hold a control character or U+FFFE/U+FFFF; input refuses them, and what
    // came in before that rule is written without them rather than as a document no reader takes.
    out.retain(|c| !crate::platform::input::unwritable(c));
    Ok(out)
}

/// A response in the asked format.
pub fn answer<D: Document>(format: Format, status: StatusCode, doc: D) -> Response {
    match format {
        Format::Json => (status, axum::Json(doc.body::<AsJson>())).into_response(),
        Format::Xml => match xml(doc) {
            Ok(text) => {
                (status, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], text).into_response()
            }
            Err(e) => {
                tracing::error!(error = %e, "open311 answer could not be written as XML");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
    }
}

/// An error in the specification's shape.
#[derive(Debug, Serialize)]
pub struct ErrorItem {
    /// The HTTP status.
    pub code: u16,
    /// What went wrong.
    pub description: String,
}

impl Item for ErrorItem {
    const ELEMENT: &'static str = "error";
}

impl Listed for ErrorItem {
    const LIST: &'static str = "errors";
}

/// An error answer: a list of one `{code, description}`.
pub fn error(format: Format, status: StatusCode, description: impl Into<String>) -> Response {
    answer(
        format,
        status,
        vec![ErrorItem { code: status.as_u16(), description: description.into() }],
    )
}

/// A use-case's refusal as an Open311 error: fields named, internal errors logged and hidden.
pub fn app_error(format: Format, lang: Lang, e: AppError) -> Response {
    match e {
        AppError::Invalid(fields) => {
            let text: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, lang.t_args(f.key, &f.args)))
                .collect();
            error(format, StatusCode::BAD_REQUEST, text.join("; "))
        }
        AppError::NotFound => error(format, StatusCode::NOT_FOUND, "not found"),
        e => {
            tracing::error!(error = %e, "open311 request failed");
            error(format, StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Thing {
        name: String,
        size: Option<f64>,
    }

    impl Item for Thing {
        const ELEMENT: &'static str = "thing";
    }

    impl Listed for Thing {
        const LIST: &'static str = "things";
    }

    fn things() -> Vec<Thing> {
        vec![
            Thing { name: "井盖 <'&\"> \u{1}".into(), size: Some(1.5) },
            Thing { name: String::new(), size: None },
        ]
    }

    #[test]
    fn a_list_is_an_array_in_json_and_an_element_of_named_items_in_xml() {
        let json = serde_json::to_string(&things().body::<AsJson>()).unwrap();
        assert_eq!(json, r#"[{"name":"井盖 <'&\"> \u0001","size":1.5},{"name":"","size":null}]"#);
        assert_eq!(
            xml(things()).unwrap(),
            concat!(
                r#"<?xml version="1.0" encoding="utf-8"?>"#,
                "<things><thing><name>井盖 &lt;&apos;&amp;&quot;&gt; </name><size>1.5</size></thing>",
                "<thing><name/><size/></thing></things>"
            ),
            "escaped, without what XML cannot hold; nothing and the empty text are empty elements"
        );
        assert_eq!(
            xml(Vec::<Thing>::new()).unwrap(),
            r#"<?xml version="1.0" encoding="utf-8"?><things/>"#
        );
    }

    #[test]
    fn a_file_names_its_format() {
        assert_eq!(split("services.json"), Some(("services", Format::Json)));
        assert_eq!(split("I0101.xml"), Some(("I0101", Format::Xml)));
        assert_eq!(split("services.html"), None);
        assert_eq!(split("services"), None);
    }
}

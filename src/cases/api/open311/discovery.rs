//! What may be reported: discovery, the services (public incident categories) and a service's
//! definition. Fields stand in alphabetical order, the order these answers have always had.

use crate::cases::api::open311::answers::{
    Document, Format, Item, Listed, Shape, answer, app_error, error,
};
use crate::cases::services::rows::CategoryRow;
use crate::platform::i18n::Lang;
use crate::platform::web::AppState;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

/// When the endpoint last changed, as discovery says.
const CHANGESET: &str = "2026-11-27T00:00:00+08:00";

/// A media type an endpoint answers in.
#[derive(Debug, Serialize)]
pub struct MediaType(&'static str);

impl Item for MediaType {
    const ELEMENT: &'static str = "format";
}

/// The zone's one endpoint.
#[derive(Debug, Serialize)]
#[serde(bound = "")]
pub struct Endpoint<S: Shape> {
    changeset: &'static str,
    formats: S::List<MediaType>,
    jurisdiction_id: String,
    specification: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'static str,
}

impl<S: Shape> Item for Endpoint<S> {
    const ELEMENT: &'static str = "endpoint";
}

/// `discovery`: who runs the endpoint and where it is.
#[derive(Debug, Serialize)]
#[serde(bound = "")]
pub struct DiscoveryBody<S: Shape> {
    changeset: &'static str,
    contact: &'static str,
    endpoints: S::List<Endpoint<S>>,
    key_service: &'static str,
}

/// The discovery document of the zone with this division code.
pub struct Discovery {
    /// The zone's division code.
    pub jurisdiction_id: String,
}

impl Document for Discovery {
    const ROOT: &'static str = "discovery";
    fn body<S: Shape>(self) -> impl Serialize {
        let formats = S::list(vec![MediaType("application/json"), MediaType("text/xml")]);
        let endpoint = Endpoint::<S> {
            changeset: CHANGESET,
            formats,
            jurisdiction_id: self.jurisdiction_id,
            specification: "http://wiki.open311.org/GeoReport_v2",
            kind: "production",
            url: "/open311/v2",
        };
        DiscoveryBody::<S> {
            changeset: CHANGESET,
            contact: "示范区网格化服务管理中心",
            endpoints: S::list(vec![endpoint]),
            key_service: "向示范区管理员申请 API key",
        }
    }
}

/// A service: a public incident category.
#[derive(Debug, Serialize)]
pub struct Service {
    description: String,
    group: String,
    keywords: String,
    metadata: bool,
    service_code: String,
    service_name: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl Item for Service {
    const ELEMENT: &'static str = "service";
}

impl Listed for Service {
    const LIST: &'static str = "services";
}

impl Service {
    /// A category as a service, grouped under its three-character parent.
    pub fn of(c: &CategoryRow, all: &[CategoryRow]) -> Service {
        let group = all
            .iter()
            .find(|p| p.code.len() == 3 && c.code.starts_with(&p.code))
            .map(|p| p.name.clone())
            .unwrap_or_default();
        Service {
            description: c.filing_condition.clone(),
            group,
            keywords: c.name_en.clone(),
            metadata: true,
            service_code: c.code.clone(),
            service_name: c.name.clone(),
            kind: "realtime",
        }
    }
}

/// A choice of a list attribute.
#[derive(Debug, Serialize)]
pub struct AttributeValue {
    key: &'static str,
    name: &'static str,
}

impl Item for AttributeValue {
    const ELEMENT: &'static str = "value";
}

/// An attribute a service asks for.
#[derive(Debug, Serialize)]
#[serde(bound = "")]
pub struct Attribute<S: Shape> {
    code: &'static str,
    datatype: &'static str,
    datatype_description: &'static str,
    description: &'static str,
    order: u32,
    required: bool,
    values: S::List<AttributeValue>,
    variable: bool,
}

impl<S: Shape> Item for Attribute<S> {
    const ELEMENT: &'static str = "attribute";
}

/// `service_definition`: the attributes of one service.
#[derive(Debug, Serialize)]
#[serde(bound = "")]
pub struct DefinitionBody<S: Shape> {
    attributes: S::List<Attribute<S>>,
    service_code: String,
}

/// The definition of a service: every service asks whether the hazard endangers people.
pub struct ServiceDefinition {
    /// The service's code.
    pub service_code: String,
}

impl Document for ServiceDefinition {
    const ROOT: &'static str = "service_definition";
    fn body<S: Shape>(self) -> impl Serialize {
        let hazard = Attribute::<S> {
            code: "hazard",
            datatype: "singlevaluelist",
            datatype_description: "是否危及人身安全",
            description: "是否危及人身安全？",
            order: 1,
            required: false,
            values: S::list(vec![
                AttributeValue { key: "yes", name: "是" },
                AttributeValue { key: "no", name: "否" },
            ]),
            variable: true,
        };
        DefinitionBody::<S> { attributes: S::list(vec![hazard]), service_code: self.service_code }
    }
}

/// `discovery.{json,xml}`.
pub async fn discovery(state: &AppState, format: Format) -> Response {
    let jurisdiction_id =
        crate::cases::services::open311::zone(&state.db).await.map(|z| z.1).unwrap_or_default();
    answer(format, StatusCode::OK, Discovery { jurisdiction_id })
}

/// `services.{json,xml}`: the public incident categories.
pub async fn services(state: &AppState, format: Format) -> Response {
    match crate::cases::services::open311::services(&state.db).await {
        Ok((public, all)) => answer(
            format,
            StatusCode::OK,
            public.iter().map(|c| Service::of(c, &all)).collect::<Vec<_>>(),
        ),
        Err(e) => app_error(format, Lang::En, e),
    }
}

/// `services/{code}.{json,xml}`: the attributes a service asks for.
pub async fn definition(state: &AppState, format: Format, code: &str) -> Response {
    match crate::cases::services::open311::services(&state.db).await {
        Ok((public, _)) if public.iter().any(|c| c.code == code) => {
            answer(format, StatusCode::OK, ServiceDefinition { service_code: code.to_string() })
        }
        Ok(_) => error(format, StatusCode::NOT_FOUND, format!("service_code {code} not found")),
        Err(e) => app_error(format, Lang::En, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::api::open311::answers::xml;

    #[test]
    fn nested_lists_name_their_items() {
        let d = xml(Discovery { jurisdiction_id: "410871000000".into() }).unwrap();
        assert!(
            d.contains("<endpoints><endpoint><changeset>")
                && d.contains(
                    "<formats><format>application/json</format><format>text/xml</format></formats>"
                ),
            "{d}"
        );
        let s = xml(ServiceDefinition { service_code: "I0101".into() }).unwrap();
        assert!(
            s.contains("<service_definition><attributes><attribute><code>hazard</code>"),
            "{s}"
        );
        assert!(
            s.contains("<values><value><key>yes</key><name>是</name></value><value><key>no</key>"),
            "{s}"
        );
        let json = serde_json::to_value(
            ServiceDefinition { service_code: "I0101".into() }
                .body::<crate::cases::api::open311::answers::AsJson>(),
        )
        .unwrap();
        assert_eq!(json["attributes"][0]["values"][1]["key"], "no");
    }
}

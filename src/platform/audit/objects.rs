//! The objects the audit chain names (`user:2`, `case:17`) as people read them: a name, and a
//! link where there is a page. Each part names its own kinds (`Capability::objects`).

use crate::platform::capability::{Capabilities, ObjectKind};
use crate::platform::db::Db;
use std::collections::HashMap;

/// An object as a page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// Its name ("申安胜", "宁郭村第1网格", "邻里漏水纠纷"), or the object as recorded when it has none.
    pub text: String,
    /// Its page, if it has one.
    pub href: Option<String>,
}

/// The platform's kinds: people, units, API tokens.
pub static PLATFORM_OBJECTS: &[ObjectKind] = &[
    ObjectKind {
        prefix: "user",
        names: |db, ids| Box::pin(crate::platform::users::store::names(db, ids)),
        href: None,
    },
    ObjectKind {
        prefix: "unit",
        names: |db, ids| Box::pin(crate::platform::hierarchy::store::names(db, ids)),
        href: Some(|id| format!("/units/{id}")),
    },
    ObjectKind {
        prefix: "token",
        names: |db, ids| Box::pin(crate::platform::users::auth_store::token_names(db, ids)),
        href: None,
    },
];

/// Names each object; one query a kind, whatever the number of objects.
pub async fn name_all(
    db: &Db,
    capabilities: Capabilities,
    objects: &[String],
) -> anyhow::Result<Vec<Named>> {
    let kinds: Vec<&ObjectKind> =
        PLATFORM_OBJECTS.iter().chain(capabilities.iter().flat_map(|c| c.objects)).collect();
    let parsed: Vec<Option<(&str, i64)>> = objects
        .iter()
        .map(|o| o.split_once(':').and_then(|(k, id)| Some((k, id.parse().ok()?))))
        .collect();
    let mut names: HashMap<(&str, i64), String> = HashMap::new();
    for kind in &kinds {
        let ids: Vec<i64> =
            parsed.iter().flatten().filter(|(k, _)| *k == kind.prefix).map(|(_, id)| *id).collect();
        if !ids.is_empty() {
            for (id, name) in (kind.names)(db, ids).await? {
                names.insert((kind.prefix, id), name);
            }
        }
    }
    Ok(objects
        .iter()
        .zip(&parsed)
        .map(|(object, parsed)| {
            let found = parsed.and_then(|(k, id)| {
                let kind = kinds.iter().find(|kind| kind.prefix == k)?;
                let name = names.get(&(kind.prefix, id))?;
                Some(Named { text: name.clone(), href: kind.href.map(|h| h(id)) })
            });
            // A day or a login name is its own name; anything else gone is shown as recorded.
            found.unwrap_or_else(|| Named {
                text: object.split_once(':').map_or(object.as_str(), |(_, v)| v).to_string(),
                href: None,
            })
        })
        .collect())
}

//! How the registry's records keep what names a person sealed: the field each value is sealed
//! for, the blind index it is found by, its masked form, and every sealed column (which a
//! rotation of the data key seals again).

use crate::platform::id_number::IdNumber;
use crate::registry::domain::records::{Kind, Ty};

/// The sealed value's field name, which its seal is bound to.
pub fn sealed_field(kind: &Kind, key: &str) -> String {
    format!("{}.{key}", kind.name)
}

/// The index kind of a sealed field: ID numbers and phones share theirs with people and case
/// parties, so one number finds all; other values have their own.
pub fn index_kind(kind: &Kind, key: &str, ty: Ty) -> String {
    match ty {
        Ty::IdNumber | Ty::Person => crate::platform::vault::ID_NUMBER.to_string(),
        Ty::Phone => crate::platform::vault::PHONE.to_string(),
        _ => sealed_field(kind, key),
    }
}

/// A sealed value as shown: an ID number `4108**********123X`, a phone `138****5678`, anything
/// else but its last four characters starred.
pub fn masked(ty: Ty, plain: &str) -> String {
    match ty {
        Ty::IdNumber | Ty::Person => IdNumber::from_stored(plain.to_string()).masked(),
        Ty::Phone => crate::platform::phone::masked(plain),
        _ => {
            let n = plain.chars().count();
            let kept: String = plain.chars().skip(n.saturating_sub(4)).collect();
            format!("{}{kept}", "*".repeat(n.saturating_sub(4)))
        }
    }
}

/// Every sealed column of the registry: the people's ID numbers and phones, and each kind's
/// sealed fields, with their blind indexes (a rotation of the data key seals them again).
pub fn sealed_columns() -> Vec<crate::platform::vault::rotate::SealedColumn> {
    use crate::platform::vault::rotate::SealedColumn;
    let people = |column: &str, field: &str, index: &str, kind: &str| SealedColumn {
        table: "people".into(),
        column: column.into(),
        field: field.into(),
        index: Some((index.into(), kind.into())),
    };
    let mut out = vec![
        people(
            "id_sealed",
            crate::registry::services::people::ID_FIELD,
            "id_index",
            crate::platform::vault::ID_NUMBER,
        ),
        people(
            "phone_sealed",
            crate::registry::services::people::PHONE_FIELD,
            "phone_index",
            crate::platform::vault::PHONE,
        ),
    ];
    for kind in crate::registry::domain::kinds::ALL {
        for f in kind.fields.iter().filter(|f| f.ty.sealed()) {
            out.push(SealedColumn {
                table: kind.name.into(),
                column: format!("{}_sealed", f.key),
                field: sealed_field(kind, f.key),
                index: Some((format!("{}_index", f.key), index_kind(kind, f.key, f.ty))),
            });
        }
    }
    out
}

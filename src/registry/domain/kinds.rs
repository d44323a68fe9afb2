//! The registry's record kinds after GB/T 31000 (社会治安综合治理基础数据规范): places (实有房屋,
//! rental houses among them), facilities, organisations (实有单位), households, the floating and
//! left-behind details of a person, and the five special populations, each its own kind.

use crate::platform::input::FieldError;
use crate::registry::domain::codes;
use crate::registry::domain::records::{Field, Kind, Ty, Value, dates_in_order, no_check};

const fn f(
    key: &'static str,
    heading: &'static str,
    variants: &'static [&'static str],
    ty: Ty,
) -> Field {
    Field { key, heading, variants, ty, required: false, listed: false }
}
/// Required and listed.
const fn main(
    key: &'static str,
    heading: &'static str,
    variants: &'static [&'static str],
    ty: Ty,
) -> Field {
    Field { key, heading, variants, ty, required: true, listed: true }
}
/// Listed.
const fn shown(
    key: &'static str,
    heading: &'static str,
    variants: &'static [&'static str],
    ty: Ty,
) -> Field {
    Field { key, heading, variants, ty, required: false, listed: true }
}

const GRID: Field = main("grid", "网格编码", &["网格代码"], Ty::Grid);
const LON: Field = f("lon", "经度", &[], Ty::Lon);
const LAT: Field = f("lat", "纬度", &[], Ty::Lat);
const PERSON: Field =
    main("person", "公民身份号码", &["身份证号", "身份证号码", "身份证"], Ty::Person);

/// Buildings and houses (实有房屋); a house of use 出租 is a rental house, its occupants its tenants.
pub static PLACES: Kind = Kind {
    name: "places",
    one: "place",
    sheet: "房屋信息",
    key: "number",
    by_name: false,
    fields: &[
        main("number", "房屋编号", &["房屋编码", "门牌号"], Ty::Text(40)),
        shown("place_kind", "房屋类别", &["类别"], Ty::Code(&codes::PLACE_KIND)),
        main("place_use", "房屋用途", &["用途"], Ty::Code(&codes::PLACE_USE)),
        GRID,
        main("address", "地址", &["房屋地址", "详细地址"], Ty::Text(200)),
        f("floors", "层数", &["楼层数"], Ty::Count),
        shown("area", "建筑面积", &["面积"], Ty::Area),
        shown("owner", "房主姓名", &["产权人", "房主"], Ty::Text(50)),
        f("owner_id", "房主公民身份号码", &["房主身份证号", "产权人身份证号"], Ty::IdNumber),
        f("owner_phone", "房主联系电话", &["房主电话"], Ty::Phone),
        LON,
        LAT,
        shown("hazards", "安全隐患", &["隐患", "隐患情况"], Ty::Text(500)),
    ],
    restricted: false,
    counted: Some("places"),
    check: no_check,
};

/// Facilities (物): wells, bridges, street lamps, cameras, hydrants, each with its point.
pub static FACILITIES: Kind = Kind {
    name: "facilities",
    one: "facility",
    sheet: "设施信息",
    key: "number",
    by_name: false,
    fields: &[
        main("number", "设施编号", &["设施编码"], Ty::Text(40)),
        main("name", "名称", &["设施名称"], Ty::Text(100)),
        main("facility_kind", "设施类型", &["类型"], Ty::Code(&codes::FACILITY_KIND)),
        GRID,
        shown("address", "位置", &["地址"], Ty::Text(200)),
        Field { required: true, ..LON },
        Field { required: true, ..LAT },
        shown("state", "状态", &["使用状态"], Ty::Code(&codes::FACILITY_STATE)),
        shown("keeper", "管护人", &["责任人"], Ty::Text(50)),
        f("keeper_phone", "管护人电话", &[], Ty::Phone),
    ],
    restricted: false,
    counted: Some("facilities"),
    check: no_check,
};

/// Organisations (实有单位): enterprises, shops, schools, clinics, social organisations, village
/// committees. Matched by credit code, or by name in the grid for those without one.
pub static ORGANISATIONS: Kind = Kind {
    name: "organisations",
    one: "organisation",
    sheet: "组织信息",
    key: "credit_code",
    by_name: true,
    fields: &[
        main("name", "名称", &["单位名称", "组织名称", "企业名称"], Ty::Text(100)),
        shown("credit_code", "统一社会信用代码", &["信用代码", "社会信用代码"], Ty::CreditCode),
        main("org_type", "组织类型", &["单位类型", "类型"], Ty::Code(&codes::ORG_TYPE)),
        shown("legal_rep", "法定代表人", &["法人", "法人代表", "负责人"], Ty::Text(50)),
        GRID,
        shown("address", "地址", &["详细地址", "经营地址", "住所"], Ty::Text(200)),
        LON,
        LAT,
        f("contact", "联系人", &[], Ty::Text(50)),
        shown("phone", "联系电话", &["电话", "手机号"], Ty::Phone),
        shown("employees", "从业人数", &["员工人数", "职工人数"], Ty::Count),
        shown("hazardous", "涉危化品", &["是否涉及危险化学品", "危化品"], Ty::Flag),
        f("safety_officer", "安全负责人", &["安全员"], Ty::Text(50)),
    ],
    restricted: false,
    counted: Some("organisations"),
    check: |kind, values| {
        // An enterprise that handles hazardous chemicals names the one who answers for them.
        let at = |key| kind.position(key).map(|i| &values[i]);
        if at("hazardous") == Some(&Value::Int(1)) && at("safety_officer") == Some(&Value::Empty) {
            return vec![FieldError::new("safety_officer", "error.safety_officer")];
        }
        Vec::new()
    },
};

/// Households (户); their members are people, by 户号 and 与户主关系.
pub static HOUSEHOLDS: Kind = Kind {
    name: "households",
    one: "household",
    sheet: "户信息",
    key: "number",
    by_name: false,
    fields: &[
        main("number", "户号", &[], Ty::Text(40)),
        GRID,
        shown("address", "住址", &["地址", "现住址"], Ty::Text(200)),
    ],
    restricted: false,
    counted: Some("households"),
    check: no_check,
};

/// A floating person's details (流动人口).
pub static FLOATING: Kind = Kind {
    name: "floating",
    one: "floating",
    sheet: "流动人口信息",
    key: "person",
    by_name: false,
    fields: &[
        PERSON,
        main("reason", "流入原因", &[], Ty::Code(&codes::FLOATING_REASON)),
        shown("permit_type", "证件类型", &["居住证件类型"], Ty::Code(&codes::PERMIT_TYPE)),
        f("permit_number", "证件号码", &["居住证号码"], Ty::Secret),
        shown("registered_on", "登记日期", &[], Ty::Date),
        shown("expires_on", "证件有效期至", &["有效期至", "证件到期日期"], Ty::Date),
        shown("dwelling", "住所类型", &["居住处所"], Ty::Code(&codes::DWELLING)),
    ],
    restricted: false,
    counted: None,
    check: |kind, values| dates_in_order(kind, values, "registered_on", "expires_on"),
};

/// A left-behind person's details (留守人员).
pub static LEFT_BEHIND: Kind = Kind {
    name: "left_behind",
    one: "left_behind",
    sheet: "留守人员信息",
    key: "person",
    by_name: false,
    fields: &[
        PERSON,
        main("left_type", "留守人员类型", &["类型"], Ty::Code(&codes::LEFT_BEHIND_TYPE)),
        shown("health", "健康状况", &[], Ty::Code(&codes::HEALTH)),
        shown("contact", "主要家庭成员", &["家庭主要成员姓名"], Ty::Text(50)),
        f("contact_relation", "与留守人员关系", &["关系"], Ty::Text(20)),
        shown("contact_phone", "主要家庭成员电话", &["家庭成员联系电话"], Ty::Phone),
        f("contact_address", "主要家庭成员工作地址", &["工作地址"], Ty::Text(200)),
    ],
    restricted: false,
    counted: None,
    check: no_check,
};

/// People released from prison (刑满释放人员).
pub static RELEASED: Kind = Kind {
    name: "released",
    one: "released",
    sheet: "刑满释放人员",
    key: "person",
    by_name: false,
    fields: &[
        PERSON,
        main("crime", "原罪名", &["罪名"], Ty::Text(100)),
        f("sentence", "原判刑期", &[], Ty::Text(50)),
        f("prison", "服刑场所", &[], Ty::Text(100)),
        main("released_on", "释放日期", &[], Ty::Date),
        shown("handover", "衔接情况", &[], Ty::Code(&codes::HANDOVER)),
        shown("placement", "安置情况", &[], Ty::Code(&codes::PLACEMENT)),
        shown("risk", "危险性评估", &["风险等级"], Ty::Code(&codes::RISK)),
    ],
    restricted: true,
    counted: None,
    check: no_check,
};

/// People under community correction (社区矫正对象).
pub static CORRECTION: Kind = Kind {
    name: "correction",
    one: "correction",
    sheet: "社区矫正对象",
    key: "person",
    by_name: false,
    fields: &[
        PERSON,
        main("correction_type", "矫正类别", &[], Ty::Code(&codes::CORRECTION_TYPE)),
        f("crime", "罪名", &["原罪名"], Ty::Text(100)),
        main("starts_on", "矫正起始日期", &["矫正开始日期"], Ty::Date),
        shown("ends_on", "矫正解除日期", &["矫正结束日期"], Ty::Date),
        f("team", "矫正小组", &["矫正小组成员"], Ty::Text(200)),
    ],
    restricted: true,
    counted: None,
    check: |kind, values| dates_in_order(kind, values, "starts_on", "ends_on"),
};

/// People with serious mental disorders (严重精神障碍患者).
pub static MENTAL: Kind = Kind {
    name: "mental",
    one: "mental",
    sheet: "严重精神障碍患者",
    key: "person",
    by_name: false,
    fields: &[
        PERSON,
        main("diagnosis", "诊断", &["诊断类型"], Ty::Text(100)),
        main("mental_risk", "危险性评估等级", &["危险性等级"], Ty::Code(&codes::MENTAL_RISK)),
        shown("treatment", "治疗情况", &[], Ty::Code(&codes::TREATMENT)),
        shown("guardian", "监护人", &["监护人姓名"], Ty::Text(50)),
        f("guardian_phone", "监护人电话", &["监护人联系电话"], Ty::Phone),
        f("control", "管控情况", &[], Ty::Text(200)),
    ],
    restricted: true,
    counted: None,
    check: no_check,
};

/// Drug users (吸毒人员).
pub static DRUG: Kind = Kind {
    name: "drug",
    one: "drug",
    sheet: "吸毒人员",
    key: "person",
    by_name: false,
    fields: &[
        PERSON,
        main("found_on", "查获日期", &["初次发现日期"], Ty::Date),
        main("drug_control", "管控情况", &[], Ty::Code(&codes::DRUG_CONTROL)),
        shown("helper", "帮扶人", &["帮扶责任人"], Ty::Text(50)),
    ],
    restricted: true,
    counted: None,
    check: no_check,
};

/// Youth at risk (重点青少年).
pub static YOUTH: Kind = Kind {
    name: "youth",
    one: "youth",
    sheet: "重点青少年",
    key: "person",
    by_name: false,
    fields: &[
        PERSON,
        main("youth_type", "人员类型", &["类型"], Ty::Code(&codes::YOUTH_TYPE)),
        shown("guardian", "监护人", &["监护人姓名"], Ty::Text(50)),
        f("guardian_phone", "监护人电话", &["监护人联系电话"], Ty::Phone),
        f("help", "帮扶情况", &[], Ty::Text(200)),
        shown("risk", "危险性评估", &["风险等级"], Ty::Code(&codes::RISK)),
    ],
    restricted: true,
    counted: None,
    check: no_check,
};

/// Every kind, in the order menus and the import page offer them.
pub static ALL: &[&Kind] = &[
    &HOUSEHOLDS,
    &PLACES,
    &FACILITIES,
    &ORGANISATIONS,
    &FLOATING,
    &LEFT_BEHIND,
    &RELEASED,
    &CORRECTION,
    &MENTAL,
    &DRUG,
    &YOUTH,
];

/// The kind of a path segment.
pub fn by_name(name: &str) -> Option<&'static Kind> {
    ALL.iter().copied().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_its_own_header_and_names_its_key() {
        for kind in ALL {
            let columns = crate::registry::services::columns::of_kind(kind);
            let header: Vec<String> = columns.iter().map(|c| c.heading.to_string()).collect();
            assert!(
                crate::registry::services::columns::Layout::read_for(columns, &header).is_ok(),
                "{}",
                kind.name
            );
            assert!(kind.field(kind.key).is_some(), "{} has its key", kind.name);
            assert_eq!(by_name(kind.name).map(|k| k.one), Some(kind.one));
        }
    }
}

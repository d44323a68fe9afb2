//! A person of the registry (实有人口) as entered: a form, an API body or a row of a sheet, read
//! once into checked values. Sex and birth date come from the ID number; when they were entered
//! too, they must agree with it.

use crate::platform::id_number::IdNumber;
use crate::platform::input::{FieldError, optional_text, required_text};
use crate::registry::domain::codes::{self, CodeList};
use serde::Deserialize;

/// A person as entered, every value text. `Debug` leaves the ID number and phone out.
#[derive(Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PersonInput {
    /// 姓名.
    pub name: String,
    /// 曾用名.
    pub former_name: String,
    /// 公民身份号码: 18 characters, or an old 15-digit number.
    pub id_number: String,
    /// 性别, if entered: 男/女 or 1/2; checked against the ID number.
    pub sex: String,
    /// 出生日期, if entered (YYYY-MM-DD); checked against the ID number.
    pub birth_date: String,
    /// 民族, code or name (GB/T 3304).
    pub ethnicity: String,
    /// 婚姻状况 (GB/T 2261.2).
    pub marital: String,
    /// 学历 (GB/T 4658).
    pub education: String,
    /// 政治面貌 (GB/T 4762).
    pub political: String,
    /// 职业.
    pub occupation: String,
    /// 服务处所 (workplace).
    pub workplace: String,
    /// 联系电话.
    pub phone: String,
    /// 户籍地址.
    pub registered_address: String,
    /// 网格编码: the grid of the actual residence (15 digits).
    pub grid: String,
    /// 现住址.
    pub address: String,
    /// 户号, if the person belongs to a household.
    pub household: String,
    /// 房屋编号: the place of the registry they live in (a rental house's tenant), if any.
    pub place: String,
    /// 与户主关系 (GB/T 4761), with a household.
    pub relation: String,
    /// 人员类型: 户籍 (resident) or 流动 (floating).
    pub kind: String,
}

/// A person checked, ready for the store (the grid and household still by their codes).
/// `Debug` shows the ID number masked and leaves the phone out.
#[derive(Clone, PartialEq)]
pub struct NewPerson {
    /// The name.
    pub name: String,
    /// The former name.
    pub former_name: String,
    /// The ID number.
    pub id_number: IdNumber,
    /// `1` or `2`.
    pub sex: &'static str,
    /// From the ID number.
    pub birth_date: chrono::NaiveDate,
    /// Codes, or empty.
    pub ethnicity: String,
    /// Code, or empty.
    pub marital: String,
    /// Code, or empty.
    pub education: String,
    /// Code, or empty.
    pub political: String,
    /// Free text.
    pub occupation: String,
    /// Free text.
    pub workplace: String,
    /// The phone, or empty.
    pub phone: String,
    /// 户籍地址.
    pub registered_address: String,
    /// The grid's code.
    pub grid: String,
    /// 现住址.
    pub address: String,
    /// 户号, or empty.
    pub household: String,
    /// 房屋编号, or empty.
    pub place: String,
    /// Code, or empty.
    pub relation: String,
    /// `resident` or `floating`.
    pub kind: &'static str,
}

impl NewPerson {
    /// Whether registered and actual residence agree (人户一致): a resident whose 户籍地址 is
    /// where they live, or not given.
    pub fn residence_agrees(&self) -> bool {
        self.kind == "resident"
            && (self.registered_address.is_empty() || self.registered_address == self.address)
    }
}

impl std::fmt::Debug for PersonInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonInput")
            .field("grid", &self.grid)
            .field("household", &self.household)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for NewPerson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewPerson")
            .field("id_number", &self.id_number)
            .field("grid", &self.grid)
            .finish_non_exhaustive()
    }
}

fn code(list: &CodeList, value: &str) -> Result<String, FieldError> {
    if value.trim().is_empty() {
        return Ok(String::new());
    }
    list.code_of(value)
        .map(str::to_string)
        .ok_or_else(|| FieldError::new(list.name, "error.code_list").arg("value", value.trim()))
}

/// A birth date as people write it (`1985-03-12`, `1985/3/12`, `19850312`, `1985.03.12`), or as
/// an Excel date cell reads (`1985-03-12 00:00:00`).
fn birth_day(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    let day = text.split_once(' ').map_or(text, |(d, _)| d);
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(day, f).ok())
}

/// Reads what was entered, every field's error at once.
pub fn parse(input: &PersonInput) -> Result<NewPerson, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut take = |r: Result<String, FieldError>| {
        r.unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        })
    };
    let name = take(required_text("name", &input.name, 50));
    let former_name = take(optional_text("former_name", &input.former_name, 50));
    let ethnicity = take(code(&codes::ETHNICITY, &input.ethnicity));
    let marital = take(code(&codes::MARITAL, &input.marital));
    let education = take(code(&codes::EDUCATION, &input.education));
    let political = take(code(&codes::POLITICAL, &input.political));
    let relation = take(code(&codes::RELATION, &input.relation));
    let occupation = take(optional_text("occupation", &input.occupation, 100));
    let workplace = take(optional_text("workplace", &input.workplace, 200));
    let registered_address =
        take(optional_text("registered_address", &input.registered_address, 200));
    let address = take(optional_text("address", &input.address, 200));
    let household = take(optional_text("household", &input.household, 30));
    let place = take(optional_text("place", &input.place, 40));
    let grid = take(required_text("grid", &input.grid, 15));
    let phone = if input.phone.trim().is_empty() {
        String::new()
    } else {
        take(crate::platform::phone::parse("phone", &input.phone))
    };
    let kind = match input.kind.trim() {
        "" | "户籍" | "户籍人口" | "resident" => "resident",
        "流动" | "流动人口" | "floating" => "floating",
        _ => {
            errors.push(FieldError::new("kind", "error.choice"));
            "resident"
        }
    };
    if !household.is_empty() && relation.is_empty() && !errors.iter().any(|e| e.field == "relation")
    {
        errors.push(FieldError::new("relation", "error.required"));
    }
    let id_number = match IdNumber::parse_any("id_number", &input.id_number) {
        Ok(id) => Some(id),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let mut birth = None;
    if let Some(id) = &id_number {
        birth = id.birth_date();
        let sex = match input.sex.trim() {
            "" => None,
            "男" | "1" | "male" => Some("1"),
            "女" | "2" | "female" => Some("2"),
            _ => {
                errors.push(FieldError::new("sex", "error.choice"));
                None
            }
        };
        if sex.is_some_and(|s| s != id.sex()) {
            errors.push(FieldError::new("sex", "error.sex_not_id"));
        }
        if !input.birth_date.trim().is_empty() {
            match birth_day(&input.birth_date) {
                Some(day) if Some(day) != birth => {
                    errors.push(FieldError::new("birth_date", "error.birth_not_id"))
                }
                Some(_) => {}
                None => errors.push(FieldError::new("birth_date", "error.birth_date")),
            }
        }
    }
    match (id_number, birth) {
        (Some(id_number), Some(birth_date)) if errors.is_empty() => Ok(NewPerson {
            name,
            former_name,
            sex: id_number.sex(),
            id_number,
            birth_date,
            ethnicity,
            marital,
            education,
            political,
            occupation,
            workplace,
            phone,
            registered_address,
            grid,
            address,
            household,
            place,
            relation,
            kind,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PersonInput {
        PersonInput {
            name: "李小孬".into(),
            id_number: "11010519491231002X".into(),
            sex: "女".into(),
            birth_date: "1949-12-31".into(),
            ethnicity: "汉族".into(),
            phone: "138 1234 5678".into(),
            grid: "410882100201001".into(),
            household: "H001".into(),
            relation: "户主".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_person_is_read_and_checked_against_the_id_number() {
        let p = parse(&input()).unwrap();
        assert_eq!((p.sex, p.ethnicity.as_str(), p.relation.as_str()), ("2", "01", "02"));
        assert_eq!(p.phone, "13812345678");
        assert!(p.residence_agrees());
        let errors = parse(&PersonInput { sex: "男".into(), ..input() }).unwrap_err();
        assert_eq!(errors[0].key, "error.sex_not_id");
        let errors =
            parse(&PersonInput { birth_date: "1950-01-01".into(), ..input() }).unwrap_err();
        assert_eq!(errors[0].field, "birth_date");
        let errors = parse(&PersonInput {
            id_number: "110105194912310021".into(),
            ethnicity: "火星族".into(),
            relation: String::new(),
            ..input()
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["ethnicity", "relation", "id_number"], "every error at once");
    }
}

//! The demo zone's key projects (`key_projects.csv`): the source's, with its figures and
//! progress as of 25 October 2015, and the others that make its 9 provincial and 27 municipal
//! key projects, each with the days of its gates.

/// A key project of the demo: what the source says of it, and the days of its gates.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Key {
    /// Name.
    pub name: String,
    /// Provincial (1) or municipal (0).
    pub provincial: u8,
    /// GB/T 4754 division, with its letter.
    pub industry: String,
    /// The owner, an organisation the registry's demo holds; empty if none.
    pub owner: String,
    /// Its township.
    pub township: String,
    /// Total investment, 万元.
    pub total_wan: i64,
    /// Construction content and scale.
    pub content: String,
    /// Signed.
    pub signed: String,
    /// Start planned.
    pub start_planned: String,
    /// Started, if it did.
    pub start_actual: Option<String>,
    /// Completion planned.
    pub complete_planned: String,
    /// Completed, if it was.
    pub complete_actual: Option<String>,
    /// In production, if it is.
    pub production: Option<String>,
}

/// The 36 key projects: 9 provincial, then 27 municipal.
pub fn keys() -> Vec<Key> {
    csv::Reader::from_reader(include_str!("key_projects.csv").as_bytes())
        .deserialize()
        .map(|r| r.expect("key_projects.csv is well-formed"))
        .collect()
}

/// The progress report the source printed for 焦矿机器 on 23 October (形象进度).
pub const JIAOKUANG_PROGRESS: &str =
    "重型机械工房已基本建成，金属结构件工房正在进行钢结构骨架、钢梁安装及场地平整";

/// The responsible leaders, a project each in turn (the zone's leaders in charge).
pub const LEADERS: [&str; 5] = ["张志强", "王海燕", "李建国", "刘卫东", "陈振华"];

#[cfg(test)]
mod tests {
    #[test]
    fn nine_provincial_and_twenty_seven_municipal() {
        let keys = super::keys();
        assert_eq!(keys.iter().filter(|k| k.provincial == 1).count(), 9);
        assert_eq!(keys.iter().filter(|k| k.provincial == 0).count(), 27);
        for k in &keys {
            assert!(crate::platform::industry::find(&k.industry).is_some(), "{}", k.industry);
            assert!(k.start_actual.as_ref().is_none_or(|s| *s > k.signed), "{}", k.name);
        }
    }
}

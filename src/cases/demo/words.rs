//! The demo's words: which categories come up how often, and the titles, descriptions and
//! feedback grid staff would write for them.

use crate::platform::demo::Seq;

/// Dispute categories and their weights (how often each comes up).
pub(super) const DISPUTE_MIX: [(&str, u64); 8] = [
    ("D02", 30),
    ("D01", 20),
    ("D03", 15),
    ("D04", 12),
    ("D05", 10),
    ("D06", 5),
    ("D07", 4),
    ("D99", 4),
];
/// Incident categories and their weights.
pub(super) const INCIDENT_MIX: [(&str, u64); 16] = [
    ("I0301", 18),
    ("I0601", 12),
    ("I0102", 10),
    ("I0201", 9),
    ("I0202", 8),
    ("I0101", 7),
    ("I0602", 6),
    ("I0302", 5),
    ("I0103", 5),
    ("I0401", 4),
    ("I0402", 3),
    ("I0501", 4),
    ("I0502", 2),
    ("I0702", 3),
    ("I0701", 1),
    ("I9901", 3),
];

/// The demo's draws from its one deterministic sequence.
impl Seq {
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub(super) fn weighted<'a>(&mut self, mix: &[(&'a str, u64)]) -> &'a str {
        let total: u64 = mix.iter().map(|m| m.1).sum();
        let mut roll = self.below(total);
        for (code, w) in mix {
            if roll < *w {
                return code;
            }
            roll -= w;
        }
        mix[0].0
    }
}

/// A title and a description in the words grid staff use.
pub(super) fn story(
    code: &str,
    category: &str,
    a: &str,
    b: &str,
    place: &str,
    special: bool,
) -> (String, String) {
    if special {
        return (
            "宁郭村宅基地边界纠纷".into(),
            format!(
                "{a}与{b}两户因宅基地边界发生争执，双方各执一词。村委会主任、网格调解员到场调解。"
            ),
        );
    }
    let description = match code {
        "D01" => format!("{a}与{b}因宅基地界址发生争议，涉及院墙走向。"),
        "D02" => format!("{a}与{b}因排水、堆放杂物等生活琐事发生邻里矛盾。"),
        "D03" => format!("{a}家中因老人赡养问题与{b}发生家庭纠纷。"),
        "D04" => format!("{a}与{b}因承包地边界及流转费用发生争议。"),
        "D05" => format!("{a}等务工人员反映{b}拖欠工资。"),
        "D06" => format!("{a}对征地补偿标准有异议，与{b}协商未果。"),
        "D07" => format!("{a}与物业负责人{b}因物业服务收费发生争议。"),
        "D99" => format!("{a}与{b}发生纠纷，请求调解。"),
        _ => format!("{place}发现：{category}。"),
    };
    (format!("{place}{category}"), description)
}

pub(super) fn feedback_note(fate: &str, dispute: bool, special: bool) -> &'static str {
    match (fate, dispute, special) {
        (_, _, true) => "经调解，双方各让一步，当场划定边界，签订调解协议，用时不到半小时。",
        ("resolved", true, _) => "经网格调解员调解，双方达成协议并已履行。",
        ("resolved", false, _) => "已处置完毕，现场恢复正常。",
        ("referred", _, _) => "调解不成，已告知当事人通过诉讼或仲裁途径解决。",
        _ => "经核实，不属于本单位职责，已告知相关部门。",
    }
}

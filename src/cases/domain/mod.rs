//! A case (事件 / 矛盾纠纷) and its workflow: report → register (立案) → dispatch (派遣) →
//! handle or mediate (处置 / 调解) → feedback → verify (核查) → close (结案) → follow-up (回访),
//! with refusal, objection, escalation (上报), rework (返工), deferral, merging and reopening.

pub mod case;
pub mod category;
pub mod event;
pub mod new_case;
pub mod rates;
pub mod source;
pub mod workflow;

use serde::{Deserialize, Serialize};

/// What kind of case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum CaseKind {
    /// An incident or a broken urban component (事件、部件).
    Incident,
    /// A dispute between people (矛盾纠纷), settled by mediation.
    Dispute,
}

impl CaseKind {
    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum CaseState {
    /// Reported, waiting to be registered or refused (待立案).
    Reported,
    /// Registered (已立案), waiting to be dispatched.
    Registered,
    /// Refused registration (不予立案), with a reason.
    Refused,
    /// Dispatched to a unit or department (已派遣), waiting to be accepted.
    Dispatched,
    /// Being handled or mediated (处置中 / 调解中).
    Handling,
    /// Handled, with feedback, waiting to be verified (待核查).
    Handled,
    /// Suspended (缓办): the clock stands still until handling resumes.
    Suspended,
    /// Closed with an outcome (已结案).
    Closed,
}

impl CaseState {
    /// Every state, in workflow order.
    pub const ALL: [CaseState; 8] = [
        CaseState::Reported,
        CaseState::Registered,
        CaseState::Refused,
        CaseState::Dispatched,
        CaseState::Handling,
        CaseState::Handled,
        CaseState::Suspended,
        CaseState::Closed,
    ];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The states in which work is open, in workflow order: the queue, `state=open`.
    pub fn open() -> Vec<CaseState> {
        CaseState::ALL.into_iter().filter(|s| s.is_open()).collect()
    }

    /// Whether work on the case is still open (a clock runs).
    pub fn is_open(self) -> bool {
        !matches!(self, CaseState::Refused | CaseState::Closed)
    }

    /// The step whose time limit runs in this state.
    pub fn step(self) -> Option<Step> {
        match self {
            CaseState::Reported => Some(Step::Register),
            CaseState::Registered => Some(Step::Dispatch),
            CaseState::Dispatched | CaseState::Handling => Some(Step::Handle),
            CaseState::Handled => Some(Step::Verify),
            CaseState::Suspended | CaseState::Refused | CaseState::Closed => None,
        }
    }
}

/// A timed step of the workflow; each category sets a limit for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// From report to registration or refusal.
    Register,
    /// From registration to dispatch.
    Dispatch,
    /// From dispatch to feedback: handling or mediation.
    Handle,
    /// From feedback to verification.
    Verify,
}

/// How a closed case ended. Only `Resolved` counts as resolved (化解); "closed" never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Outcome {
    /// Settled: the problem fixed, the dispute mediated (化解).
    Resolved,
    /// Referred to litigation or arbitration (引导诉讼、仲裁).
    Referred,
    /// Not our responsibility (非职责范围).
    NotOurs,
    /// A duplicate of another case (重复, 并单).
    Duplicate,
    /// Withdrawn by the reporter (撤回).
    Withdrawn,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 5] = [
        Outcome::Resolved,
        Outcome::Referred,
        Outcome::NotOurs,
        Outcome::Duplicate,
        Outcome::Withdrawn,
    ];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether rates leave the case out of their denominators: a duplicate or withdrawn case
    /// was never a separate problem to solve.
    pub fn is_excluded(self) -> bool {
        matches!(self, Outcome::Duplicate | Outcome::Withdrawn)
    }
}

/// Something done to a case. Each is allowed from some states only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// 立案.
    Register,
    /// 不予立案 (needs a reason).
    Refuse,
    /// 派遣 to a unit or department; again to reassign.
    Dispatch,
    /// The assignee objects (退回) and the dispatcher must reassign.
    Object,
    /// The assignee accepts and starts handling (签收).
    Accept,
    /// 上报: the level cannot settle it; it goes to the level above.
    Escalate,
    /// 反馈: handled, with a proposed outcome.
    Feedback,
    /// 核查通过: closes the case with the proposed outcome.
    Verify,
    /// 核查不通过: back to handling (返工).
    Rework,
    /// 延期: an approved deferral extends the current step's deadline.
    Defer,
    /// 缓办: an approved suspension stops the clock; what time was left is kept.
    Suspend,
    /// 恢复办理: the clock runs again with the time that was left.
    Resume,
    /// 撤回: the reporter withdraws.
    Withdraw,
    /// 并单: closes a case as a duplicate of another.
    Merge,
    /// 回访: a follow-up visit records the reporter's satisfaction.
    FollowUp,
    /// 重新办理: a reporter or a follow-up reopens a closed or refused case.
    Reopen,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 16] = [
        Action::Register,
        Action::Refuse,
        Action::Dispatch,
        Action::Object,
        Action::Accept,
        Action::Escalate,
        Action::Feedback,
        Action::Verify,
        Action::Rework,
        Action::Defer,
        Action::Suspend,
        Action::Resume,
        Action::Withdraw,
        Action::Merge,
        Action::FollowUp,
        Action::Reopen,
    ];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The state the action leads to from `from`, or `None` where it is not allowed.
    pub fn next(self, from: CaseState) -> Option<CaseState> {
        use CaseState::*;
        match (self, from) {
            (Action::Register, Reported) => Some(Registered),
            (Action::Refuse, Reported) => Some(Refused),
            (Action::Dispatch, Registered | Dispatched) => Some(Dispatched),
            (Action::Object, Dispatched) => Some(Registered),
            (Action::Accept, Dispatched) => Some(Handling),
            (Action::Escalate, Reported | Registered | Dispatched | Handling | Suspended) => {
                Some(Reported)
            }
            (Action::Feedback, Handling) => Some(Handled),
            (Action::Verify, Handled) => Some(Closed),
            (Action::Rework, Handled) => Some(Handling),
            (Action::Defer, Dispatched | Handling) => Some(from),
            (Action::Suspend, Dispatched | Handling) => Some(Suspended),
            (Action::Resume, Suspended) => Some(Handling),
            (Action::Withdraw, s) if s.is_open() => Some(Closed),
            (Action::Merge, Reported | Registered) => Some(Closed),
            (Action::FollowUp, Closed) => Some(Closed),
            (Action::Reopen, Closed | Refused) => Some(Registered),
            _ => None,
        }
    }

    /// The actions allowed from a state, for the 409 answer and the buttons on a page.
    pub fn allowed_from(state: CaseState) -> Vec<Action> {
        Action::ALL.into_iter().filter(|a| a.next(state).is_some()).collect()
    }
}

/// The message keys made from names: every state, action, outcome and party's side.
pub fn message_keys() -> Vec<String> {
    let mut keys: Vec<String> =
        CaseState::ALL.iter().map(|s| format!("state.{}", s.as_str())).collect();
    keys.extend(Action::ALL.iter().map(|a| format!("action.case.{}", a.as_str())));
    keys.extend(Outcome::ALL.iter().map(|o| format!("outcome.{}", o.as_str())));
    keys.extend(["applicant", "respondent", "other"].iter().map(|p| format!("party.{p}")));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_of_a_mediated_dispute() {
        let mut state = CaseState::Reported;
        for action in [
            Action::Register,
            Action::Dispatch,
            Action::Accept,
            Action::Feedback,
            Action::Verify,
            Action::FollowUp,
        ] {
            state = action.next(state).unwrap_or_else(|| panic!("{action:?} from {state:?}"));
        }
        assert_eq!(state, CaseState::Closed);
    }

    #[test]
    fn rework_objection_escalation_and_reopening() {
        assert_eq!(Action::Rework.next(CaseState::Handled), Some(CaseState::Handling));
        assert_eq!(Action::Object.next(CaseState::Dispatched), Some(CaseState::Registered));
        assert_eq!(Action::Escalate.next(CaseState::Handling), Some(CaseState::Reported));
        assert_eq!(Action::Reopen.next(CaseState::Closed), Some(CaseState::Registered));
        assert_eq!(Action::Defer.next(CaseState::Handling), Some(CaseState::Handling));
        assert_eq!(Action::Withdraw.next(CaseState::Handled), Some(CaseState::Closed));
        assert_eq!(Action::Withdraw.next(CaseState::Closed), None);
        assert_eq!(Action::Suspend.next(CaseState::Handling), Some(CaseState::Suspended));
        assert_eq!(Action::Resume.next(CaseState::Suspended), Some(CaseState::Handling));
        assert_eq!(Action::Resume.next(CaseState::Handling), None);
    }

    #[test]
    fn illegal_moves_are_refused_and_the_allowed_ones_named() {
        assert_eq!(Action::Verify.next(CaseState::Reported), None);
        assert_eq!(Action::Feedback.next(CaseState::Dispatched), None);
        assert_eq!(
            Action::allowed_from(CaseState::Reported),
            [Action::Register, Action::Refuse, Action::Escalate, Action::Withdraw, Action::Merge]
        );
        assert_eq!(Action::allowed_from(CaseState::Closed), [Action::FollowUp, Action::Reopen]);
        for s in CaseState::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        for a in Action::ALL {
            assert_eq!(a.as_str().parse(), Ok(a));
        }
    }

    #[test]
    fn the_names_are_the_api_names_and_every_variant_is_listed() {
        use strum::IntoEnumIterator;
        let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
        assert!(
            CaseState::iter().eq(CaseState::ALL)
                && Outcome::iter().eq(Outcome::ALL)
                && Action::iter().eq(Action::ALL)
        );
        for s in CaseState::iter() {
            assert_eq!(json(serde_json::to_value(s).unwrap()), s.as_str());
            assert_eq!(s.to_string(), s.as_str());
        }
        for o in Outcome::iter() {
            assert_eq!(json(serde_json::to_value(o).unwrap()), o.as_str());
            assert_eq!(o.as_str().parse(), Ok(o));
        }
        for a in Action::iter() {
            assert_eq!(json(serde_json::to_value(a).unwrap()), a.as_str());
        }
        for k in CaseKind::iter() {
            assert_eq!(json(serde_json::to_value(k).unwrap()), k.as_str());
            assert_eq!(k.as_str().parse(), Ok(k));
        }
        assert_eq!(
            (Outcome::NotOurs.as_str(), Action::FollowUp.as_str()),
            ("not_ours", "follow_up")
        );
        assert!("Closed".parse::<CaseState>().is_err() && "".parse::<Action>().is_err());
    }

    #[test]
    fn only_resolved_counts_as_resolved_and_duplicates_are_left_out() {
        assert!(Outcome::Duplicate.is_excluded() && Outcome::Withdrawn.is_excluded());
        assert!(!Outcome::Referred.is_excluded() && !Outcome::Resolved.is_excluded());
    }
}

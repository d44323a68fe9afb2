//! The user's language: a `lang` cookie set by the switch, else the browser's Accept-Language,
//! else Chinese.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use std::borrow::Cow;
use std::convert::Infallible;

/// A language the interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The locale code of the translation files and of `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a cookie or path value.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a request's headers.
    pub fn of(parts: &Parts) -> Lang {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(lang) = jar.get("lang").and_then(|c| Lang::from_code(c.value())) {
            return lang;
        }
        let accept = parts.headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        // The first language the browser names decides; Chinese unless it is English.
        match accept.split(',').next().map(|l| l.trim().to_ascii_lowercase()) {
            Some(l) if l.starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// The text of a message key.
    pub fn t(self, key: &str) -> Cow<'static, str> {
        Cow::Owned(rust_i18n::t!(key, locale = self.code()).into_owned())
    }

    /// The text of a message key with `%{name}` placeholders filled.
    pub fn t_args(self, key: &str, args: &[(&str, String)]) -> String {
        let mut text = self.t(key).into_owned();
        for (name, value) in args {
            // A value written `@key` is itself a message ("@level.village" → "村/社区").
            let value = match value.strip_prefix('@') {
                Some(key) => self.t(key).into_owned(),
                None => value.clone(),
            };
            text = text.replace(&format!("%{{{name}}}"), &value);
        }
        text
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut req = axum::http::Request::builder();
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(()).unwrap().into_parts().0
    }

    #[test]
    fn cookie_then_browser_then_chinese() {
        assert_eq!(Lang::of(&parts(&[])), Lang::Zh);
        assert_eq!(Lang::of(&parts(&[("accept-language", "en-US,en;q=0.9")])), Lang::En);
        assert_eq!(Lang::of(&parts(&[("accept-language", "zh-CN,en;q=0.5")])), Lang::Zh);
        assert_eq!(Lang::of(&parts(&[("accept-language", "en"), ("cookie", "lang=zh-CN")])), Lang::Zh);
    }

    #[test]
    fn messages_exist_in_both_languages() {
        assert_eq!(Lang::Zh.t("nav.home"), "首页");
        assert_eq!(Lang::En.t("nav.home"), "Home");
        assert_eq!(Lang::En.t_args("error.too_long", &[("max", "64".into())]), "At most 64 characters.");
    }
}

#[cfg(test)]
mod coverage {
    use super::Lang;

    /// Every message a template or the code names by a literal key exists in both languages.
    #[test]
    fn every_named_message_is_translated() {
        let mut keys = Vec::new();
        let sources = ["templates", "src"];
        for dir in sources {
            let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir)];
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for marker in [".t(\"", "FieldError::new(\"", "\"error."] {
                    for part in text.split(marker).skip(1) {
                        let key = part.split('"').next().unwrap_or("");
                        let key = if marker == "\"error." { format!("error.{key}") } else { key.to_string() };
                        let looks_like_key = key.contains('.') && key.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
                        if looks_like_key && !key.ends_with('.') && !key.ends_with(".html") {
                            keys.push(key);
                        }
                    }
                }
            }
        }
        // Keys made from names: every state, action, role, level, outcome and audited action.
        use crate::domain::{case, role, unit};
        keys.extend(case::CaseState::ALL.iter().map(|s| format!("state.{}", s.as_str())));
        keys.extend(case::Action::ALL.iter().map(|a| format!("action.case.{}", a.as_str())));
        keys.extend(["report", "overdue", "photo"].iter().map(|a| format!("action.case.{a}")));
        keys.extend(case::Outcome::ALL.iter().map(|o| format!("outcome.{}", o.as_str())));
        keys.extend(role::Role::ALL.iter().map(|r| format!("role.{}", r.as_str())));
        keys.extend(role::GridRole::ALL.iter().map(|r| format!("grid_role.{}", r.as_str())));
        keys.extend(unit::Level::ALL.iter().map(|l| format!("level.{}", l.as_str())));
        keys.extend(["applicant", "respondent", "other"].iter().map(|p| format!("party.{p}")));
        let audited = [
            "unit.create",
            "unit.update",
            "unit.move",
            "user.create",
            "user.disable",
            "user.enable",
            "user.passwd",
            "auth.login",
            "auth.login_failed",
            "auth.logout",
            "token.create",
            "token.revoke",
            "demo.load",
            "case.report",
            "case.act",
            "case.photo",
            "case.reveal_id_numbers",
            "catalogue.publish",
            "mediation.session",
            "mediation.agreement",
            "mediation.performance",
            "open311.key_add",
            "open311.key_revoke",
            "calendar.set",
        ];
        keys.extend(audited.iter().map(|a| format!("action.{a}")));
        keys.sort();
        keys.dedup();
        assert!(keys.len() > 100, "found {} keys", keys.len());
        let missing: Vec<&String> = keys.iter().filter(|k| Lang::Zh.t(k) == k.as_str() || Lang::En.t(k) == k.as_str()).collect();
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }
}

//! The user's language: a `lang` cookie set by the switch, else the browser's Accept-Language,
//! else Chinese.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use std::borrow::Cow;
use std::convert::Infallible;

/// A language the interface speaks, named by its locale code (`zh-CN`, also read as `zh`; `en`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
pub enum Lang {
    /// 简体中文, the default.
    #[default]
    #[strum(to_string = "zh-CN", serialize = "zh")]
    Zh,
    /// English.
    #[strum(serialize = "en")]
    En,
}

impl Lang {
    /// The locale code of the translation files and of `<html lang>`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// Parses a cookie or path value.
    pub fn from_code(code: &str) -> Option<Lang> {
        code.parse().ok()
    }

    /// The language of a request's headers.
    pub fn of(parts: &Parts) -> Lang {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(lang) = jar.get("lang").and_then(|c| Lang::from_code(c.value())) {
            return lang;
        }
        let accept = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
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

/// The keys the platform makes from names rather than writes out: every role, grid role and level.
pub fn made_keys() -> Vec<String> {
    let mut keys: Vec<String> = crate::platform::access::role::Role::ALL
        .iter()
        .map(|r| format!("role.{}", r.as_str()))
        .collect();
    keys.extend(
        crate::platform::access::role::GridRole::ALL
            .iter()
            .map(|r| format!("grid_role.{}", r.as_str())),
    );
    keys.extend(
        crate::platform::hierarchy::unit::Level::ALL
            .iter()
            .map(|l| format!("level.{}", l.as_str())),
    );
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_by_their_locale_codes() {
        use strum::IntoEnumIterator;
        assert_eq!(Lang::iter().map(Lang::code).collect::<Vec<_>>(), ["zh-CN", "en"]);
        for lang in Lang::iter() {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("zh"), Some(Lang::Zh));
        assert_eq!((Lang::from_code("EN"), Lang::from_code("fr")), (None, None));
    }

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
        assert_eq!(
            Lang::of(&parts(&[("accept-language", "en"), ("cookie", "lang=zh-CN")])),
            Lang::Zh
        );
    }

    #[test]
    fn messages_exist_in_both_languages() {
        assert_eq!(Lang::Zh.t("nav.home"), "首页");
        assert_eq!(Lang::En.t("nav.home"), "Home");
        assert_eq!(
            Lang::En.t_args("error.too_long", &[("max", "64".into())]),
            "At most 64 characters."
        );
    }
}

//! Every message the code and the templates name exists in Chinese and in English, the keys each
//! capability makes from names (states, actions) and every audited action among them.

use zhili::platform::i18n::Lang;

/// Every message a template or the code names by a literal key exists in both languages.
#[test]
fn every_named_message_is_translated() {
    let mut keys = Vec::new();
    let sources = ["src"];
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
                    let key =
                        if marker == "\"error." { format!("error.{key}") } else { key.to_string() };
                    let looks_like_key = key.contains('.')
                        && key.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
                    if looks_like_key && !key.ends_with('.') && !key.ends_with(".html") {
                        keys.push(key);
                    }
                }
            }
        }
    }
    // Keys made from names: the platform's roles and levels, each capability's own, and
    // every audited action of them all.
    keys.extend(zhili::platform::i18n::made_keys());
    keys.extend(zhili::CAPABILITIES.iter().flat_map(|c| (c.message_keys)()));
    keys.extend(
        zhili::CAPABILITIES.iter().flat_map(|c| c.menu.iter().map(|m| m.label.to_string())),
    );
    keys.extend(
        zhili::platform::capability::audited_actions(zhili::CAPABILITIES)
            .iter()
            .map(|a| format!("action.{a}")),
    );
    keys.sort();
    keys.dedup();
    assert!(keys.len() > 100, "found {} keys", keys.len());
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| Lang::Zh.t(k) == k.as_str() || Lang::En.t(k) == k.as_str())
        .collect();
    assert!(missing.is_empty(), "untranslated: {missing:?}");
}

//! The build's check of `locales/*.json`: every locale has exactly English's
//! keys, and each string keeps English's `{{ placeholders }}`. Shared by
//! `build.rs` and its test (`tests/locale_check.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Key path → the placeholders its text uses (all plural forms together).
type Keys = BTreeMap<String, BTreeSet<String>>;

/// Checks every `*.json` in `dir` against `<dir>/en.json`; the error lists
/// each problem on its own line.
pub fn check_locales(dir: &Path) -> Result<Vec<String>, String> {
    let english = load(&dir.join("en.json"))?;
    let mut problems = Vec::new();
    let mut locales = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        locales.push(name.clone());
        if name == "en" {
            continue;
        }
        let keys = load(&path)?;
        for (key, wanted) in &english {
            match keys.get(key) {
                None => problems.push(format!("{name}.json lacks \"{key}\"")),
                Some(found) if found != wanted => problems.push(format!(
                    "{name}.json \"{key}\" has placeholders {found:?}, English has {wanted:?}"
                )),
                Some(_) => {}
            }
        }
        for key in keys.keys().filter(|k| !english.contains_key(*k)) {
            problems.push(format!("{name}.json has \"{key}\", which English lacks"));
        }
    }
    if problems.is_empty() {
        Ok(locales)
    } else {
        Err(problems.join("\n"))
    }
}

fn load(path: &Path) -> Result<Keys, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut keys = Keys::new();
    flatten("", &value, &mut keys);
    Ok(keys)
}

fn flatten(prefix: &str, value: &serde_json::Value, keys: &mut Keys) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, keys);
            }
        }
        other => {
            let mut found = BTreeSet::new();
            placeholders(other, &mut found);
            keys.insert(prefix.to_owned(), found);
        }
    }
}

/// `{{ name }}` in a string, or in every text of a plural list
/// (`["u64", ["text", "1"], ["text", "_"]]`).
fn placeholders(value: &serde_json::Value, found: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find("{{") {
                let Some(end) = rest[start..].find("}}") else {
                    break;
                };
                found.insert(rest[start + 2..start + end].trim().to_owned());
                rest = &rest[start + end + 2..];
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                if let serde_json::Value::Array(form) = item {
                    if let Some(text) = form.first() {
                        placeholders(text, found);
                    }
                }
            }
        }
        _ => {}
    }
}

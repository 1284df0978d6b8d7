//! The other languages' strings leave the WASM: each is written to a JSON
//! file the server sends (under a content hash, cached for good) and the
//! browser loads before it shows that language. English stays compiled in.
//!
//! leptos_i18n keeps every locale's strings in a constant array indexed at
//! compile time. For the browser build the generated module is rewritten so
//! that the arrays of the other locales are read at run time from
//! `crate::locale_strings`, which holds what was loaded; the server build
//! keeps the constants and serves the same arrays.

use leptos_i18n_parser::parse_locales::locale::BuildersKeys;
use leptos_i18n_parser::parse_locales::ParsedLocales;
use std::fmt::Write as _;
use std::path::Path;

/// Writes `strings_<code>.json` for every locale but the default and
/// `strings.rs`: each such locale's code, content hash and string count.
pub fn write(parsed: &ParsedLocales, default: &str, dir: &Path) {
    let BuildersKeys::Locales { locales, .. } = &parsed.builder_keys else {
        panic!("the locales use no namespaces");
    };
    let mut table = String::from(
        "/// Every locale whose strings load at run time: code, content hash, string count.\n\
         pub const LOADED: &[(&str, &str, usize)] = &[\n",
    );
    let mut files = String::new();
    for locale in locales.iter().filter(|l| &*l.name.name != default) {
        let strings: Vec<&str> = locale.strings.iter().map(|s| &**s).collect();
        let json = serde_json::to_string(&strings).expect("strings serialize");
        let code = &*locale.name.name;
        std::fs::write(dir.join(format!("strings_{code}.json")), &json).expect("write strings");
        let _ = writeln!(
            table,
            "    ({code:?}, {:?}, {}),",
            fnv1a(json.as_bytes()),
            strings.len()
        );
        let _ = writeln!(
            files,
            "        {code:?} => include_str!(concat!(env!(\"OUT_DIR\"), \"/i18n/strings_{code}.json\")),"
        );
    }
    table.push_str("];\n");
    let _ = write!(
        table,
        "\n/// A loaded locale's strings as JSON (the server sends them).\n\
         #[cfg(feature = \"ssr\")]\n\
         pub fn json(code: &str) -> Option<&'static str> {{\n    Some(match code {{\n{files}        _ => return None,\n    }})\n}}\n"
    );
    std::fs::write(dir.join("strings.rs"), table).expect("write strings.rs");
}

/// The browser build's module: the other locales' arrays come from
/// `crate::locale_strings::get`, and what indexed them at compile time
/// indexes them at run time. Panics if the generated code no longer has the
/// shape this relies on, so an upgrade of leptos_i18n cannot quietly ship
/// every language in the WASM again (or none).
pub fn load_at_run_time(code: String, parsed: &ParsedLocales, default: &str) -> String {
    let BuildersKeys::Locales { locales, .. } = &parsed.builder_keys else {
        panic!("the locales use no namespaces");
    };
    let mut code = code;
    for locale in locales.iter().filter(|l| &*l.name.name != default) {
        let name = &*locale.name.name;
        let n = locale.strings.len();
        let compiled = format!(
            "impl I18nKeys_{name} {{ pub const fn get_translations () -> & 'static [& 'static str ; {n}usize] {{ < Self as l_i18n_crate :: __private :: fetch_translations :: TranslationUnit > :: STRINGS }} }}"
        );
        let loaded = format!(
            "impl I18nKeys_{name} {{ pub fn get_translations () -> & 'static [& 'static str ; {n}usize] {{ crate :: locale_strings :: get :: < {n}usize > (Locale :: {name}) }} }}"
        );
        assert_eq!(
            code.matches(&compiled).count(),
            1,
            "the {name} strings accessor changed shape"
        );
        code = code.replacen(&compiled, &loaded, 1);
    }
    for (from, to) in [
        ("const I18N_TRANSLATIONS :", "let I18N_TRANSLATIONS :"),
        (
            "{ const S : & str = l_i18n_crate :: __private :: index_translations",
            "{ let S : & str = l_i18n_crate :: __private :: index_translations",
        ),
        ("pub const fn ", "pub fn "),
    ] {
        assert!(code.contains(from), "the generated module has no `{from}`");
        code = code.replace(from, to);
    }
    code.replacen(
        "pub mod i18n {",
        "pub mod i18n { #![allow(non_snake_case)]",
        1,
    )
}

/// A short content hash for the file name (FNV-1a, 64 bits).
fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

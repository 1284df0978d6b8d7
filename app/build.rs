//! Generates the `i18n` module from `locales/*.json` (what leptos_i18n's
//! build helper does, without its ICU data exporter and its network features).

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;
use std::path::{Path, PathBuf};

#[path = "build/locale_check.rs"]
mod locale_check;
#[path = "build/locale_strings.rs"]
mod locale_strings;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/locale_check.rs");
    println!("cargo::rerun-if-changed=build/locale_strings.rs");
    println!("cargo::rerun-if-changed=locales");
    // A locale that lacks a key, adds one or changes a placeholder fails the build.
    let locales = locale_check::check_locales(Path::new("locales"))
        .unwrap_or_else(|problems| panic!("the locales do not match English:\n{problems}"));
    let cfg = Config::new("en")
        .and_then(|c| c.add_locales(locales.iter().filter(|l| *l != "en")))
        .unwrap_or_else(|e| panic!("locale config: {e:?}"))
        .parse_options(ParseOptions::default().interpolate_display(true));
    let parsed =
        parse_locales(None, cfg).unwrap_or_else(|e| panic!("could not parse locales: {e:?}"));
    for path in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)
        .unwrap_or_else(|e| panic!("could not generate the i18n module: {e:?}"));
    // Counted strings use ranges (exact choices per language, no ICU data in
    // the WASM), which leptos_i18n 0.6 marks deprecated in favour of plurals.
    let code =
        code.to_string()
            .replacen("pub mod i18n {", "pub mod i18n { #![allow(deprecated)]", 1);
    let dir =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo")).join("i18n");
    std::fs::create_dir_all(&dir).expect("create i18n dir");
    locale_strings::write(&parsed, "en", &dir);
    // The browser build loads the other languages' strings when they are
    // chosen; the server (and any build with it) keeps them all.
    let browser_only = std::env::var_os("CARGO_FEATURE_HYDRATE").is_some()
        && std::env::var_os("CARGO_FEATURE_SSR").is_none();
    let code = if browser_only {
        locale_strings::load_at_run_time(code, &parsed, "en")
    } else {
        code
    };
    std::fs::write(dir.join("mod.rs"), code).expect("write i18n module");
}

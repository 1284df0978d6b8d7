//! Generates the `i18n` module from `locales/*.json` (what leptos_i18n's
//! build helper does, without its ICU data exporter and its network features).

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let cfg = Config::new("en")
        .unwrap_or_else(|e| panic!("locale config: {e:?}"))
        .parse_options(ParseOptions::default().interpolate_display(true));
    let parsed =
        parse_locales(None, cfg).unwrap_or_else(|e| panic!("could not parse locales: {e:?}"));
    for path in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)
        .unwrap_or_else(|e| panic!("could not generate the i18n module: {e:?}"));
    let dir =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo")).join("i18n");
    std::fs::create_dir_all(&dir).expect("create i18n dir");
    std::fs::write(dir.join("mod.rs"), code.to_string()).expect("write i18n module");
}

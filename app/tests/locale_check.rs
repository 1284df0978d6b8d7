//! The build fails when a locale drifts from English: `build.rs` runs this
//! check on `locales/`; here it runs on fixture locales.

#[path = "../build/locale_check.rs"]
mod locale_check;

use std::path::Path;

fn check(fixture: &str) -> Result<Vec<String>, String> {
    locale_check::check_locales(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture),
    )
}

#[test]
fn matching_locales_pass() {
    assert_eq!(check("locales_ok").unwrap(), ["en", "hi"]);
}

#[test]
fn a_missing_key_fails() {
    let err = check("locales_missing").unwrap_err();
    assert_eq!(err, "ta.json lacks \"nav.hello\"");
}

#[test]
fn a_key_english_lacks_fails() {
    let err = check("locales_extra").unwrap_err();
    assert_eq!(err, "bn.json has \"nav.bye\", which English lacks");
}

#[test]
fn a_changed_placeholder_fails() {
    let err = check("locales_placeholder").unwrap_err();
    assert!(
        err.starts_with("mr.json \"nav.hello\" has placeholders {\"naam\"}"),
        "{err}"
    );
}

#[test]
fn the_real_locales_are_the_six_languages() {
    let found = locale_check::check_locales(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
        .unwrap();
    assert_eq!(found, ["bn", "en", "hi", "mr", "ta", "te"]);
}

//! The WASM entry point.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets browser tests wait for interactivity instead of guessing.
    let _ = js_sys::Reflect::set(&js_sys::global(), &"__matcha_hydrated".into(), &true.into());
}

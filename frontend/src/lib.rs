//! The WASM entry point.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes: the page's chunk is fetched (preloaded by the HTML)
    // before its part of the page is hydrated, so hydration ends later.
    wasm_bindgen_futures::spawn_local(async {
        // A page served in another language than English needs its strings
        // (preloaded by the page) before it can hydrate.
        app::locale_strings::load_page_language().await;
        let body = leptos::prelude::document().body().expect("a body");
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Lets browser tests wait for interactivity instead of guessing, and
        // the web bench read when it happened (ms since navigation start).
        let global = js_sys::global();
        let now = web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now());
        if let Some(now) = now {
            let _ = js_sys::Reflect::set(&global, &"__matcha_hydrated_at".into(), &now.into());
        }
        let _ = js_sys::Reflect::set(&global, &"__matcha_hydrated".into(), &true.into());
    });
}

/// Room for wasm-split to lay out the constant data. wasm-split gives each
/// chunk the constants only it reads, packed by alignment; when that packing
/// comes out longer than the linker's `.rodata` (by as little as 73 bytes,
/// as on 2026-12-06) it gives up and puts every constant in the main module,
/// ≈ 60 KB of brotli on every first load. These bytes lengthen `.rodata`
/// without being read by any code, so no module ships them: they only leave
/// the packing its slack. (`#[used]` keeps them through the linker.)
#[used]
static WASM_SPLIT_DATA_SLACK: [u8; 4096] = [0xA5; 4096];

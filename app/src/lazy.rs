//! Pages whose code is downloaded when they are first opened.
//!
//! `lazy_pages! { Route => Page in chunk as loader; … }` (with `Page` in scope) makes each `Route` a [`LazyRoute`]
//! whose view is `<Page/>`, compiled into the WASM chunk `chunk` (pages
//! naming the same chunk share it; `cargo leptos build --split` cuts the
//! chunks). On the server the page renders at once and the chunk is named
//! to the response, so the HTML preloads it. In the browser the chunk is
//! fetched on the first visit; if that fails (the network dropped), the
//! page says so with a button that tries again instead of leaving a blank
//! or frozen page: the loader is `fallible`, and a failed load is not
//! remembered, so the next attempt starts afresh.
//!
//! [`LazyRoute`]: leptos_router::LazyRoute

#[cfg(feature = "hydrate")]
pub use browser::{load, SplitLoaderError};

// rustfmt does not settle on one layout for the attribute below.
#[rustfmt::skip]
macro_rules! lazy_pages {
    ($($route:ident => $page:ident in $chunk:ident as $loader:ident;)*) => { $(
        pub struct $route;

        // The split macro declares the chunk's import and export (FFI) and
        // its loader's static.
        #[cfg(feature = "hydrate")]
        #[allow(unsafe_code)]
        mod $loader {
            #[::leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                preload(preload),
                fallible
            )]
            pub fn $loader() -> Result<::leptos::prelude::AnyView, $crate::lazy::SplitLoaderError> {
                use super::$page;
                use ::leptos::prelude::*;
                Ok(view! { <$page/> }.into_any())
            }
        }

        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            // The router awaits this before hydrating or showing the page,
            // so the view below is ready at once. A failure is the view's
            // to show.
            #[cfg(feature = "hydrate")]
            async fn preload() {
                let _ = $loader::preload().await;
            }

            #[cfg(feature = "hydrate")]
            async fn view(_: Self) -> ::leptos::prelude::AnyView {
                $crate::lazy::load(|| Box::pin($loader::$loader())).await
            }

            #[cfg(not(feature = "hydrate"))]
            async fn view(_: Self) -> ::leptos::prelude::AnyView {
                use ::leptos::prelude::*;
                ::leptos::prefetch_lazy_fn_on_server(stringify!($chunk));
                view! { <$page/> }.into_any()
            }
        }
    )* };
}
pub(crate) use lazy_pages;

#[cfg(feature = "hydrate")]
mod browser {
    use crate::i18n::*;
    use leptos::prelude::*;
    pub use leptos::wasm_split::SplitLoaderError;

    /// A chunk's loader: the page's view once its code is there.
    pub type Loader = fn() -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<AnyView, SplitLoaderError>>>,
    >;

    /// The page, or the "could not be loaded" notice when its chunk failed.
    pub async fn load(loader: Loader) -> AnyView {
        match loader().await {
            Ok(page) => page,
            Err(_) => view! { <LoadFailed loader/> }.into_any(),
        }
    }

    /// Shown in place of a page whose code did not arrive; "Try again" fetches
    /// it again and shows the page once it is there.
    #[component]
    fn LoadFailed(loader: Loader) -> impl IntoView {
        let i18n = use_i18n();
        let attempt = RwSignal::new(0u32);
        let notice = move || {
            view! {
                <main class="mx-auto max-w-xl px-4 py-24 text-center" role="alert" data-testid="page-load-failed">
                    <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, page_load.failed_title)}</h1>
                    <p class="mt-3 text-slate-600">{t!(i18n, page_load.failed_body)}</p>
                    <button
                        type="button"
                        class=crate::components::BUTTON
                        class:mt-8=true
                        on:click=move |_| attempt.update(|n| *n += 1)
                    >
                        {t!(i18n, page_load.retry)}
                    </button>
                </main>
            }
            .into_any()
        };
        view! {
            <Suspense fallback=move || view! {
                <div class="mx-auto max-w-xl px-4 py-24">
                    <crate::components::Spinner label=t_string!(i18n, page_load.retrying).to_string()/>
                </div>
            }>
                {move || {
                    let attempt = attempt.get();
                    Suspend::new(send_wrapper::SendWrapper::new(async move {
                        if attempt == 0 {
                            return notice();
                        }
                        loader().await.unwrap_or_else(|_| notice())
                    }))
                }}
            </Suspense>
        }
    }
}

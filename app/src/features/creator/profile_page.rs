//! The creator's profile editor: completeness, profile fields and the
//! portfolio with image upload (previewed before sending).

use super::api::{my_profile, DeleteSample, ProfileWithSamples, SaveProfile};
use super::PortfolioItem;
use crate::components::{
    error_line, AppShell, CompletenessCard, CurrencySelect, FormAlert, FormValues,
    LanguageCheckboxes, NicheCheckboxes, Protected, Spinner, INPUT, LABEL,
};
use crate::error::AppError;
use crate::features::auth::messages::FormErrors;
use crate::features::auth::User;
use crate::i18n::*;
use domain::portfolio::PortfolioKind;
use domain::profile_input::{Platform, ProfileForm, SocialForm};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <Protected view=|user| view! { <ProfileEditor user/> }.into_any()/> }
}

#[component]
fn ProfileEditor(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let profile = Resource::new(|| (), |_| my_profile());
    // Kept here so the confirmation outlives the editor's re-render.
    let saved = RwSignal::new(false);
    view! {
        <Title text=move || t_string!(i18n, profile.title).to_string()/>
        <AppShell user=user>
            <h1 class="mb-6 text-2xl font-semibold tracking-tight">{t!(i18n, profile.title)}</h1>
            // A Transition keeps the page in place while it reloads after a change.
            <Transition fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || profile.get().map(|result| match result {
                    Ok(mine) => view! { <Editor mine=mine saved=saved reload=move || profile.refetch()/> }.into_any(),
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                })}
            </Transition>
        </AppShell>
    }
}

#[component]
fn Editor(
    mine: ProfileWithSamples,
    saved: RwSignal<bool>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = mine.profile.clone();
    let save = ServerAction::<SaveProfile>::new();
    let errors = FormErrors::new(
        i18n,
        Signal::derive(move || save.value().get().and_then(Result::err)),
    );
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            saved.set(true);
            reload();
        }
        Some(Err(_)) => saved.set(false),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(v) = FormValues::from_submit(&ev) else {
            return;
        };
        saved.set(false);
        let socials = (0..3)
            .filter_map(|n| {
                let handle = v.one(&format!("social_handle_{n}"));
                (!handle.trim().is_empty()).then(|| SocialForm {
                    platform: v.one(&format!("social_platform_{n}")),
                    handle,
                    followers: v.integer(&format!("social_followers_{n}")).unwrap_or(0),
                })
            })
            .collect();
        let engagement = v.one("engagement_rate");
        let form = ProfileForm {
            bio: v.one("bio"),
            niches: v.all("niches"),
            country: v.one("country"),
            state: v.one("state"),
            city: v.one("city"),
            languages: v.all("languages"),
            socials,
            engagement_rate: engagement.trim().parse().ok(),
            rate_min: v.integer("rate_min"),
            rate_max: v.integer("rate_max"),
            rate_currency: v.one("rate_currency"),
        };
        save.dispatch(SaveProfile { form });
    };
    let rate = p.rate;
    let socials = p.socials.clone();
    let social_row = move |n: usize| {
        let current = socials.get(n).cloned();
        let platform = current
            .as_ref()
            .map(|s| s.platform.key())
            .unwrap_or("instagram");
        view! {
            <div class="grid gap-2 sm:grid-cols-[9rem_1fr_9rem]">
                <select name=format!("social_platform_{n}") class=INPUT aria-label=move || t_string!(i18n, profile.platform).to_string()>
                    {Platform::ALL.iter().map(|pl| view! { <option value=pl.key() selected=pl.key() == platform>{pl.name()}</option> }).collect_view()}
                </select>
                <input name=format!("social_handle_{n}") class=INPUT placeholder=move || t_string!(i18n, profile.handle).to_string() aria-label=move || t_string!(i18n, profile.handle).to_string() value=current.as_ref().map(|s| s.handle.clone()).unwrap_or_default()/>
                <input name=format!("social_followers_{n}") type="number" min="0" class=INPUT placeholder=move || t_string!(i18n, profile.followers).to_string() aria-label=move || t_string!(i18n, profile.followers).to_string() value=current.as_ref().map(|s| s.followers.to_string()).unwrap_or_default()/>
            </div>
        }
    };
    view! {
        <div class="grid gap-6 lg:grid-cols-[1fr_20rem]">
            <div class="space-y-6">
                <form on:submit=on_submit class="space-y-5 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" novalidate=true data-testid="profile-form">
                    <div>
                        <label for="bio" class=LABEL>{t!(i18n, profile.bio)}</label>
                        <p class="text-xs text-slate-500">{t!(i18n, profile.bio_hint)}</p>
                        <textarea id="bio" name="bio" rows="4" class=format!("mt-1.5 {INPUT}") aria-invalid=move || errors.field("bio").get().is_some().to_string() >{p.bio.clone()}</textarea>
                        {error_line(errors.field("bio"))}
                        <crate::components::ModerationNotice standing=p.moderation.clone()/>
                    </div>
                    <fieldset>
                        <legend class=LABEL>{t!(i18n, profile.niches)}" "<span class="font-normal text-slate-500">{t!(i18n, profile.niches_hint)}</span></legend>
                        <NicheCheckboxes selected=p.niches.clone()/>
                        {error_line(errors.field("niches"))}
                    </fieldset>
                    <div class="grid gap-4 sm:grid-cols-3">
                        <div>
                            <label for="country" class=LABEL>{t!(i18n, profile.country)}</label>
                            <input id="country" name="country" maxlength="2" class=format!("mt-1.5 uppercase {INPUT}") value=p.country.clone().unwrap_or_default() placeholder="IN"/>
                            {error_line(errors.field("country"))}
                        </div>
                        <div>
                            <label for="state" class=LABEL>{t!(i18n, profile.state)}</label>
                            <input id="state" name="state" class=format!("mt-1.5 {INPUT}") value=p.state.clone().unwrap_or_default()/>
                            {error_line(errors.field("state"))}
                        </div>
                        <div>
                            <label for="city" class=LABEL>{t!(i18n, profile.city)}</label>
                            <input id="city" name="city" class=format!("mt-1.5 {INPUT}") value=p.city.clone().unwrap_or_default()/>
                            {error_line(errors.field("city"))}
                        </div>
                    </div>
                    <fieldset>
                        <legend class=LABEL>{t!(i18n, profile.languages)}</legend>
                        <LanguageCheckboxes name="languages" selected=p.languages.clone()/>
                        {error_line(errors.field("languages"))}
                    </fieldset>
                    <fieldset class="space-y-2">
                        <legend class=LABEL>{t!(i18n, profile.socials)}</legend>
                        {(0..3).map(social_row).collect_view()}
                        {error_line(errors.field("socials"))}
                    </fieldset>
                    <div class="grid gap-4 sm:grid-cols-4">
                        <div>
                            <label for="engagement_rate" class=LABEL>{t!(i18n, profile.engagement)}</label>
                            <input id="engagement_rate" name="engagement_rate" type="number" step="0.1" min="0" max="100" class=format!("mt-1.5 {INPUT}") value=p.engagement_rate.map(|e| e.to_string()).unwrap_or_default()/>
                            {error_line(errors.field("engagement_rate"))}
                        </div>
                        <div>
                            <label for="rate_min" class=LABEL>{t!(i18n, profile.rate_min)}</label>
                            <input id="rate_min" name="rate_min" type="number" min="0" class=format!("mt-1.5 {INPUT}") value=rate.map(|r| r.min().to_string()).unwrap_or_default()/>
                        </div>
                        <div>
                            <label for="rate_max" class=LABEL>{t!(i18n, profile.rate_max)}</label>
                            <input id="rate_max" name="rate_max" type="number" min="0" class=format!("mt-1.5 {INPUT}") value=rate.map(|r| r.max().to_string()).unwrap_or_default()/>
                        </div>
                        <div>
                            <label for="rate_currency" class=LABEL>{t!(i18n, profile.currency)}</label>
                            <CurrencySelect name="rate_currency" selected=rate.map(|r| r.currency())/>
                        </div>
                    </div>
                    {error_line(Signal::derive(move || errors.field("rate").get().or_else(|| errors.field("rate_currency").get())))}
                    <FormAlert message=errors.general()/>
                    {move || saved.get().then(|| view! {
                        <p class="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800" role="status" data-testid="profile-saved">{t!(i18n, profile.saved)}</p>
                    })}
                    <button type="submit" class="rounded-lg bg-emerald-600 px-4 py-2.5 font-medium text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus:ring-4 focus:ring-emerald-200 disabled:opacity-60" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { t_string!(i18n, common.saving).to_string() } else { t_string!(i18n, profile.save).to_string() }}
                    </button>
                </form>
                <Portfolio items=mine.portfolio.clone() reload=reload/>
            </div>
            <aside>
                <CompletenessCard completeness=p.completeness.clone() indexing=p.indexing/>
            </aside>
        </div>
    }
}

#[component]
fn Portfolio(
    items: Vec<PortfolioItem>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new("text".to_owned());
    let preview = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<AppError>);
    let errors = FormErrors::new(i18n, failure.into());
    let delete = ServerAction::<DeleteSample>::new();
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            reload();
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        let url = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
            .and_then(|file| web_sys::Url::create_object_url_with_blob(&file).ok());
        preview.set(url);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(values) = FormValues::from_submit(&ev) else {
            return;
        };
        pending.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = values.post("/app/portfolio").await;
            pending.set(false);
            match result {
                Ok(_) => reload(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let empty = items.is_empty();
    view! {
        <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="portfolio">
            <h2 class="text-lg font-semibold">{t!(i18n, profile.portfolio)}</h2>
            {empty.then(|| view! { <p class="mt-2 text-sm text-slate-600">{t!(i18n, profile.portfolio_empty)}</p> })}
            <ul class="mt-4 grid gap-4 sm:grid-cols-2">
                {items.into_iter().map(|item| {
                    let id = item.id;
                    view! {
                        <li class="flex flex-col gap-2 rounded-xl border border-slate-200 p-4" data-testid="sample">
                            <div class="flex items-start justify-between gap-2">
                                <h3 class="font-medium">{item.title.clone()} " " <crate::components::ModerationBadge status=item.moderation.status/></h3>
                                <button type="button" class="rounded px-2 py-1 text-xs text-rose-700 hover:bg-rose-50" aria-label=move || t_string!(i18n, profile.delete_sample).to_string()
                                    on:click=move |_| { delete.dispatch(DeleteSample { id }); }>
                                    {t!(i18n, common.delete)}
                                </button>
                            </div>
                            {item.image_url.clone().map(|src| view! { <img src=src alt=item.title.clone() class="max-h-48 rounded-lg object-cover" loading="lazy"/> })}
                            {item.body.clone().map(|b| view! { <p class="whitespace-pre-line text-sm text-slate-700">{b}</p> })}
                            {item.url.clone().map(|u| { let shown = u.clone(); view! { <a href=u rel="noopener noreferrer nofollow" target="_blank" class="truncate text-sm text-emerald-700 underline">{move || format!("{}: {shown}", t_string!(i18n, profile.open_video))}</a> } })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form on:submit=on_submit method="post" action="/app/portfolio" enctype="multipart/form-data" class="mt-6 space-y-4 border-t border-slate-100 pt-5" novalidate=true data-testid="sample-form">
                <h3 class="font-medium">{t!(i18n, profile.add_sample)}</h3>
                <div class="grid gap-4 sm:grid-cols-[10rem_1fr]">
                    <div>
                        <label for="sample-kind" class=LABEL>{t!(i18n, profile.kind)}</label>
                        <select id="sample-kind" name="kind" class=format!("mt-1.5 {INPUT}") on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="text">{t!(i18n, profile.kind_text)}</option>
                            <option value="image">{t!(i18n, profile.kind_image)}</option>
                            <option value="video_link">{t!(i18n, profile.kind_video_link)}</option>
                        </select>
                    </div>
                    <div>
                        <label for="sample-title" class=LABEL>{t!(i18n, profile.sample_title)}</label>
                        <input id="sample-title" name="title" class=format!("mt-1.5 {INPUT}")/>
                        {error_line(errors.field("title"))}
                    </div>
                </div>
                <div>
                    <label for="sample-body" class=LABEL>{t!(i18n, profile.sample_body)}</label>
                    <textarea id="sample-body" name="body" rows="3" class=format!("mt-1.5 {INPUT}")></textarea>
                    {error_line(errors.field("body"))}
                </div>
                <Show when=move || kind.get() == PortfolioKind::VideoLink.key()>
                    <div>
                        <label for="sample-url" class=LABEL>{t!(i18n, profile.sample_url)}</label>
                        <input id="sample-url" name="url" type="url" placeholder="https://" class=format!("mt-1.5 {INPUT}")/>
                        {error_line(errors.field("url"))}
                    </div>
                </Show>
                <Show when=move || kind.get() == PortfolioKind::Image.key()>
                    <div>
                        <label for="sample-file" class=LABEL>{t!(i18n, profile.sample_file)}</label>
                        <input id="sample-file" name="file" type="file" accept="image/png,image/jpeg,image/webp,image/gif" class="mt-1.5 block text-sm" on:change=on_file/>
                        {error_line(errors.field("file"))}
                        {move || preview.get().map(|src| view! {
                            <figure class="mt-3">
                                <img src=src alt="" class="max-h-48 rounded-lg border border-slate-200 object-cover" data-testid="upload-preview"/>
                                <figcaption class="mt-1 text-xs text-slate-500">{t!(i18n, profile.preview)}</figcaption>
                            </figure>
                        })}
                    </div>
                </Show>
                <FormAlert message=errors.general()/>
                <button type="submit" class="rounded-lg border border-emerald-600 px-4 py-2 font-medium text-emerald-700 hover:bg-emerald-50 disabled:opacity-60" disabled=move || pending.get()>
                    {move || if pending.get() { t_string!(i18n, profile.uploading).to_string() } else { t_string!(i18n, profile.add).to_string() }}
                </button>
            </form>
        </section>
        {move || delete.value().get().and_then(Result::err).map(|e| view! { <p class="text-sm text-rose-700" role="alert">{crate::components::error_words(e)}</p> })}
    }
}

//! A labelled input with its hint and inline error, wired for screen readers.

use leptos::prelude::*;

#[component]
pub fn FormField(
    #[prop(into)] label: ViewFn,
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] hint: Option<ViewFn>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="space-y-1.5">
            <label for=id.clone() class="block text-sm font-medium text-slate-800">{move || label.run()}</label>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                autofocus=autofocus
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                class=move || {
                    let base = "block w-full rounded-lg border bg-white px-3.5 py-2.5 text-slate-900 shadow-sm outline-none transition focus:ring-4";
                    if error.get().is_some() {
                        format!("{base} border-rose-400 focus:border-rose-500 focus:ring-rose-100")
                    } else {
                        format!("{base} border-slate-300 focus:border-emerald-600 focus:ring-emerald-100")
                    }
                }
            />
            {hint.map(|h| view! { <p id=hint_id class="text-xs text-slate-500">{move || h.run()}</p> })}
            <p id=error_id class="text-sm text-rose-600" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A form-level error (one not about a single field), announced when it appears.
#[component]
pub fn FormAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <div class="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800" role="alert" data-testid="form-error">
                    {text}
                </div>
            }
        })
    }
}

/// The primary submit button; disabled and relabelled while the form is sent.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] label: ViewFn,
    #[prop(into)] busy_label: ViewFn,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class="w-full rounded-lg bg-emerald-600 px-4 py-2.5 font-medium text-white shadow-sm transition hover:bg-emerald-700 focus:outline-none focus:ring-4 focus:ring-emerald-200 disabled:opacity-60"
            disabled=move || pending.get()
        >
            {move || if pending.get() { busy_label.run() } else { label.run() }}
        </button>
    }
}

//! The Tasks page: the caller's tasks with filters, sorting and pages; add,
//! edit, complete, reopen, delete with undo.

use super::api::{list_my_tasks, remove_task, restore_task, save_task, set_task_done};
use super::Task;
use crate::components::{AppShell, EmptyState, Protected, Spinner};
use crate::components::{BUTTON, INPUT, LABEL};
use crate::error::AppError;
use crate::features::auth::User;
use crate::i18n::*;
use domain::task::TaskQueryForm;
use domain::{Priority, TaskForm};
use leptos::prelude::*;
use leptos_meta::Title;

pub(crate) const SECONDARY: &str = "rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60";

#[component]
pub fn TasksPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Tasks user/> }.into_any()/> }
}

/// "27 Nov 2026" or "27 Nov 2026, 15:00" from `2026-11-27[T15:00]`, the
/// month in the page's language (call it in a closure).
pub(crate) fn due_label(i18n: leptos_i18n::I18nContext<Locale>, iso: &str) -> String {
    let language = crate::components::language_of(i18n.get_locale());
    let (date, time) = match iso.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (iso, None),
    };
    let day = time::format_description::well_known::Iso8601::DATE;
    let Ok(date) = time::Date::parse(date, &day) else {
        return iso.to_owned();
    };
    match time {
        Some(t) => format!("{}, {t}", domain::format::date(date, language, true)),
        None => domain::format::date(date, language, true),
    }
}

/// Today on the browser's (or server's) calendar, as `YYYY-MM-DD`.
fn today_iso() -> String {
    #[cfg(feature = "hydrate")]
    {
        let d = web_sys::js_sys::Date::new_0();
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

fn priority_badge(p: Priority) -> &'static str {
    match p {
        Priority::High => "rounded-full bg-rose-100 px-2 py-0.5 text-xs font-medium text-rose-800",
        Priority::Medium => {
            "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800"
        }
        Priority::Low => "rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700",
    }
}

fn field_error(
    error: RwSignal<Option<AppError>>,
    field: &'static str,
) -> impl Fn() -> Option<AnyView> {
    let i18n = use_i18n();
    move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field(field))
                .map(|f| view! { <p class="mt-1 text-sm text-rose-600" role="alert">{crate::messages::field_text(i18n.get_locale(), f)}</p> }.into_any())
        })
    }
}

#[component]
fn Tasks(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::from("all"));
    let priority = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let sort = RwSignal::new(String::from("created"));
    let page = RwSignal::new(1u32);
    let version = RwSignal::new(0u32);
    let query = move || TaskQueryForm {
        status: Some(status.get()),
        priority: Some(priority.get()),
        q: Some(text.get()),
        sort: Some(sort.get()),
        page: Some(page.get().to_string()),
        per_page: None,
    };
    let tasks = Resource::new(move || (query(), version.get()), |(q, _)| list_my_tasks(q));
    let refresh = move || version.update(|v| *v += 1);
    let deleted = RwSignal::new(None::<Task>);
    let error = RwSignal::new(None::<String>);

    // Adding.
    let title = RwSignal::new(String::new());
    let new_priority = RwSignal::new(String::from("medium"));
    let due = RwSignal::new(String::new());
    let adding = RwSignal::new(false);
    let add_error = RwSignal::new(None::<AppError>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TaskForm {
            title: title.get_untracked(),
            description: None,
            priority: Some(new_priority.get_untracked()),
            due: Some(due.get_untracked()),
            completed: None,
        };
        adding.set(true);
        leptos::task::spawn_local(async move {
            match save_task(None, form).await {
                Ok(_) => {
                    title.set(String::new());
                    due.set(String::new());
                    add_error.set(None);
                    refresh();
                }
                Err(e) => add_error.set(Some(e)),
            }
            adding.set(false);
        });
    };
    let undo = move |_| {
        let Some(task) = deleted.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match restore_task(task.id).await {
                Ok(_) => {
                    deleted.set(None);
                    refresh();
                }
                Err(e) => error.set(Some(crate::messages::error_text(
                    i18n.get_locale_untracked(),
                    &e,
                ))),
            }
        });
    };
    let on_deleted = Callback::new(move |task: Task| {
        deleted.set(Some(task));
        refresh();
    });
    let on_changed = Callback::new(move |()| refresh());
    let on_error = Callback::new(move |message: String| error.set(Some(message)));
    let reset_page = move || page.set(1);
    // Changes made anywhere else (the assistant, another tab, an agent)
    // show here at once.
    let watcher = StoredValue::new(None::<crate::features::collab::live_client::BellHandle>);
    Effect::new(move |_| {
        watcher.set_value(crate::features::collab::live_client::watch(
            "/api/v1/tasks/stream",
            "changed",
            move |_| refresh(),
        ))
    });
    on_cleanup(move || {
        if let Some(h) = watcher.try_get_value().flatten() {
            crate::features::collab::live_client::stop_watching(h);
        }
    });

    view! {
        <Title text=move || t_string!(i18n, tasks.title).to_string()/>
        <AppShell user=user>
            <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, tasks.title)}</h1>
                <a href="/assistant" class=SECONDARY>{t!(i18n, tasks.ask_assistant)}</a>
            </div>
            <form class="mb-6 grid gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[1fr_9rem_14rem_auto] sm:items-start" on:submit=add data-testid="add-task" novalidate>
                <div>
                    <label for="new-title" class="sr-only">{t!(i18n, tasks.title_label)}</label>
                    <input id="new-title" name="title" class=INPUT maxlength="200" placeholder=move || t_string!(i18n, tasks.title_placeholder).to_string()
                        prop:value=title on:input=move |ev| title.set(event_target_value(&ev))
                        aria-invalid=move || add_error.with(|e| e.as_ref().and_then(|e| e.field("title")).is_some()).to_string()/>
                    {field_error(add_error, "title")}
                </div>
                <div>
                    <label for="new-priority" class="sr-only">{t!(i18n, tasks.priority)}</label>
                    <select id="new-priority" class=INPUT prop:value=new_priority on:change=move |ev| new_priority.set(event_target_value(&ev))>
                        <option value="low">{t!(i18n, tasks.low)}</option>
                        <option value="medium">{t!(i18n, tasks.medium)}</option>
                        <option value="high">{t!(i18n, tasks.high)}</option>
                    </select>
                </div>
                <div>
                    <label for="new-due" class="sr-only">{t!(i18n, tasks.due)}</label>
                    <input id="new-due" name="due" class=INPUT placeholder=move || t_string!(i18n, tasks.due_placeholder).to_string()
                        prop:value=due on:input=move |ev| due.set(event_target_value(&ev))/>
                    {field_error(add_error, "due")}
                </div>
                <button type="submit" class=BUTTON disabled=move || adding.get()>
                    {move || if adding.get() { t_string!(i18n, tasks.adding).to_string() } else { t_string!(i18n, tasks.add).to_string() }}
                </button>
            </form>

            <div class="mb-4 flex flex-wrap items-end gap-3" data-testid="task-filters">
                <div class="inline-flex rounded-lg border border-slate-300 bg-white p-0.5" role="group" aria-label=move || t_string!(i18n, tasks.status).to_string()>
                    {[("all", 0), ("pending", 1), ("completed", 2)].into_iter().map(|(key, _)| {
                        let label = move || match key {
                            "pending" => t_string!(i18n, tasks.pending).to_string(),
                            "completed" => t_string!(i18n, tasks.completed).to_string(),
                            _ => t_string!(i18n, tasks.all).to_string(),
                        };
                        view! {
                            <button type="button" aria-pressed=move || (status.get() == key).to_string()
                                class="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 aria-[pressed=true]:bg-emerald-600 aria-[pressed=true]:text-white"
                                on:click=move |_| { status.set(key.to_owned()); reset_page(); }>{label}</button>
                        }
                    }).collect_view()}
                </div>
                <label class="text-sm">
                    <span class=LABEL>{t!(i18n, tasks.priority)}</span>
                    <select class=INPUT on:change=move |ev| { priority.set(event_target_value(&ev)); reset_page(); }>
                        <option value="">{t!(i18n, tasks.any_priority)}</option>
                        <option value="high">{t!(i18n, tasks.high)}</option>
                        <option value="medium">{t!(i18n, tasks.medium)}</option>
                        <option value="low">{t!(i18n, tasks.low)}</option>
                    </select>
                </label>
                <label class="text-sm">
                    <span class=LABEL>{t!(i18n, tasks.sort)}</span>
                    <select class=INPUT on:change=move |ev| { sort.set(event_target_value(&ev)); reset_page(); } data-testid="task-sort">
                        <option value="created">{t!(i18n, tasks.sort_created)}</option>
                        <option value="due">{t!(i18n, tasks.sort_due)}</option>
                        <option value="priority">{t!(i18n, tasks.sort_priority)}</option>
                    </select>
                </label>
                <label class="min-w-[12rem] flex-1 text-sm">
                    <span class=LABEL>{t!(i18n, tasks.search)}</span>
                    <input type="search" class=INPUT placeholder=move || t_string!(i18n, tasks.search_placeholder).to_string()
                        on:input=move |ev| { text.set(event_target_value(&ev)); reset_page(); }/>
                </label>
            </div>

            {move || deleted.get().map(|task| view! {
                <div class="mb-3 flex items-center justify-between gap-3 rounded-lg bg-slate-800 px-4 py-2 text-sm text-white" role="status" data-testid="undo-bar">
                    <span>{t!(i18n, tasks.deleted, title = task.title.clone())}</span>
                    <button type="button" class="font-semibold text-emerald-300 hover:underline" on:click=undo>{t!(i18n, tasks.undo)}</button>
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="mb-3 text-sm text-rose-700" role="alert">{e}</p> })}

            <Suspense fallback=move || view! { <Spinner label=t_string!(i18n, common.loading).to_string()/> }>
                {move || tasks.get().map(|r| match r {
                    Err(e) => view! { <p class="text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyState message=if p.total == 0 && text.get_untracked().is_empty() && status.get_untracked() == "all" && priority.get_untracked().is_empty() {
                            t_string!(i18n, tasks.empty).to_string()
                        } else {
                            t_string!(i18n, tasks.none_match).to_string()
                        }/>
                    }.into_any(),
                    Ok(p) => {
                        let pages = ((p.total as u32).div_ceil(p.per_page)).max(1);
                        let today = today_iso();
                        view! {
                            <ul class="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm" data-testid="task-list">
                                {p.items.into_iter().map(|task| view! {
                                    <TaskRow task today=today.clone() on_changed on_deleted on_error/>
                                }).collect_view()}
                            </ul>
                            <nav class="mt-4 flex items-center justify-between text-sm text-slate-600" aria-label=move || t_string!(i18n, common.pages).to_string()>
                                <span data-testid="task-total">{move || t_string!(i18n, tasks.count, n = domain::format::count(p.total as u64), count = p.total as u64).to_string()}</span>
                                <div class="flex items-center gap-2">
                                    <button type="button" class=SECONDARY disabled=move || page.get() <= 1 on:click=move |_| page.update(|n| *n -= 1)>{t!(i18n, tasks.previous)}</button>
                                    <span>{t!(i18n, tasks.page_of, page = p.page, pages = pages)}</span>
                                    <button type="button" class=SECONDARY disabled=move || page.get() >= pages on:click=move |_| page.update(|n| *n += 1)>{t!(i18n, tasks.next)}</button>
                                </div>
                            </nav>
                        }.into_any()
                    }
                })}
            </Suspense>
        </AppShell>
    }
}

#[component]
fn TaskRow(
    task: Task,
    today: String,
    on_changed: Callback<()>,
    on_deleted: Callback<Task>,
    on_error: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let id = task.id;
    let done = task.completed;
    let overdue = !done
        && task
            .due
            .as_deref()
            .is_some_and(|d| !today.is_empty() && d.get(..10).is_some_and(|d| d < today.as_str()));
    let toggle = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match set_task_done(id, !done).await {
                Ok(_) => on_changed.run(()),
                Err(e) => {
                    on_error.run(crate::messages::error_text(i18n.get_locale_untracked(), &e))
                }
            }
            busy.set(false);
        });
    };
    let remove = {
        let task = task.clone();
        move |_| {
            let task = task.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                match remove_task(task.id).await {
                    Ok(_) => on_deleted.run(task),
                    Err(e) => {
                        on_error.run(crate::messages::error_text(i18n.get_locale_untracked(), &e))
                    }
                }
                busy.set(false);
            });
        }
    };
    let edit_task = task.clone();
    view! {
        <li class="p-4" data-testid="task" data-task-id=id data-done=done.to_string()>
            <Show when=move || editing.get() fallback={
                let task = task.clone();
                let remove = remove.clone();
                move || {
                    let task = task.clone();
                    let label_title = task.title.clone();
                    view! {
                        <div class="flex items-start gap-3">
                            <input type="checkbox" class="mt-1 h-5 w-5 accent-emerald-600" prop:checked=done disabled=move || busy.get()
                                on:change=toggle aria-label=move || t_string!(i18n, tasks.mark_done, title = label_title.clone()).to_string()/>
                            <div class="min-w-0 flex-1">
                                <p class=if done { "break-words text-slate-500 line-through" } else { "break-words font-medium text-slate-900" } data-testid="task-title">{task.title.clone()}</p>
                                {task.description.clone().map(|d| view! { <p class="mt-0.5 whitespace-pre-line break-words text-sm text-slate-600">{d}</p> })}
                                <div class="mt-1 flex flex-wrap items-center gap-2 text-xs">
                                    <span class=priority_badge(task.priority)>{match task.priority {
                                        Priority::High => t_string!(i18n, tasks.high).to_string(),
                                        Priority::Medium => t_string!(i18n, tasks.medium).to_string(),
                                        Priority::Low => t_string!(i18n, tasks.low).to_string(),
                                    }}</span>
                                    {task.due.clone().map(|d| view! {
                                        <span class=if overdue { "font-medium text-rose-700" } else { "text-slate-600" }>
                                            {move || format!("{} {}", if overdue { t_string!(i18n, tasks.overdue) } else { t_string!(i18n, tasks.due_on) }, due_label(i18n, &d))}
                                        </span>
                                    })}
                                </div>
                            </div>
                            <div class="flex shrink-0 gap-2">
                                <button type="button" class=SECONDARY on:click=move |_| editing.set(true)>{t!(i18n, tasks.edit)}</button>
                                <button type="button" class=SECONDARY disabled=move || busy.get() on:click=remove.clone()>{t!(i18n, tasks.delete)}</button>
                            </div>
                        </div>
                    }
                }
            }>
                <EditTask task=edit_task.clone() editing on_changed/>
            </Show>
        </li>
    }
}

#[component]
fn EditTask(task: Task, editing: RwSignal<bool>, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(task.title.clone());
    let description = RwSignal::new(task.description.clone().unwrap_or_default());
    let priority = RwSignal::new(task.priority.key().to_owned());
    let due = RwSignal::new(task.due.clone().unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let id = task.id;
    let completed = task.completed;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TaskForm {
            title: title.get_untracked(),
            description: Some(description.get_untracked()),
            priority: Some(priority.get_untracked()),
            due: Some(due.get_untracked()),
            completed: Some(completed),
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            match save_task(Some(id), form).await {
                Ok(_) => {
                    editing.set(false);
                    on_changed.run(());
                }
                Err(e) => error.set(Some(e)),
            }
            saving.set(false);
        });
    };
    view! {
        <form class="grid gap-3" on:submit=save data-testid="edit-task" novalidate
            on:keydown=move |ev| if ev.key() == "Escape" { editing.set(false) }>
            <label class=LABEL>{t!(i18n, tasks.title_label)}
                <input class=INPUT maxlength="200" prop:value=title on:input=move |ev| title.set(event_target_value(&ev)) autofocus/>
            </label>
            {field_error(error, "title")}
            <label class=LABEL>{t!(i18n, tasks.description)}
                <textarea class=INPUT rows="2" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </label>
            {field_error(error, "description")}
            <div class="grid gap-3 sm:grid-cols-2">
                <label class=LABEL>{t!(i18n, tasks.priority)}
                    <select class=INPUT prop:value=priority on:change=move |ev| priority.set(event_target_value(&ev))>
                        <option value="low">{t!(i18n, tasks.low)}</option>
                        <option value="medium">{t!(i18n, tasks.medium)}</option>
                        <option value="high">{t!(i18n, tasks.high)}</option>
                    </select>
                </label>
                <label class=LABEL>{t!(i18n, tasks.due)}
                    <input class=INPUT prop:value=due placeholder=move || t_string!(i18n, tasks.due_placeholder).to_string() on:input=move |ev| due.set(event_target_value(&ev))/>
                </label>
            </div>
            {field_error(error, "due")}
            <div class="flex gap-2">
                <button type="submit" class=BUTTON disabled=move || saving.get()>{t!(i18n, tasks.save)}</button>
                <button type="button" class=SECONDARY on:click=move |_| editing.set(false)>{t!(i18n, tasks.cancel)}</button>
            </div>
        </form>
    }
}

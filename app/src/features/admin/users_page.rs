//! `/admin/users`: every account, newest first, twenty a page.

use super::api::list_accounts;
use crate::components::{role_label, AppShell, Protected, Spinner};
use crate::features::auth::User;
use crate::features::dashboard::short_date;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <Protected view=|user| view! { <Users user/> }.into_any()/> }
}

#[component]
fn Users(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let accounts = Resource::new(page, list_accounts);
    view! {
        <Title text=move || t_string!(i18n, admin.users_title).to_string()/>
        <AppShell user=user>
            <section class="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(i18n, admin.users_title)}</h1>
                <Transition fallback=move || view! { <div class="py-8"><Spinner label=t_string!(i18n, dashboard.loading).to_string()/></div> }>
                    {move || accounts.get().map(|result| match result {
                        Err(e) => view! { <p class="mt-4 text-rose-700" role="alert">{crate::components::error_words(e)}</p> }.into_any(),
                        Ok(list) if list.items.is_empty() => view! { <p class="mt-4 text-slate-600">{t!(i18n, admin.empty)}</p> }.into_any(),
                        Ok(list) => {
                            let (current, pages, total) = (list.page, list.pages(), list.total);
                            view! {
                                <div class="mt-4 overflow-x-auto">
                                    <table class="min-w-full text-left text-sm">
                                        <thead class="border-b border-slate-200 text-slate-500">
                                            <tr>
                                                <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, admin.col_name)}</th>
                                                <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, admin.col_email)}</th>
                                                <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, admin.col_role)}</th>
                                                <th scope="col" class="py-2 pr-4 font-medium">{t!(i18n, admin.col_joined)}</th>
                                                <th scope="col" class="py-2 font-medium">{t!(i18n, admin.col_status)}</th>
                                            </tr>
                                        </thead>
                                        <tbody class="divide-y divide-slate-100">
                                            {list.items.into_iter().map(|a| view! {
                                                <tr>
                                                    <td class="py-2.5 pr-4 font-medium text-slate-900" translate="no">{let name = a.user.display_name; move || crate::components::shown_name(i18n, &name)}</td>
                                                    <td class="py-2.5 pr-4 text-slate-700" translate="no">{a.user.email}</td>
                                                    <td class="py-2.5 pr-4 text-slate-700">{let role = a.user.role; move || role_label(i18n, role)}</td>
                                                    <td class="py-2.5 pr-4 text-slate-700">{move || short_date(i18n, a.user.created_at)}</td>
                                                    <td class="py-2.5">
                                                        {if a.locked {
                                                            view! { <span class="rounded-full bg-rose-50 px-2 py-0.5 text-xs font-medium text-rose-700">{t!(i18n, admin.status_locked)}</span> }.into_any()
                                                        } else {
                                                            view! { <span class="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">{t!(i18n, admin.status_active)}</span> }.into_any()
                                                        }}
                                                    </td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <nav class="mt-4 flex items-center justify-between text-sm" aria-label=move || t_string!(i18n, admin.pagination).to_string()>
                                    <span class="text-slate-500">{move || t_string!(i18n, admin.page_of, page = current, pages = pages, total = domain::format::count(total), count = total).to_string()}</span>
                                    <span class="flex gap-2">
                                        {(current > 1).then(|| view! { <a href=format!("/admin/users?page={}", current - 1) class="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-50">{t!(i18n, admin.prev)}</a> })}
                                        {(u64::from(current) < pages).then(|| view! { <a href=format!("/admin/users?page={}", current + 1) class="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-50">{t!(i18n, admin.next)}</a> })}
                                    </span>
                                </nav>
                            }.into_any()
                        }
                    })}
                </Transition>
            </section>
        </AppShell>
    }
}

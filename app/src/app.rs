//! The HTML shell, the root component and the one route table.

use crate::features::admin::{MailOutboxPage, ModerationPage, UsersPage};
use crate::features::auth::{Auth, SignInPage, SignUpPage};
use crate::features::collab::{ChatPage, ChatsPage, NotificationsPage};
use crate::features::creator::{CreatorPage, ProfilePage};
use crate::features::dashboard::{AccountPage, DashboardPage};
use crate::features::landing::LandingPage;
use crate::features::matching::{MatchesPage, SearchPage};
use crate::features::moderation::AppealsPage;
use crate::features::not_found::NotFoundPage;
use crate::features::recovery::{ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage};
use crate::features::requests::{EditRequestPage, NewRequestPage, RequestPage, RequestsPage};
use crate::features::settings::{ConsentPage, SettingsPage, UnsubscribePage};
use crate::features::tasks::{AssistantPage, TasksPage};
use crate::features::workspace::DealWorkspacePage;
use crate::i18n::*;
use crate::lazy::lazy_pages;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

// The landing page and sign-in/up are in the main chunk; every signed-in
// page is downloaded with its feature's chunk when first opened
// (notifications have their own: a chat's first visit need not carry them),
// and the pages mailed links open (a forgotten password, a new address)
// are in the settings chunk (account pages; a chunk of their own costs
// every signed-in page more).
lazy_pages! {
    DashboardRoute => DashboardPage in dashboard as dashboard_page;
    AccountRoute => AccountPage in settings as account_page;
    UsersRoute => UsersPage in admin as users_page;
    ModerationRoute => ModerationPage in admin as moderation_page;
    OutboxRoute => MailOutboxPage in admin as outbox_page;
    ForgotPasswordRoute => ForgotPasswordPage in settings as forgot_password_page;
    ResetPasswordRoute => ResetPasswordPage in settings as reset_password_page;
    VerifyEmailRoute => VerifyEmailPage in settings as verify_email_page;
    UnsubscribeRoute => UnsubscribePage in settings as unsubscribe_page;
    AppealsRoute => AppealsPage in appeals as appeals_page;
    ProfileRoute => ProfilePage in creator as profile_page;
    CreatorRoute => CreatorPage in creator as creator_page;
    RequestsRoute => RequestsPage in requests as requests_page;
    NewRequestRoute => NewRequestPage in request as new_request_page;
    RequestRoute => RequestPage in request as request_page;
    EditRequestRoute => EditRequestPage in request as edit_request_page;
    MatchesRoute => MatchesPage in matching as matches_page;
    SearchRoute => SearchPage in matching as search_page;
    ChatsRoute => ChatsPage in collab as chats_page;
    ChatRoute => ChatPage in collab as chat_page;
    DealWorkspaceRoute => DealWorkspacePage in workspace as deal_workspace_page;
    NotificationsRoute => NotificationsPage in notifications as notifications_page;
    TasksRoute => TasksPage in tasks as tasks_page;
    AssistantRoute => AssistantPage in tasks as assistant_page;
    SettingsRoute => SettingsPage in settings as settings_page;
    ConsentRoute => ConsentPage in settings as consent_page;
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Auth::provide();
    let (routing, set_routing) = signal(false);
    view! {
        <Title text="MAT-CHA"/>
        <I18nContextProvider>
            <crate::components::LanguageSync/>
            <Router set_is_routing=set_routing>
                <RouteProgress active=routing/>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=LandingPage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/signup") view=SignUpPage/>
                    <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()}/>
                    <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()}/>
                    <Route path=path!("/verify-email") view={Lazy::<VerifyEmailRoute>::new()}/>
                    <Route path=path!("/unsubscribe") view={Lazy::<UnsubscribeRoute>::new()}/>
                    // Signed-in pages wait for the session check so a signed-out visit is a real redirect.
                    <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/moderation") view={Lazy::<ModerationRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/outbox") view={Lazy::<OutboxRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/appeals") view={Lazy::<AppealsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/creators") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!(":id") view={Lazy::<CreatorRoute>::new()}/>
                    </ParentRoute>
                    <ParentRoute path=path!("/requests") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!("") view={Lazy::<RequestsRoute>::new()}/>
                        <Route path=path!("new") view={Lazy::<NewRequestRoute>::new()}/>
                        <Route path=path!(":id") view={Lazy::<RequestRoute>::new()}/>
                        <Route path=path!(":id/edit") view={Lazy::<EditRequestRoute>::new()}/>
                    </ParentRoute>
                    <Route path=path!("/matches") view={Lazy::<MatchesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/chats") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!("") view={Lazy::<ChatsRoute>::new()}/>
                        <Route path=path!(":id") view={Lazy::<ChatRoute>::new()}/>
                    </ParentRoute>
                    <ParentRoute path=path!("/deals") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!(":id") view={Lazy::<DealWorkspaceRoute>::new()}/>
                    </ParentRoute>
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/tasks") view={Lazy::<TasksRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/assistant") view={Lazy::<AssistantRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async/>
                    // An outside app's sign-in (OAuth): the user allows or denies it.
                    <Route path=path!("/oauth/authorize") view={Lazy::<ConsentRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// A thin bar across the top while a navigation waits for its page (the
/// page's code on a first visit, or its data), so a click never seems lost.
#[component]
fn RouteProgress(active: ReadSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || active.get()>
            <div
                class="fixed inset-x-0 top-0 z-50 h-1 overflow-hidden bg-emerald-100"
                role="progressbar"
                aria-label=move || t_string!(i18n, page_load.navigating)
                data-testid="route-progress"
            >
                <div class="h-full w-1/3 animate-pulse bg-emerald-600"></div>
            </div>
        </Show>
    }
}

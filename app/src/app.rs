//! The HTML shell, the root component and the one route table.

use crate::features::admin::UsersPage;
use crate::features::auth::{Auth, SignInPage, SignUpPage};
use crate::features::collab::{ChatPage, ChatsPage, NotificationsPage};
use crate::features::creator::{CreatorPage, ProfilePage};
use crate::features::dashboard::{AccountPage, DashboardPage};
use crate::features::landing::LandingPage;
use crate::features::matching::{MatchesPage, SearchPage};
use crate::features::not_found::NotFoundPage;
use crate::features::requests::{EditRequestPage, NewRequestPage, RequestPage, RequestsPage};
use crate::features::settings::SettingsPage;
use crate::features::tasks::{AssistantPage, TasksPage};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
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
    view! {
        <Stylesheet id="leptos" href="/pkg/matcha.css"/>
        <Title text="MAT-CHA"/>
        <I18nContextProvider>
            <Router>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=LandingPage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/signup") view=SignUpPage/>
                    // Signed-in pages wait for the session check so a signed-out visit is a real redirect.
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/creators") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!(":id") view=CreatorPage/>
                    </ParentRoute>
                    <ParentRoute path=path!("/requests") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!("") view=RequestsPage/>
                        <Route path=path!("new") view=NewRequestPage/>
                        <Route path=path!(":id") view=RequestPage/>
                        <Route path=path!(":id/edit") view=EditRequestPage/>
                    </ParentRoute>
                    <Route path=path!("/matches") view=MatchesPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/chats") view=Outlet ssr=SsrMode::Async>
                        <Route path=path!("") view=ChatsPage/>
                        <Route path=path!(":id") view=ChatPage/>
                    </ParentRoute>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/tasks") view=TasksPage ssr=SsrMode::Async/>
                    <Route path=path!("/assistant") view=AssistantPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async/>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

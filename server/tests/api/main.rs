//! API tests: the real router on port 0 against a fresh Postgres database per
//! test (`#[sqlx::test]`), with a manual clock.

mod accounts;
mod admin;
mod api_tokens;
mod assistant;
mod chat_mail;
mod chats;
mod collab_requests;
mod creator_profiles;
mod daily_reminders;
mod deals;
mod demo;
mod erasure;
mod fake_s3;
mod helpers;
mod hostile_input;
mod interests;
mod jobs;
mod live_chat;
mod mail_delivery;
mod mail_digest;
mod matching;
mod mcp;
mod moderation;
mod moderation_model;
mod notification_settings;
mod oauth;
mod openai_embeddings;
mod operations;
mod portfolio;
mod recovery;
mod site;
mod tasks;
mod tokens;
mod vector_search;
mod web;

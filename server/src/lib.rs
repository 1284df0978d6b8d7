//! The MAT-CHA server: configuration, telemetry, the HTTP router with its
//! layers, the REST API, background jobs and command-line tasks.

pub mod bench;
pub mod bench_chat;
pub mod bench_mail;
pub mod bench_moderation;
pub mod config;
pub mod demo;
pub mod demo_data;
pub mod health;
pub mod http;
pub mod jobs;
pub mod mcp;
pub mod oauth;
pub mod rest;
pub mod secrets;
pub mod startup;
pub mod synthetic;
pub mod telemetry;

//! One folder per product feature: server functions (`api.rs`) and pages.

pub mod admin;
pub mod auth;
pub mod collab;
pub mod creator;
pub mod dashboard;
pub mod landing;
pub mod matching;
pub mod moderation;
pub mod not_found;
pub mod recovery;
pub mod requests;
pub mod settings;
pub mod tasks;
pub mod workspace;

//! Administration: the accounts list.

pub mod api;
mod users_page;

pub use users_page::UsersPage;

use crate::features::auth::User;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub user: User,
    /// Locked by repeated wrong passwords right now.
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPage {
    pub items: Vec<AccountSummary>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl AccountPage {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

//! Pure rules of MAT-CHA: validated value types and policies.
//!
//! Nothing here performs I/O or reads a clock; callers pass `now` in. The crate
//! compiles for the server and for WASM, so forms and services share one set of
//! rules.

pub mod account;
pub mod assistant;
pub mod catalog;
pub mod chat_window;
pub mod contract;
pub mod contract_text;
mod contract_words;
pub mod deal;
pub mod deliverable;
pub mod format;
pub mod interest;
pub mod language;
pub mod lenient;
pub mod lockout;
pub mod mail;
pub mod match_filters;
pub mod matching;
pub mod moderation;
pub mod money;
pub mod notify;
pub mod oauth;
pub mod payment;
pub mod payment_report;
pub mod portfolio;
pub mod profile;
pub mod profile_input;
pub mod request_input;
pub mod request_status;
pub mod retry;
pub mod search;
pub mod task;
pub mod text;
pub mod when;

pub use account::{DisplayName, Email, FieldError, Password, Role, SignUp};
pub use catalog::{parse_niches, Currency, Niche};
pub use chat_window::{WindowError, WindowEvent, WindowStatus};
pub use deal::{Confirmations, DealError, DealEvent, DealForm, DealStatus, DealTerms, Party};
pub use interest::{InterestError, InterestEvent, InterestStatus};
pub use language::Language;
pub use lockout::{retry_after_secs, LockState, LoginCheck, LOCK_DURATION, MAX_FAILED_ATTEMPTS};
pub use request_status::{RequestActor, RequestEvent, RequestStatus, TransitionError};
pub use task::{Priority, StatusFilter, TaskForm, TaskInput, TaskPatch, TaskQuery, TaskSort};
pub use when::{Due, TimeZoneName};

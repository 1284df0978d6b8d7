//! E-mail (issue 16): the link tokens that recover and verify accounts, and
//! what becomes of a message that could not be handed over.

use time::{Duration, OffsetDateTime};

/// What a link token is for. Keys are stored (`email_tokens.purpose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    PasswordReset,
    VerifyEmail,
}

impl TokenPurpose {
    pub fn key(self) -> &'static str {
        match self {
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::VerifyEmail => "verify_email",
        }
    }

    /// How long a link works: a reset link an hour, a verification link
    /// two days (it may wait in an inbox over a weekend).
    pub fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::PasswordReset => Duration::hours(1),
            TokenPurpose::VerifyEmail => Duration::days(2),
        }
    }

    /// At most this many links of this kind per address per hour.
    pub fn per_hour(self) -> i64 {
        match self {
            TokenPurpose::PasswordReset => 3,
            TokenPurpose::VerifyEmail => 3,
        }
    }
}

/// Why a link token does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// No such token (mistyped, or for another purpose).
    Unknown,
    /// Already used once.
    Used,
    Expired,
}

/// Whether a stored token may be used at `now`.
pub fn check_token(
    used_at: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), TokenProblem> {
    if used_at.is_some() {
        Err(TokenProblem::Used)
    } else if now >= expires_at {
        Err(TokenProblem::Expired)
    } else {
        Ok(())
    }
}

/// A message is tried this many times (the backoff doubles from 2 s to an
/// hour, so about three hours in all) before it is recorded as failed.
pub const MAX_ATTEMPTS: i32 = 14;

/// What to do after attempt `attempts` (1-based) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryLater,
    GiveUp,
}

/// A permanent refusal (the server said 5xx: no such mailbox, rejected)
/// is not retried; a transient one is, until the attempts run out.
pub fn after_failure(attempts: i32, permanent: bool) -> AfterFailure {
    if permanent || attempts >= MAX_ATTEMPTS {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryLater
    }
}

/// Where a message in the outbox stands. Keys are stored
/// (`mail_outbox.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStatus {
    Queued,
    Sent,
    /// No SMTP server is configured: the outbox is where it is read.
    Kept,
    Failed,
}

impl MailStatus {
    pub const ALL: [MailStatus; 4] = [
        MailStatus::Queued,
        MailStatus::Sent,
        MailStatus::Kept,
        MailStatus::Failed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sent => "sent",
            MailStatus::Kept => "kept",
            MailStatus::Failed => "failed",
        }
    }
}

/// What the admin Outbox is asked for: `GET /api/v1/admin/outbox
/// ?to=&status=&before_id=` (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct OutboxForm {
    /// Only messages whose recipient address contains this.
    pub to: Option<String>,
    /// `queued`, `sent`, `kept` or `failed`.
    pub status: Option<String>,
    /// The `next_before_id` of the page before.
    pub before_id: Option<String>,
}

/// The query, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxQuery {
    /// Lower-cased, trimmed, never empty.
    pub to: Option<String>,
    pub status: Option<MailStatus>,
    pub before_id: Option<i64>,
}

impl OutboxForm {
    /// Every bad field is named.
    pub fn parse(&self) -> Result<OutboxQuery, Vec<crate::FieldError>> {
        let mut errors = Vec::new();
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        let to = given(&self.to).map(str::to_lowercase);
        if to.as_ref().is_some_and(|t| t.chars().count() > 254) {
            errors.push(
                crate::FieldError::new("to", "too_long", "At most 254 characters.")
                    .with("max", 254),
            );
        }
        let status = given(&self.status).and_then(|s| {
            let found = MailStatus::ALL.into_iter().find(|m| m.key() == s);
            if found.is_none() {
                errors.push(
                    crate::FieldError::new("status", "not_allowed", "Not a mail status.")
                        .with("choices", "queued, sent, kept, failed"),
                );
            }
            found
        });
        let before_id = given(&self.before_id).and_then(|b| match b.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.push(crate::FieldError::new(
                    "before_id",
                    "id_invalid",
                    "Not an id from the page before.",
                ));
                None
            }
        });
        if errors.is_empty() {
            Ok(OutboxQuery {
                to,
                status,
                before_id,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_token_works_once_and_until_it_expires() {
        let issued = datetime!(2026-12-05 10:00 UTC);
        let expires = issued + TokenPurpose::PasswordReset.lifetime();
        assert_eq!(check_token(None, expires, issued), Ok(()));
        assert_eq!(
            check_token(None, expires, issued + Duration::minutes(59)),
            Ok(())
        );
        assert_eq!(
            check_token(None, expires, issued + Duration::hours(1)),
            Err(TokenProblem::Expired)
        );
        assert_eq!(
            check_token(Some(issued), expires, issued),
            Err(TokenProblem::Used)
        );
        assert_eq!(TokenPurpose::VerifyEmail.lifetime(), Duration::days(2));
    }

    #[test]
    fn transient_failures_retry_until_the_attempts_run_out() {
        assert_eq!(after_failure(1, false), AfterFailure::RetryLater);
        assert_eq!(
            after_failure(MAX_ATTEMPTS - 1, false),
            AfterFailure::RetryLater
        );
        assert_eq!(after_failure(MAX_ATTEMPTS, false), AfterFailure::GiveUp);
        assert_eq!(after_failure(1, true), AfterFailure::GiveUp);
    }

    #[test]
    fn the_outbox_query_is_checked_and_every_bad_field_named() {
        let form = |to: &str, status: &str, before: &str| OutboxForm {
            to: Some(to.into()),
            status: Some(status.into()),
            before_id: Some(before.into()),
        };
        assert_eq!(OutboxForm::default().parse(), Ok(OutboxQuery::default()));
        assert_eq!(
            form("  Müller@Example.COM ", "kept", "42").parse(),
            Ok(OutboxQuery {
                to: Some("müller@example.com".into()),
                status: Some(MailStatus::Kept),
                before_id: Some(42),
            })
        );
        assert_eq!(form(" ", "", "").parse(), Ok(OutboxQuery::default()));
        let errors = form(&"a".repeat(255), "delivered", "-3")
            .parse()
            .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("to", "too_long"),
                ("status", "not_allowed"),
                ("before_id", "id_invalid")
            ]
        );
    }
}

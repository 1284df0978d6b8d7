//! Account value types: e-mail, password policy, display name and role.
//!
//! Each type can only be built through `parse`, so a value that exists is valid.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A validation failure that names the offending field, a stable reason key
/// and the values its sentence needs (`max`, `min`, `value`…), so that the
/// edge can say it in the reader's language; `message` is the English one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: String,
    pub reason: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl FieldError {
    pub fn new(field: &str, reason: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            reason: reason.to_owned(),
            message: message.into(),
            params: BTreeMap::new(),
        }
    }

    /// Adds a value the reason's sentence names.
    pub fn with(mut self, name: &str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        // A value echoed from the caller is cut short: it names, not quotes.
        let value = match value.char_indices().nth(60) {
            Some((at, _)) => format!("{}…", &value[..at]),
            None => value,
        };
        self.params.insert(name.to_owned(), value);
        self
    }

    /// A value added with [`FieldError::with`], or "" when it is missing.
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }
}

/// A syntactically valid e-mail address, trimmed and lower-cased so that one
/// mailbox maps to one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().to_lowercase();
        let invalid = || {
            FieldError::new(
                "email",
                "email_invalid",
                "Enter a valid e-mail address, like name@example.com.",
            )
        };
        if value.is_empty() {
            return Err(FieldError::new("email", "required", "E-mail is required."));
        }
        if value.len() > Self::MAX_LEN {
            return Err(FieldError::new(
                "email",
                "email_too_long",
                "E-mail must be at most 254 characters.",
            ));
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that satisfies the policy: 10 to 128 characters (any script),
/// not only spaces, and not one of the most common passwords.
/// Never serialised and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    const COMMON: &'static [&'static str] = &[
        "password",
        "password1",
        "password12",
        "password123",
        "1234567890",
        "12345678910",
        "qwertyuiop",
        "1q2w3e4r5t",
        "iloveyou12",
        "letmein123",
        "welcome123",
        "admin12345",
        "passw0rd12",
        "0123456789",
        "abcdefghij",
        "qwerty1234",
        "aaaaaaaaaa",
    ];

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let chars = raw.chars().count();
        if raw.is_empty() {
            return Err(FieldError::new(
                "password",
                "required",
                "Password is required.",
            ));
        }
        if chars < Self::MIN_CHARS {
            return Err(FieldError::new(
                "password",
                "password_too_short",
                "Password must be at least 10 characters.",
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(FieldError::new(
                "password",
                "password_too_long",
                "Password must be at most 128 characters.",
            ));
        }
        if raw.trim().is_empty() {
            return Err(FieldError::new(
                "password",
                "password_blank",
                "Password cannot be only spaces.",
            ));
        }
        if Self::COMMON.contains(&raw.to_lowercase().as_str()) {
            return Err(FieldError::new(
                "password",
                "password_common",
                "This password is too common; choose another.",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The secret itself, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The name a person is greeted by: 1 to 80 characters after trimming, any
/// script (O'Brien, Müller, देवनागरी, தமிழ், emoji), no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldError::new(
                "display_name",
                "required",
                "Display name is required.",
            ));
        }
        if value.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                "display_name",
                "display_name_too_long",
                "Display name must be at most 80 characters.",
            ));
        }
        // Zero-width joiners and variation selectors are format characters, not
        // control characters, so emoji sequences pass.
        if value.chars().any(|c| c.is_control()) {
            return Err(FieldError::new(
                "display_name",
                "display_name_invalid",
                "Display name cannot contain control characters.",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(value: DisplayName) -> Self {
        value.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an account is for. Brands and creators sign up themselves; admins are
/// made from the command line only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Brand,
    Creator,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Brand => "brand",
            Role::Creator => "creator",
            Role::Admin => "admin",
        }
    }

    /// Any stored role name.
    pub fn from_db(value: &str) -> Option<Self> {
        match value {
            "brand" => Some(Role::Brand),
            "creator" => Some(Role::Creator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// A role a person may choose at public sign-up.
    pub fn parse_public(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "brand" => Ok(Role::Brand),
            "creator" => Ok(Role::Creator),
            "" => Err(FieldError::new(
                "role",
                "required",
                "Choose whether you are a brand or a creator.",
            )),
            "admin" => Err(FieldError::new(
                "role",
                "role_not_public",
                "Admin accounts cannot be created through sign-up.",
            )),
            _ => Err(FieldError::new(
                "role",
                "role_invalid",
                "Role must be \"brand\" or \"creator\".",
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A complete, valid sign-up.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub email: Email,
    pub password: Password,
    pub display_name: DisplayName,
    pub role: Role,
}

impl SignUp {
    /// Parses every field and reports all failures at once, in form order.
    pub fn parse(
        email: &str,
        password: &str,
        display_name: &str,
        role: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let email = Email::parse(email);
        let password = Password::parse(password);
        let display_name = DisplayName::parse(display_name);
        let role = Role::parse_public(role);
        match (email, password, display_name, role) {
            (Ok(email), Ok(password), Ok(display_name), Ok(role)) => Ok(Self {
                email,
                password,
                display_name,
                role,
            }),
            (e, p, d, r) => Err([e.err(), p.err(), d.err(), r.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Anna.Muller@Example.COM ").unwrap().as_str(),
            "anna.muller@example.com"
        );
    }

    #[test]
    fn emails_with_apostrophes_and_unicode_local_parts_are_accepted() {
        assert!(Email::parse("o'brien@example.ie").is_ok());
        assert!(Email::parse("müller@beispiel.de").is_ok());
    }

    #[test]
    fn malformed_emails_are_refused_with_the_field_named() {
        for bad in [
            "",
            "plain",
            "a@b",
            "@example.com",
            "a@.com",
            "a@example.",
            "a b@example.com",
            "a@@example.com",
            "a@exa..mple.com",
        ] {
            let err = Email::parse(bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad:?}");
        }
    }

    #[test]
    fn overlong_emails_are_refused() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long).unwrap_err().reason, "email_too_long");
    }

    #[test]
    fn password_policy_counts_characters_not_bytes() {
        assert_eq!(
            Password::parse("short").unwrap_err().reason,
            "password_too_short"
        );
        // 10 Devanagari characters are 30 bytes but 10 characters.
        assert!(Password::parse("नमस्तेदुनियाआ").is_ok());
        assert!(Password::parse("correct horse battery").is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(129)).unwrap_err().reason,
            "password_too_long"
        );
        assert_eq!(
            Password::parse("          ").unwrap_err().reason,
            "password_blank"
        );
        assert_eq!(
            Password::parse("Password123").unwrap_err().reason,
            "password_common"
        );
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let p = Password::parse("super secret value").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn display_names_in_any_script_are_kept_exactly() {
        for name in [
            "O'Brien",
            "Müller",
            "प्रिया शर्मा",
            "தமிழ்செல்வி",
            "Zoë 🌸✨",
            "👩🏽‍💻 Dev",
        ] {
            assert_eq!(DisplayName::parse(name).unwrap().as_str(), name);
        }
        assert_eq!(DisplayName::parse("  Ana  ").unwrap().as_str(), "Ana");
    }

    #[test]
    fn blank_long_or_control_display_names_are_refused() {
        assert_eq!(DisplayName::parse("   ").unwrap_err().reason, "required");
        assert_eq!(
            DisplayName::parse(&"é".repeat(81)).unwrap_err().reason,
            "display_name_too_long"
        );
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
        assert_eq!(
            DisplayName::parse("bad\u{0007}name").unwrap_err().reason,
            "display_name_invalid"
        );
    }

    #[test]
    fn only_brand_and_creator_can_be_chosen_at_sign_up() {
        assert_eq!(Role::parse_public("Brand").unwrap(), Role::Brand);
        assert_eq!(Role::parse_public("creator").unwrap(), Role::Creator);
        assert_eq!(
            Role::parse_public("admin").unwrap_err().reason,
            "role_not_public"
        );
        assert_eq!(
            Role::parse_public("owner").unwrap_err().reason,
            "role_invalid"
        );
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in [Role::Brand, Role::Creator, Role::Admin] {
            assert_eq!(Role::from_db(role.as_str()), Some(role));
        }
    }

    #[test]
    fn sign_up_reports_every_bad_field_in_form_order() {
        let errs = SignUp::parse("nope", "short", "", "admin").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "display_name", "role"]);
    }

    proptest! {
        #[test]
        fn any_display_name_without_controls_within_limits_parses_to_its_trimmed_self(s in "[^\\p{Cc}]{1,80}") {
            match DisplayName::parse(&s) {
                Ok(name) => prop_assert_eq!(name.as_str(), s.trim()),
                Err(e) => prop_assert_eq!(e.reason, "required"),
            }
        }

        #[test]
        fn parsed_emails_parse_again_to_the_same_value(local in "[a-z0-9._'+-]{1,30}", domain in "[a-z0-9]{1,20}\\.[a-z]{2,6}") {
            let email = Email::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email);
        }
    }
}

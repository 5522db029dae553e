//! The one error type of the core. Each variant maps to one Python exception class
//! (bindings/errors.rs), and none of them ever carries a secret: AWS messages are scrubbed of
//! the collect's secret values before they become an `Error` (see `aws::credentials::Scrubber`).

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A bad input; `field` is its dotted name, e.g. `secret_data.aws_access_key_id`.
    InvalidArgument { field: String, reason: String },
    /// An AWS call failed after its retries.
    Aws(AwsFailure),
    /// A bug of ours (a panic caught at a task boundary, a broken invariant).
    Internal(String),
}

/// What failed, where, and why: enough for an operator to act on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AwsFailure {
    /// `service:Action`, e.g. `ec2:DescribeInstances`.
    pub operation: String,
    pub region: Option<String>,
    /// AWS error code (`UnauthorizedOperation`, `RequestLimitExceeded`, ...) when AWS sent one,
    /// else the stable code of the cause (`Timeout`, `Unreachable`, `ConnectionReset`, `Truncated`,
    /// `Malformed`, `WrongRoot`, `Redirect`, `HttpError`, `Stalled`, `RegionTimeout`, `Internal`).
    pub code: Option<String>,
    pub message: String,
}

impl Error {
    /// A bad input; field and reason are cut short, for they may quote the input (megabytes).
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidArgument { field: cut(field.into(), MAX_FIELD), reason: cut(reason.into(), MAX_REASON) }
    }
}

const MAX_FIELD: usize = 200;
/// A gRPC status message travels in a trailer that clients refuse beyond 8-16 KB (the call then
/// ends RESOURCE_EXHAUSTED instead of with our error): the texts of an error are cut to this
/// (`_core.MAX_REASON`, which the routes cut their messages to as well).
pub const MAX_REASON: usize = 1000;

/// `text`, or its first `max` bytes (on a character boundary) and its length.
pub fn cut(mut text: String, max: usize) -> String {
    if text.len() > max {
        let length = text.chars().count();
        let end = (0..=max).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.truncate(end);
        text.push_str(&format!(" ... ({length} characters)"));
    }
    text
}

/// `text` fit for one log line and one message, whatever a proxy or a compromised endpoint put in
/// it: every control character (C0, DEL, C1: newlines, carriage returns, the ESC of ANSI sequences)
/// and every character that reorders or breaks lines on display (U+2028/2029, bidirectional
/// overrides and isolates, zero-width marks) becomes a visible escape: `\n`, `\r`, `\t`, `\u{1b}`.
/// Idempotent: its output is printable text only.
pub fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hostile(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument { field, reason } => write!(f, "invalid {field}: {reason}"),
            Error::Aws(failure) => failure.fmt(f),
            Error::Internal(message) => write!(f, "internal error: {message}"),
        }
    }
}

impl AwsFailure {
    /// AWS refused the credentials themselves (or the role), not one action.
    pub fn credentials_rejected(&self) -> bool {
        const CODES: &[&str] = &[
            "AuthFailure",
            "ExpiredToken",
            "ExpiredTokenException",
            "IncompleteSignature",
            "InvalidAccessKeyId",
            "InvalidClientTokenId",
            "InvalidToken",
            "RequestExpired",
            "SignatureDoesNotMatch",
            "UnrecognizedClientException",
        ];
        let assume_role_denied = self.operation == "sts:AssumeRole" && self.code.as_deref() == Some("AccessDenied");
        assume_role_denied || self.code.as_deref().is_some_and(|code| CODES.contains(&code))
    }
}

impl AwsFailure {
    /// AWS refused this call for a reason every call of its action shares: permissions or
    /// credentials, not the one item asked for.
    pub fn refused(&self) -> bool {
        const CODES: &[&str] = &["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"];
        self.credentials_rejected() || self.code.as_deref().is_some_and(|code| CODES.contains(&code))
    }
}

impl fmt::Display for AwsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.operation)?;
        if let Some(region) = &self.region {
            write!(f, " in {region}")?;
        }
        write!(f, " failed")?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralised_text_has_no_control_character_and_no_forged_line() {
        let forged = "denied\n2026-12-02 10:00:00 [INFO] forged line\r\x1b[31mred\x1b[0m\u{202e}txt\u{85}\x00";
        let shown = neutralise(forged);
        assert_eq!(
            shown,
            "denied\\n2026-12-02 10:00:00 [INFO] forged line\\r\\u{1b}[31mred\\u{1b}[0m\\u{202e}txt\\u{85}\\u{0}"
        );
        assert!(!shown.chars().any(hostile), "{shown}");
        assert_eq!(neutralise(&shown), shown, "idempotent");
        assert_eq!(neutralise("Request limit exceeded. é 東京"), "Request limit exceeded. é 東京");
    }
}

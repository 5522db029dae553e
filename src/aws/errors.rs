//! SDK errors as `AwsFailure`s: the operation, the region, AWS's code and a message an operator
//! can read, scrubbed of secrets.

use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::credentials::Scrubber;
use crate::error::{cut, neutralise, AwsFailure};

/// Longer messages are cut: they end up in job errors and log lines.
const MAX_MESSAGE: usize = 1000;
/// AWS's codes are short names (`InvalidInstanceID.NotFound`); a longer one is not AWS's.
const MAX_CODE: usize = 100;

pub fn aws_failure<E>(
    operation: &str,
    region: Option<&str>,
    error: &SdkError<E, HttpResponse>,
    scrubber: &Scrubber,
) -> AwsFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(refused) = refused_role(error) {
        return aws_failure("sts:AssumeRole", region, refused, scrubber);
    }
    let (mut code, mut message) = match error.code() {
        Some(code) => (Some(code.to_string()), error.message().map(str::to_string)),
        // an error body in another protocol's layout (some endpoints answer every service in
        // the EC2 layout): read its Code and Message instead of dumping the response
        None => {
            let body = error.raw_response().and_then(|r| r.body().bytes()).map(String::from_utf8_lossy);
            let field = |name: &str| body.as_deref().and_then(|b| xml_text(b, name));
            (field("Code"), field("Message"))
        }
    };
    if code.is_none() {
        // AWS sent no code: the cause's own (docs/reliability.md, "Codes of a FAILURE")
        let (cause, detail) = cause_code(error);
        code = Some(cause.to_string());
        if let Some(detail) = detail {
            message = Some(format!("{detail}: {}", message.unwrap_or_else(|| causes(error))));
        }
    }
    // what AWS (or whatever answered in its place) wrote: scrubbed of the secrets, then of every
    // character that could forge a log line or drive a terminal, then cut
    let shown = |text: &str, max: usize| cut(neutralise(&scrubber.scrub(text)), max);
    let message = shown(&message.unwrap_or_else(|| causes(error)), MAX_MESSAGE);
    let code = code.map(|code| shown(&code, MAX_CODE));
    AwsFailure { operation: operation.to_string(), region: region.map(str::to_string), code, message }
}

/// The stable code of a failure AWS gave no code for, and what to say before its causes: a call
/// that timed out, could not connect, was reset, or whose answer was cut, malformed, another
/// document, a redirect or an HTTP error without AWS's error body.
fn cause_code<E>(error: &SdkError<E, HttpResponse>) -> (&'static str, Option<String>)
where
    E: std::error::Error + 'static,
{
    if let Some(broken) = find::<BrokenAnswer>(error) {
        return (broken.code, None);
    }
    let text = causes(error).to_ascii_lowercase();
    let truncated = ["end of file", "incomplete", "message length", "unexpected eof"];
    match error {
        SdkError::TimeoutError(_) => ("Timeout", None),
        SdkError::DispatchFailure(failure) if failure.is_timeout() => ("Timeout", None),
        SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            let kind = find::<std::io::Error>(error).map(std::io::Error::kind);
            use std::io::ErrorKind::*;
            let code = match kind {
                Some(TimedOut) => "Timeout",
                Some(UnexpectedEof) => "Truncated",
                Some(ConnectionReset | ConnectionAborted | BrokenPipe) => "ConnectionReset",
                Some(ConnectionRefused | NotConnected | AddrNotAvailable | HostUnreachable | NetworkUnreachable) => {
                    "Unreachable"
                }
                // the stalled-stream protection: an answer that paused longer than the call timeout
                _ if text.contains("throughput") => "Stalled",
                _ if truncated.iter().any(|t| text.contains(t)) => "Truncated",
                _ if text.contains("reset") || text.contains("connection closed") || text.contains("broken pipe") => {
                    "ConnectionReset"
                }
                _ if matches!(error, SdkError::ResponseError(_)) => "Malformed",
                _ => "Unreachable",
            };
            (code, None)
        }
        SdkError::ServiceError(_) => {
            let Some(response) = error.raw_response() else { return ("Malformed", None) };
            let status = response.status().as_u16();
            match status {
                300..=399 => {
                    let location = response.headers().get("location").unwrap_or("(no Location)");
                    let location = cut(neutralise(location), 300);
                    ("Redirect", Some(format!("HTTP {status} redirect to {location}, not followed")))
                }
                200..=299 => ("Malformed", None),
                _ => ("HttpError", Some(format!("HTTP {status} without an AWS error code"))),
            }
        }
        SdkError::ConstructionFailure(_) => ("Internal", None),
        _ => ("Internal", None),
    }
}

/// The first cause of `error` (itself included) that is a `T`.
fn find<'e, T: std::error::Error + 'static>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e T> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(found) = current.downcast_ref::<T>() {
            return Some(found);
        }
        cause = current.source();
    }
    None
}

/// An answer of an XML service that is not the document it should be (`src/aws/observer.rs`):
/// cut short (`Truncated`), broken (`Malformed`) or another document (`WrongRoot`).
#[derive(Debug)]
pub struct BrokenAnswer {
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for BrokenAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BrokenAnswer {}

/// A role that STS refused: the failure surfaces inside the next call, as the cause of its
/// credentials error, and is only readable (code, message) from there.
fn refused_role<'e>(
    error: &'e (dyn std::error::Error + 'static),
) -> Option<&'e SdkError<AssumeRoleError, HttpResponse>> {
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<SdkError<AssumeRoleError, HttpResponse>>() {
            return Some(refused);
        }
        source = cause.source();
    }
    None
}

/// The error and its causes, "outer: inner: innermost", without the raw response the SDK's
/// Debug dump would add (headers, a body that may be megabytes).
fn causes(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// The text of the first `<name>...</name>` element.
fn xml_text(body: &str, name: &str) -> Option<String> {
    let start = body.find(&format!("<{name}>"))? + name.len() + 2;
    let end = start + body[start..].find(&format!("</{name}>"))?;
    Some(body[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use std::io::{Error as IoError, ErrorKind};

    #[test]
    fn a_failure_without_an_aws_code_gets_the_code_of_its_cause() {
        let io = |kind: ErrorKind| -> SdkError<GetCallerIdentityError, HttpResponse> {
            SdkError::dispatch_failure(ConnectorError::io(Box::new(IoError::new(kind, "io"))))
        };
        let code = |error: SdkError<GetCallerIdentityError, HttpResponse>| {
            aws_failure("sts:GetCallerIdentity", Some("us-east-1"), &error, &Scrubber::default()).code
        };
        assert_eq!(code(io(ErrorKind::ConnectionRefused)).as_deref(), Some("Unreachable"));
        assert_eq!(code(io(ErrorKind::ConnectionReset)).as_deref(), Some("ConnectionReset"));
        assert_eq!(code(io(ErrorKind::UnexpectedEof)).as_deref(), Some("Truncated"));
        let timeout = SdkError::dispatch_failure(ConnectorError::timeout("slow".into()));
        assert_eq!(code(timeout).as_deref(), Some("Timeout"));
        assert_eq!(code(SdkError::timeout_error("late")).as_deref(), Some("Timeout"));
        assert_eq!(code(SdkError::construction_failure("bad")).as_deref(), Some("Internal"));
    }

    #[test]
    fn reads_the_code_of_an_ec2_layout_error() {
        let body = "<Response><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token \
                    included in the request is invalid.</Message></Error></Errors></Response>";
        assert_eq!(xml_text(body, "Code").as_deref(), Some("InvalidClientTokenId"));
        assert_eq!(
            xml_text(body, "Message").as_deref(),
            Some("The security token included in the request is invalid.")
        );
        assert_eq!(xml_text(body, "RequestId"), None);
    }
}

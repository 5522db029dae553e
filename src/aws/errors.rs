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
    let (code, message) = match error.code() {
        Some(code) => (Some(code.to_string()), error.message().map(str::to_string)),
        // an error body in another protocol's layout (some endpoints answer every service in
        // the EC2 layout): read its Code and Message instead of dumping the response
        None => {
            let body = error.raw_response().and_then(|r| r.body().bytes()).map(String::from_utf8_lossy);
            let field = |name: &str| body.as_deref().and_then(|b| xml_text(b, name));
            (field("Code"), field("Message"))
        }
    };
    // what AWS (or whatever answered in its place) wrote: scrubbed of the secrets, then of every
    // character that could forge a log line or drive a terminal, then cut
    let shown = |text: &str, max: usize| cut(neutralise(&scrubber.scrub(text)), max);
    let message = shown(&message.unwrap_or_else(|| causes(error)), MAX_MESSAGE);
    let code = code.map(|code| shown(&code, MAX_CODE));
    AwsFailure { operation: operation.to_string(), region: region.map(str::to_string), code, message }
}

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
    use super::xml_text;

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

//! SDK errors as `AwsFailure`s: the operation, the region, AWS's code and a message an operator
//! can read, scrubbed of secrets.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::credentials::Scrubber;
use crate::error::AwsFailure;

pub fn aws_failure<E, R>(operation: &str, region: Option<&str>, error: &SdkError<E, R>, scrubber: &Scrubber) -> AwsFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let message = match (error.code(), error.message()) {
        (Some(_), Some(message)) => message.to_string(),
        _ => DisplayErrorContext(error).to_string(),
    };
    AwsFailure {
        operation: operation.to_string(),
        region: region.map(str::to_string),
        code: error.code().map(str::to_string),
        message: scrubber.scrub(&message),
    }
}

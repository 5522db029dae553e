//! `Error` as the exceptions of `aws_ec2_collector.errors` (defined in Python, with typed
//! attributes given to their constructors), and the one panic guard of every binding body.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;

use crate::assemble::panic_message;
use crate::error::Error;

pyo3::import_exception!(aws_ec2_collector.errors, CollectorError);
pyo3::import_exception!(aws_ec2_collector.errors, InvalidArgument);
pyo3::import_exception!(aws_ec2_collector.errors, AwsError);
pyo3::import_exception!(aws_ec2_collector.errors, CredentialsRejected);

impl From<Error> for PyErr {
    fn from(error: Error) -> PyErr {
        let message = error.to_string();
        match error {
            Error::InvalidArgument { field, reason } => InvalidArgument::new_err((message, field, reason)),
            Error::Aws(failure) => {
                let rejected = failure.credentials_rejected();
                let args = (message, failure.operation, failure.region, failure.code);
                match rejected {
                    true => CredentialsRejected::new_err(args),
                    false => AwsError::new_err(args),
                }
            }
            Error::Internal(_) => CollectorError::new_err(message),
        }
    }
}

/// Runs a whole binding body; a Rust panic anywhere in it becomes a CollectorError ("internal
/// error: panic: ..."), never pyo3's PanicException (a BaseException the plugin server would not
/// turn into a gRPC status).
pub fn guarded<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic)).into()))
}

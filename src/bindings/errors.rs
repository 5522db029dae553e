//! `Error` as Python exceptions: CollectorError and its subclasses, with the details as
//! attributes (`field`; `operation`, `region`, `code`).

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

use crate::assemble::panic_message;
use crate::error::Error;

create_exception!(_core, CollectorError, PyException, "Base class of every error the native core raises.");
create_exception!(_core, InvalidArgument, CollectorError, "A bad input; `field` names it.");
create_exception!(_core, AwsError, CollectorError, "An AWS call failed after its retries.");
create_exception!(_core, CredentialsRejected, AwsError, "AWS refused the credentials of secret_data (or the role).");

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("CollectorError", py.get_type::<CollectorError>())?;
    m.add("InvalidArgument", py.get_type::<InvalidArgument>())?;
    m.add("AwsError", py.get_type::<AwsError>())?;
    m.add("CredentialsRejected", py.get_type::<CredentialsRejected>())?;
    Ok(())
}

pub fn to_py(py: Python<'_>, error: Error) -> PyErr {
    let message = error.to_string();
    let (err, attributes): (PyErr, Vec<(&str, Option<String>)>) = match error {
        Error::InvalidArgument { field, .. } => (InvalidArgument::new_err(message), vec![("field", Some(field))]),
        Error::Aws(failure) => (
            if failure.credentials_rejected() {
                CredentialsRejected::new_err(message)
            } else {
                AwsError::new_err(message)
            },
            vec![("operation", Some(failure.operation)), ("region", failure.region), ("code", failure.code)],
        ),
        Error::Internal(_) => (CollectorError::new_err(message), vec![]),
    };
    for (name, value) in attributes {
        // setting an attribute on a fresh exception instance cannot fail in practice
        let _ = err.value(py).setattr(name, value);
    }
    err
}

/// Runs a binding body; a Rust panic becomes a CollectorError, never a dead interpreter.
pub fn guarded<T>(py: Python<'_>, body: impl FnOnce() -> Result<T, Error>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic))))
        .map_err(|error| to_py(py, error))
}

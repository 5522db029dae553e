//! Python values into the core's types: JSON-like data of a bounded depth, each error naming the
//! argument it came from.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyTuple};
use pythonize::depythonize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Deeper than any AWS answer or plugin input; the conversion recurses, and a value nested some
/// thousands of levels deep would overflow the thread's stack.
const MAX_DEPTH: usize = 64;

/// `value` as a `T`; `field` names it in the error, `expected` says what it should have been.
pub fn from_python<T: DeserializeOwned>(value: &Bound<'_, PyAny>, field: &str, expected: &str) -> Result<T> {
    if !within(value, MAX_DEPTH) {
        return Err(Error::invalid(field, format!("is nested deeper than {MAX_DEPTH} levels")));
    }
    numbers(value, field)?;
    depythonize(value).map_err(|e| Error::invalid(field, format!("{expected} ({e})")))
}

/// Refuses, naming where it is (`options.call_timeout_seconds`), a number JSON cannot carry: a
/// NaN or an infinity (which the conversion would turn into null, i.e. "not set") or a whole number
/// beyond 64 bits (which it refuses for the whole argument). Runs after the depth check.
fn numbers(value: &Bound<'_, PyAny>, field: &str) -> Result<()> {
    if let Ok(dict) = value.cast::<PyDict>() {
        for (key, item) in dict.iter() {
            let name = key.str().map(|k| k.to_string_lossy().into_owned()).unwrap_or_else(|_| "?".into());
            numbers(&item, &format!("{field}.{name}"))?;
        }
    } else if let Ok(list) = value.cast::<PyList>() {
        for (i, item) in list.iter().enumerate() {
            numbers(&item, &format!("{field}[{i}]"))?;
        }
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        for (i, item) in tuple.iter().enumerate() {
            numbers(&item, &format!("{field}[{i}]"))?;
        }
    } else if value.is_instance_of::<PyFloat>() {
        if let Ok(number) = value.extract::<f64>() {
            if !number.is_finite() {
                return Err(Error::invalid(field, format!("must be a finite number, not {number}")));
            }
        }
    } else if value.is_instance_of::<PyInt>()
        && !value.is_instance_of::<PyBool>()
        && value.extract::<i64>().is_err()
        && value.extract::<u64>().is_err()
    {
        return Err(Error::invalid(field, "is a whole number beyond 64 bits"));
    }
    Ok(())
}

fn within(value: &Bound<'_, PyAny>, depth: usize) -> bool {
    if let Ok(dict) = value.cast::<PyDict>() {
        all_within(dict.values().iter(), depth)
    } else if let Ok(list) = value.cast::<PyList>() {
        all_within(list.iter(), depth)
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        all_within(tuple.iter(), depth)
    } else {
        true
    }
}

fn all_within<'py>(mut items: impl Iterator<Item = Bound<'py, PyAny>>, depth: usize) -> bool {
    depth > 0 && items.all(|item| within(&item, depth - 1))
}

//! Python values into the core's types: JSON-like data of a bounded depth, each error naming the
//! argument it came from.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
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
    depythonize(value).map_err(|e| Error::invalid(field, format!("{expected} ({e})")))
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

//! The four plugin routes' native halves.

use pyo3::prelude::*;
use pythonize::pythonize;
use serde_json::Value;

use super::errors::{guarded, to_py};
use super::input::from_python;
use super::stream::{log, RecordStream};
use crate::assemble::cloud_service;
use crate::aws::{Secret, Session};
use crate::collect::options::{check_region, Options};
use crate::collect::{check_regions, home_region, start, Job, Level};
use crate::collect::{plan, plugin_metadata as metadata, Task};
use crate::error::Error;
use crate::fetch::{account, fetch_region, Fetcher, Selection};
use crate::runtime::runtime;

/// A Python value as JSON; `field` names it when it is not representable.
fn json(value: &Bound<'_, PyAny>, field: &str) -> Result<Value, Error> {
    from_python(value, field, "is not JSON-like data")
}

/// The validated inputs of a call; what its options warrant a warning about (unknown keys) is
/// logged once, at WARNING, before the call goes on.
fn inputs(secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> Result<(Secret, Options), Error> {
    let parsed = Options::from_value(&json(options, "options")?)?;
    let secret = Secret::from_value(&json(secret_data, "secret_data")?)?;
    if let Some(warning) = &parsed.warning {
        // a logging failure must not fail the call
        let _ = log(options.py(), Level::Warning, warning);
    }
    Ok((secret, parsed))
}

#[pyfunction]
pub fn plugin_metadata(py: Python<'_>) -> PyResult<Py<PyAny>> {
    Ok(pythonize(py, &metadata())?.unbind())
}

#[pyfunction]
pub fn verify(py: Python<'_>, secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<String> {
    let (secret, options) = guarded(py, || inputs(secret_data, options))?;
    let checked = py.detach(|| {
        runtime().block_on(async {
            let session = Session::new(&secret, home_region(&options.region_filter), options.timeouts.call).await;
            let account_id = account::account_id(&session).await.map_err(Error::Aws)?;
            check_regions(&session, &options.region_filter, |i| format!("options.region_filter[{i}]")).await?;
            Ok(account_id)
        })
    });
    checked.map_err(|error| to_py(py, error))
}

#[pyfunction]
pub fn get_tasks(py: Python<'_>, secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let (secret, options) = guarded(py, || inputs(secret_data, options))?;
    let regions = py.detach(|| {
        runtime().block_on(async {
            let session = Session::new(&secret, home_region(&options.region_filter), options.timeouts.call).await;
            if options.region_filter.is_empty() {
                return account::enabled_regions(&session).await.map_err(Error::Aws);
            }
            check_regions(&session, &options.region_filter, |i| format!("options.region_filter[{i}]")).await?;
            Ok(account::Regions { regions: options.region_filter.clone(), warning: None })
        })
    });
    let listed = regions.map_err(|error| to_py(py, error))?;
    if let Some(warning) = &listed.warning {
        let _ = log(py, Level::Warning, warning);
    }
    let regions = listed.regions;
    Ok(pythonize(py, &plan(&regions))?.unbind())
}

#[pyfunction]
#[pyo3(signature = (secret_data, options, task_options = None))]
pub fn collect(
    py: Python<'_>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    task_options: Option<&Bound<'_, PyAny>>,
) -> PyResult<RecordStream> {
    let job = guarded(py, || {
        let (secret, options) = inputs(secret_data, options)?;
        let task_options = task_options.map(|t| json(t, "task_options")).transpose()?;
        let task = Task::from_value(task_options.as_ref())?;
        task.check_within(&options)?;
        Ok(Job { secret, options, task })
    })?;
    let (events, handle) = start(job);
    Ok(RecordStream::new(events, handle))
}

/// What AWS returned for one region (the snapshot the assembly reads), as JSON: AWS data only,
/// never a credential. For offline debugging and bug reports; `replay` assembles it.
#[pyfunction]
pub fn fetch_snapshot(
    py: Python<'_>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    region: &str,
) -> PyResult<String> {
    let (secret, options) = guarded(py, || {
        check_region(region, "region")?;
        inputs(secret_data, options)
    })?;
    let snapshot = py.detach(|| {
        runtime().block_on(async {
            let session = Session::new(&secret, region, options.timeouts.call).await;
            let fetcher = Fetcher::new(region, &session);
            let selection = Selection::new(cloud_service::reads(&options.cloud_service_types), &options.instance_ids);
            let mut snapshot = fetch_region(&session, &fetcher, &selection).await;
            // without the caller's account the assembly falls back to the owners in the data
            snapshot.account_id = account::account_id(&session).await.unwrap_or_default();
            snapshot
        })
    });
    guarded(py, || serde_json::to_string_pretty(&snapshot).map_err(|e| Error::Internal(e.to_string())))
}

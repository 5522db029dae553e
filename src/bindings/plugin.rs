//! The four plugin routes' native halves (the sync face; src/bindings/aio.rs is the asyncio one).

use pyo3::prelude::*;
use pythonize::pythonize;
use serde_json::Value;

use super::errors::{guarded, to_py};
use super::input::from_python;
use super::stream::{log, RecordStream};
use crate::aws::{Secret, Session};
use crate::collect::options::{check_region, plan, plugin_metadata as metadata, Options, Task};
use crate::collect::{check_regions, home_region, start, Job, Level};
use crate::error::Error;
use crate::fetch::{account, fetch_region, Fetcher, Selection};
use crate::runtime::runtime;
use crate::snapshot::RegionSnapshot;

/// A Python value as JSON; `field` names it when it is not representable.
fn json(value: &Bound<'_, PyAny>, field: &str) -> Result<Value, Error> {
    from_python(value, field, "is not JSON-like data")
}

/// The validated inputs of a call; what its options warrant a warning about (unknown keys) is
/// logged once, at WARNING, before the call goes on.
pub(super) fn inputs(
    py: Python<'_>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
) -> PyResult<(Secret, Options)> {
    guarded(py, || {
        let parsed = Options::from_value(&json(options, "options")?)?;
        let secret = Secret::from_value(&json(secret_data, "secret_data")?)?;
        if let Some(warning) = &parsed.warning {
            // a logging failure must not fail the call
            let _ = log(py, Level::Warning, warning);
        }
        Ok((secret, parsed))
    })
}

// Each route below is its inputs, read with the GIL held; its AWS work, an async function that
// the sync binding blocks on (GIL released) and the asyncio one (src/bindings/aio.rs) awaits;
// and its answer, made Python with the GIL held.

/// verify's work: the account id, once the credentials and options.region_filter are checked.
pub(super) async fn verified(secret: Secret, options: Options) -> Result<String, Error> {
    let session = Session::new(&secret, home_region(&options.region_filter), options.timeouts.call).await;
    let account_id = account::account_id(&session).await.map_err(Error::Aws)?;
    check_regions(&session, &options.region_filter, |i| format!("options.region_filter[{i}]")).await?;
    Ok(account_id)
}

/// get_tasks' work: options.region_filter once checked, else the account's enabled regions.
pub(super) async fn regions(secret: Secret, options: Options) -> Result<account::Regions, Error> {
    let session = Session::new(&secret, home_region(&options.region_filter), options.timeouts.call).await;
    if options.region_filter.is_empty() {
        return account::enabled_regions(&session).await.map_err(Error::Aws);
    }
    check_regions(&session, &options.region_filter, |i| format!("options.region_filter[{i}]")).await?;
    Ok(account::Regions { regions: options.region_filter, warning: None })
}

/// get_tasks' answer: the tasks of the regions, after the warning of their listing.
pub(super) fn tasks(py: Python<'_>, listed: account::Regions) -> PyResult<Py<PyAny>> {
    if let Some(warning) = &listed.warning {
        let _ = log(py, Level::Warning, warning);
    }
    Ok(pythonize(py, &plan(&listed.regions))?.unbind())
}

/// collect's inputs: the job of one task (or of everything), checked to lie within the options.
pub(super) fn job(
    py: Python<'_>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    task_options: Option<&Bound<'_, PyAny>>,
) -> PyResult<Job> {
    let (secret, options) = inputs(py, secret_data, options)?;
    guarded(py, || {
        let task_options = task_options.map(|t| json(t, "task_options")).transpose()?;
        let task = Task::from_value(task_options.as_ref())?;
        task.check_within(&options)?;
        Ok(Job { secret, options, task })
    })
}

/// fetch_snapshot's inputs: the region's code is checked before the rest.
pub(super) fn snapshot_inputs(
    py: Python<'_>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    region: &str,
) -> PyResult<(Secret, Options)> {
    guarded(py, || check_region(region, "region"))?;
    inputs(py, secret_data, options)
}

/// fetch_snapshot's work: the region's snapshot; what failed is in its gaps, not an error.
pub(super) async fn snapshot(secret: Secret, options: Options, region: String) -> RegionSnapshot {
    let session = Session::new(&secret, &region, options.timeouts.call).await;
    let fetcher = Fetcher::new(&region, &session);
    let selection = Selection::new(&options.cloud_service_types, &options.instance_ids);
    let mut snapshot = fetch_region(&session, &fetcher, &selection).await;
    // without the caller's account the assembly falls back to the owners in the data
    snapshot.account_id = account::account_id(&session).await.unwrap_or_default();
    snapshot
}

/// fetch_snapshot's answer: the snapshot as JSON text.
pub(super) fn snapshot_json(py: Python<'_>, snapshot: &RegionSnapshot) -> PyResult<String> {
    guarded(py, || serde_json::to_string_pretty(snapshot).map_err(|e| Error::Internal(e.to_string())))
}

#[pyfunction]
pub fn plugin_metadata(py: Python<'_>) -> PyResult<Py<PyAny>> {
    Ok(pythonize(py, &metadata())?.unbind())
}

#[pyfunction]
pub fn verify(py: Python<'_>, secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<String> {
    let (secret, options) = inputs(py, secret_data, options)?;
    py.detach(|| runtime().block_on(verified(secret, options))).map_err(|error| to_py(py, error))
}

#[pyfunction]
pub fn get_tasks(py: Python<'_>, secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let (secret, options) = inputs(py, secret_data, options)?;
    let listed = py.detach(|| runtime().block_on(regions(secret, options))).map_err(|error| to_py(py, error))?;
    tasks(py, listed)
}

#[pyfunction]
#[pyo3(signature = (secret_data, options, task_options = None))]
pub fn collect(
    py: Python<'_>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    task_options: Option<&Bound<'_, PyAny>>,
) -> PyResult<RecordStream> {
    let (events, handle) = start(job(py, secret_data, options, task_options)?);
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
    let (secret, options) = snapshot_inputs(py, secret_data, options, region)?;
    let snapshot = py.detach(|| runtime().block_on(snapshot(secret, options, region.to_string())));
    snapshot_json(py, &snapshot)
}

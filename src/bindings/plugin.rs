//! The plugin routes' blocking bindings: each converts its Python arguments to JSON, logs what
//! the request warrants a warning about, and calls the service (`crate::service`) with the GIL
//! released. The asyncio bindings (aio.rs) share their inputs and answers, defined here.

use pyo3::prelude::*;
use pythonize::pythonize;
use serde_json::Value;
use tokio::sync::mpsc::Receiver;
use tokio::task::AbortHandle;

use super::errors::guarded;
use super::input::from_python;
use super::stream::{log, RecordStream};
use crate::collect::events::LogEvent;
use crate::collect::Event;
use crate::error::{Error, Result};
use crate::runtime::runtime;
use crate::service::{self, Request, SnapshotRequest, Tasks};
use crate::snapshot::RegionSnapshot;

/// A Python value as JSON; `field` names it when it is not representable.
pub fn json(value: &Bound<'_, PyAny>, field: &str) -> Result<Value> {
    from_python(value, field, "is not JSON-like data")
}

/// Logs the warning of a request or a result, if any: a logging failure must not fail the call.
pub fn warn(py: Python<'_>, warning: &Option<LogEvent>) {
    if let Some(event) = warning {
        let _ = log(py, event);
    }
}

/// The request of secret_data and options; its warning is logged before the call goes on.
pub fn request(secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<Request> {
    let request = Request::parse(|| json(options, "options"), || json(secret_data, "secret_data"))?;
    warn(options.py(), &request.warning);
    Ok(request)
}

/// fetch_snapshot's request; its warning is logged before the call goes on.
pub fn snapshot_request(
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    region: &str,
) -> PyResult<SnapshotRequest> {
    let request = SnapshotRequest::parse(|| json(options, "options"), || json(secret_data, "secret_data"), region)?;
    warn(options.py(), &request.request.warning);
    Ok(request)
}

/// Starts the collect of a task (see `service::collect`).
pub fn start_collect(
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    task_options: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Receiver<Event>, AbortHandle)> {
    let request = request(secret_data, options)?;
    let task_options = task_options.map(|t| json(t, "task_options")).transpose()?;
    Ok(service::collect(request, task_options.as_ref())?)
}

/// get_tasks' answer, after the warning of the regions' listing.
pub fn tasks_answer(py: Python<'_>, tasks: Tasks) -> PyResult<Py<PyAny>> {
    warn(py, &tasks.warning);
    Ok(pythonize(py, &tasks.tasks)?.unbind())
}

/// fetch_snapshot's answer: the snapshot as JSON text.
pub fn snapshot_json(snapshot: &RegionSnapshot) -> PyResult<String> {
    Ok(serde_json::to_string_pretty(snapshot).map_err(|e| Error::Internal(e.to_string()))?)
}

#[pyfunction]
pub fn plugin_metadata(py: Python<'_>) -> PyResult<Py<PyAny>> {
    guarded(|| Ok(pythonize(py, &service::plugin_metadata())?.unbind()))
}

#[pyfunction]
pub fn verify(py: Python<'_>, secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<String> {
    guarded(|| {
        let request = request(secret_data, options)?;
        Ok(py.detach(|| runtime().block_on(service::verify(&request)))?)
    })
}

#[pyfunction]
pub fn get_tasks(py: Python<'_>, secret_data: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let request = request(secret_data, options)?;
        let tasks = py.detach(|| runtime().block_on(service::get_tasks(&request)))?;
        tasks_answer(py, tasks)
    })
}

#[pyfunction]
#[pyo3(signature = (secret_data, options, task_options = None))]
pub fn collect(
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    task_options: Option<&Bound<'_, PyAny>>,
) -> PyResult<RecordStream> {
    guarded(|| {
        let (events, job) = start_collect(secret_data, options, task_options)?;
        Ok(RecordStream::new(events, job))
    })
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
    guarded(|| {
        let request = snapshot_request(secret_data, options, region)?;
        let snapshot = py.detach(|| runtime().block_on(service::fetch_snapshot(&request)));
        snapshot_json(&snapshot)
    })
}

//! The asyncio face of the routes: the sync bindings' inputs (read when the function is called,
//! with the GIL held, raising as they do) and work (src/bindings/plugin.rs), as asyncio
//! awaitables driven by the process's one tokio runtime. The event loop never waits: the work
//! runs on the runtime, and its answer is made Python (and a collect's lines logged) on a
//! runtime blocking thread, which takes the GIL only for that. Cancelling an awaitable drops its
//! work, and with it every AWS call in flight.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;
use tokio::sync::mpsc::Receiver;
use tokio::sync::{watch, Mutex};
use tokio::task::AbortHandle;

use super::errors::to_py;
use super::plugin::{inputs, job, regions, snapshot, snapshot_inputs, snapshot_json, tasks, verified};
use super::stream::{log, response_to_py, Running};
use crate::assemble::panic_message;
use crate::assemble::response::Response;
use crate::collect::{start, Event};
use crate::error::Error;
use crate::runtime::runtime;

/// An answer still to be made Python. pyo3-async-runtimes converts the output of a future with
/// the GIL held, off the runtime's workers, and drops it unconverted if the asyncio future was
/// cancelled meanwhile.
struct Answer(Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>);

impl<'py> IntoPyObject<'py> for Answer {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        (self.0)(py).map(|answer| answer.into_bound(py))
    }
}

/// An asyncio awaitable of `work`, whose result `answer` makes Python; its error becomes the
/// exception the sync binding raises, a panic a CollectorError.
fn awaitable<'py, T: Send + 'static>(
    py: Python<'py>,
    work: impl Future<Output = Result<T, Error>> + Send + 'static,
    answer: impl FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
) -> PyResult<Bound<'py, PyAny>> {
    // pyo3-async-runtimes builds a runtime of its own on first use unless handed ours before;
    // handed here rather than at import, so that importing the module starts no thread
    let _ = pyo3_async_runtimes::tokio::init_with_runtime(runtime());
    pyo3_async_runtimes::tokio::future_into_py(py, async move {
        let done = AssertUnwindSafe(work)
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic))));
        Ok(Answer(Box::new(move |py| match done {
            Ok(value) => answer(py, value),
            Err(error) => Err(to_py(py, error)),
        })))
    })
}

#[pyfunction]
pub fn verify_async<'py>(
    py: Python<'py>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (secret, options) = inputs(py, secret_data, options)?;
    awaitable(py, verified(secret, options), |py, account_id| account_id.into_py_any(py))
}

#[pyfunction]
pub fn get_tasks_async<'py>(
    py: Python<'py>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (secret, options) = inputs(py, secret_data, options)?;
    awaitable(py, regions(secret, options), tasks)
}

#[pyfunction]
pub fn fetch_snapshot_async<'py>(
    py: Python<'py>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    region: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let (secret, options) = snapshot_inputs(py, secret_data, options, region)?;
    let work = snapshot(secret, options, region.to_string()).map(Ok);
    awaitable(py, work, |py, snapshot| snapshot_json(py, &snapshot)?.into_py_any(py))
}

#[pyfunction]
#[pyo3(signature = (secret_data, options, task_options = None))]
pub fn collect_async(
    py: Python<'_>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    task_options: Option<&Bound<'_, PyAny>>,
) -> PyResult<AsyncRecordStream> {
    let (events, handle) = start(job(py, secret_data, options, task_options)?);
    Ok(AsyncRecordStream::new(events, handle))
}

/// What the awaitables of one AsyncRecordStream share: the collect's channel, and whether the
/// stream was closed (which ends an `__anext__` waiting on the channel).
struct Channel {
    events: Mutex<Option<Receiver<Event>>>,
    closed: watch::Sender<bool>,
}

impl Channel {
    /// The next response, its log lines written first; `None` once the collect is over or the
    /// stream closed.
    async fn next(&self) -> Option<Box<Response>> {
        let mut closed = self.closed.subscribe();
        let mut events = self.events.lock().await;
        loop {
            let receiver = events.as_mut()?;
            let event = tokio::select! {
                biased;
                _ = closed.wait_for(|closed| *closed) => None,
                event = receiver.recv() => event,
            };
            match event {
                Some(Event::Response(response)) => return Some(response),
                // written now, not with the next response: a region's progress lines come
                // minutes apart from its records
                Some(Event::Log(level, message)) => {
                    let _ = tokio::task::spawn_blocking(move || Python::attach(|py| log(py, level, &message))).await;
                }
                None => {
                    // its buffered responses are dropped with it
                    *events = None;
                    return None;
                }
            }
        }
    }

    fn close(&self) {
        self.closed.send_replace(true);
    }
}

/// Aborts the collect when dropped armed: an `__anext__` whose awaitable was cancelled (its
/// work dropped, or its answer dropped unmade) stops the collect it was reading.
struct StopUnlessAnswered(Option<AbortHandle>);

impl StopUnlessAnswered {
    fn answered(mut self) {
        self.0 = None;
    }
}

impl Drop for StopUnlessAnswered {
    fn drop(&mut self) {
        if let Some(job) = &self.0 {
            job.abort();
        }
    }
}

/// An async iterator over a collect's responses (RecordStream's asyncio twin).
#[pyclass(module = "aws_ec2_collector._core", frozen)]
pub struct AsyncRecordStream {
    channel: Arc<Channel>,
    job: Running,
}

impl AsyncRecordStream {
    fn new(events: Receiver<Event>, job: AbortHandle) -> Self {
        let channel = Channel { events: Mutex::new(Some(events)), closed: watch::channel(false).0 };
        AsyncRecordStream { channel: Arc::new(channel), job: Running::new(job) }
    }
}

#[pymethods]
impl AsyncRecordStream {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let channel = Arc::clone(&self.channel);
        let stop = StopUnlessAnswered(Some(self.job.handle()));
        let next = async move { Ok(channel.next().await) };
        awaitable(py, next, move |py, next| {
            stop.answered();
            match next {
                Some(response) => response_to_py(py, &response),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }

    /// Stops the collect: its AWS calls are cancelled, its buffered responses dropped, and an
    /// `__anext__` waiting meanwhile ends the iteration. Awaitable, as `aclose` is by custom.
    fn aclose<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.job.abort();
        self.channel.close();
        let channel = Arc::clone(&self.channel);
        let closing = async move {
            channel.events.lock().await.take();
            Ok(())
        };
        awaitable(py, closing, |py, ()| Ok(py.None()))
    }
}

impl Drop for AsyncRecordStream {
    fn drop(&mut self) {
        // the collect itself is aborted by `job`, dropped next
        self.channel.close();
    }
}

//! The asyncio face of the routes: the blocking bindings' inputs and answers (plugin.rs; the
//! inputs read when the function is called, raising as they do) around the same service calls
//! (`crate::service`), as asyncio futures of the running loop whose work runs on the process's
//! one tokio runtime. The event loop never waits: an answer is made Python (and a collect's
//! lines logged) on a runtime blocking thread, which takes the GIL only for that and hands the
//! answer to the loop. Cancelling a future aborts its work, and with it every AWS call in flight.
//!
//! Not pyo3-async-runtimes' `future_into_py`: it completes futures from runtime threads that
//! may still be inside Python when the interpreter finalises, and such a thread is killed there,
//! which crashes the process at exit (PyO3/pyo3-async-runtimes#40; a third of `asyncio.run`
//! exits here). Every entry into Python from a runtime thread goes through `with_python`, which
//! the exit hook closes, once the threads inside have left.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Condvar, Mutex as StdMutex, MutexGuard};

use futures::FutureExt;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;
use tokio::sync::mpsc::Receiver;
use tokio::sync::{watch, Mutex};
use tokio::task::AbortHandle;

use super::errors::guarded;
use super::plugin::{request, snapshot_json, snapshot_request, start_collect, tasks_answer};
use super::stream::{log, response_to_py, Running};
use crate::assemble::panic_message;
use crate::assemble::response::Response;
use crate::collect::Event;
use crate::error::Error;
use crate::runtime::runtime;
use crate::service::{self, Request};

/// Runtime threads inside Python, and whether the interpreter is on its way out.
struct Gate {
    inside: usize,
    closed: bool,
}

static GATE: StdMutex<Gate> = StdMutex::new(Gate { inside: 0, closed: false });
static LEFT: Condvar = Condvar::new();

fn gate() -> MutexGuard<'static, Gate> {
    GATE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `body` with the GIL on a runtime thread; not at all once the interpreter is exiting.
fn with_python(body: impl FnOnce(Python<'_>)) {
    {
        let mut gate = gate();
        if gate.closed {
            return;
        }
        gate.inside += 1;
    }
    // a panic in `body` must still let the exit hook go on
    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| Python::attach(body)));
    gate().inside -= 1;
    LEFT.notify_all();
}

/// Registered with `atexit`, which runs before the interpreter finalises: no runtime thread
/// enters Python from then on, and the ones inside are waited for (they only convert an answer
/// or write a log line).
#[pyfunction]
fn close_gate(py: Python<'_>) {
    py.detach(|| {
        let mut gate = gate();
        gate.closed = true;
        while gate.inside > 0 {
            gate = LEFT.wait(gate).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    });
}

/// Registers `close_gate` with `atexit`, at import.
pub fn register_exit_hook(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    py.import("atexit")?.call_method1("register", (wrap_pyfunction!(close_gate, py)?,))?;
    Ok(())
}

/// A future's done callback: when the future is cancelled, its work (and `also`, the collect an
/// `__anext__` reads) is aborted.
#[pyclass]
struct AbortWhenCancelled {
    work: AbortHandle,
    also: Option<AbortHandle>,
}

#[pymethods]
impl AbortWhenCancelled {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.work.abort();
            if let Some(also) = &self.also {
                also.abort();
            }
        }
        Ok(())
    }
}

/// Sets a future's outcome, on its loop's thread, unless it was cancelled meanwhile.
#[pyfunction]
fn settle(future: &Bound<'_, PyAny>, failed: bool, outcome: &Bound<'_, PyAny>) -> PyResult<()> {
    if future.call_method0("done")?.is_truthy()? {
        return Ok(());
    }
    future.call_method1(if failed { "set_exception" } else { "set_result" }, (outcome,))?;
    Ok(())
}

/// A future of the running loop with the outcome of `work`, made Python by `answer`; an error
/// becomes the exception the sync binding raises, a panic a CollectorError. `also` is aborted
/// with the work if the future is cancelled.
fn awaitable<'py, T: Send + 'static>(
    py: Python<'py>,
    work: impl Future<Output = crate::error::Result<T>> + Send + 'static,
    answer: impl FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
    also: Option<AbortHandle>,
) -> PyResult<Bound<'py, PyAny>> {
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let future = event_loop.call_method0("create_future")?;
    let (event_loop_, future_) = (event_loop.unbind(), future.clone().unbind());
    let task = runtime().spawn(async move {
        let done = AssertUnwindSafe(work)
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic))));
        let _ = tokio::task::spawn_blocking(move || {
            with_python(|py| {
                let (event_loop, future) = (event_loop_.bind(py), future_.bind(py));
                // cancelled meanwhile: nobody wants the answer
                if future.call_method0("done").and_then(|done| done.is_truthy()).unwrap_or(true) {
                    return;
                }
                let (failed, outcome) = match done.map_err(PyErr::from).and_then(|v| answer(py, v)) {
                    Ok(value) => (false, value.into_bound(py)),
                    Err(error) => (true, error.into_value(py).into_bound(py).into_any()),
                };
                // a loop closed meanwhile has nobody waiting either
                let _ = wrap_pyfunction!(settle, py).and_then(|settle| {
                    event_loop.call_method1("call_soon_threadsafe", (settle, future, failed, outcome))
                });
            })
        })
        .await;
    });
    future.call_method1("add_done_callback", (AbortWhenCancelled { work: task.abort_handle(), also },))?;
    Ok(future)
}

/// A route of secret_data and options: its request, read now, then `work` on it, answered.
fn on_request<'py, T: Send + 'static, W: Future<Output = crate::error::Result<T>> + Send + 'static>(
    py: Python<'py>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    work: impl FnOnce(Request) -> W,
    answer: impl FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| awaitable(py, work(request(secret_data, options)?), answer, None))
}

#[pyfunction]
pub fn verify_async<'py>(
    py: Python<'py>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let work = |request: Request| async move { service::verify(&request).await };
    on_request(py, secret_data, options, work, |py, account_id| account_id.into_py_any(py))
}

#[pyfunction]
pub fn get_tasks_async<'py>(
    py: Python<'py>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let work = |request: Request| async move { service::get_tasks(&request).await };
    on_request(py, secret_data, options, work, tasks_answer)
}

#[pyfunction]
pub fn fetch_snapshot_async<'py>(
    py: Python<'py>,
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    region: &str,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let request = snapshot_request(secret_data, options, region)?;
        let work = async move { Ok(service::fetch_snapshot(&request).await) };
        awaitable(py, work, |py, snapshot| snapshot_json(&snapshot)?.into_py_any(py), None)
    })
}

#[pyfunction]
#[pyo3(signature = (secret_data, options, task_options = None))]
pub fn collect_async(
    secret_data: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    task_options: Option<&Bound<'_, PyAny>>,
) -> PyResult<AsyncRecordStream> {
    guarded(|| {
        let (events, job) = start_collect(secret_data, options, task_options)?;
        Ok(AsyncRecordStream::new(events, job))
    })
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
                Some(Event::Log(event)) => {
                    let _ = tokio::task::spawn_blocking(move || with_python(|py| drop(log(py, &event)))).await;
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
        guarded(|| {
            let channel = Arc::clone(&self.channel);
            let next = async move { Ok(channel.next().await) };
            let answer = |py: Python<'_>, next: Option<Box<Response>>| match next {
                Some(response) => response_to_py(py, &response),
                None => Err(PyStopAsyncIteration::new_err(())),
            };
            // the consumer's task cancelled while it awaits (or a timeout around it): the
            // collect stops, as when the stream is closed
            awaitable(py, next, answer, Some(self.job.handle()))
        })
    }

    /// Stops the collect: its AWS calls are cancelled, its buffered responses dropped, and an
    /// `__anext__` waiting meanwhile ends the iteration. Awaitable, as `aclose` is by custom.
    fn aclose<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            self.job.abort();
            self.channel.close();
            let channel = Arc::clone(&self.channel);
            let closing = async move {
                channel.events.lock().await.take();
                Ok(())
            };
            awaitable(py, closing, |py, ()| Ok(py.None()), None)
        })
    }
}

impl Drop for AsyncRecordStream {
    fn drop(&mut self) {
        // the collect itself is aborted by `job`, dropped next
        self.channel.close();
    }
}

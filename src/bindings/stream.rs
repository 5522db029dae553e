//! RecordStream: a Python iterator over a collect's channel. Each `__next__` waits with the GIL
//! released, in short slices so that Ctrl-C and signals are seen; log events are written to the
//! plugin's logger (`LOGGER_NAME`) by the iterating thread, each with its typed dict as the
//! record's `event`; dropping or closing the stream aborts the collect.

use std::sync::Mutex;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use pythonize::pythonize;
use tokio::sync::mpsc::Receiver;
use tokio::task::AbortHandle;

use super::errors::guarded;
use crate::assemble::response::Response;
use crate::collect::events::{Level, LogEvent};
use crate::collect::Event;
use crate::runtime::runtime;

const POLL: Duration = Duration::from_millis(100);
/// The logger of every line the plugin writes (the routes' too): `_core.LOGGER_NAME`.
pub const LOGGER_NAME: &str = "spaceone.aws_ec2_collector";

/// The collect a stream (this one or AsyncRecordStream) reads: dropped with its stream, it is
/// aborted and the memory it freed is given back.
pub struct Running(AbortHandle);

impl Running {
    pub fn new(job: AbortHandle) -> Self {
        Running(job)
    }

    pub fn abort(&self) {
        self.0.abort();
    }

    /// For a future that stops the collect when it is cancelled (AsyncRecordStream's `__anext__`).
    pub fn handle(&self) -> AbortHandle {
        self.0.clone()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.abort();
        give_back_memory();
    }
}

#[pyclass(module = "aws_ec2_collector._core")]
pub struct RecordStream {
    events: Mutex<Option<Receiver<Event>>>,
    job: Running,
}

impl RecordStream {
    pub fn new(events: Receiver<Event>, job: AbortHandle) -> Self {
        RecordStream { events: Mutex::new(Some(events)), job: Running::new(job) }
    }

    fn stop(&self, py: Python<'_>) {
        self.job.abort();
        // the reader holds the lock for up to POLL, with the GIL released: wait without it
        py.detach(|| drop(self.events.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()));
    }

    /// The next event, waiting at most `POLL`; `Ok(None)` when the collect is over.
    fn poll(&self) -> Result<Option<Event>, tokio::time::error::Elapsed> {
        let mut events = self.events.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match events.as_mut() {
            None => Ok(None),
            Some(receiver) => runtime().block_on(async { tokio::time::timeout(POLL, receiver.recv()).await }),
        }
    }
}

#[pymethods]
impl RecordStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| loop {
            match py.detach(|| self.poll()) {
                Ok(Some(Event::Response(response))) => return response_to_py(py, &response).map(Some),
                Ok(Some(Event::Log(event))) => log(py, &event)?,
                Ok(None) => {
                    self.stop(py);
                    return Ok(None);
                }
                Err(_) => py.check_signals()?,
            }
        })
    }

    /// Stops the collect: its AWS calls are cancelled and its buffered responses dropped. Safe
    /// from any thread, also while another one waits in `__next__` (it then ends the stream).
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        guarded(|| {
            self.stop(py);
            Ok(())
        })
    }
}

/// A collect's snapshots and records were freed on many threads: glibc keeps those pages in
/// per-thread arenas for reuse, so a server that ran 100 collects at once would keep the peak
/// for good. Giving the free pages back once a collect ends keeps the RSS near its baseline.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it takes glibc's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A response in the shape the plugin server's collect yields.
pub fn response_to_py(py: Python<'_>, response: &Response) -> PyResult<Py<PyAny>> {
    Ok(pythonize(py, response)?.unbind())
}

/// Writes `event` to the plugin's logger: its line as the message, its dict as `extra={"event": ...}`
/// (a handler reads `record.event`).
pub fn log(py: Python<'_>, event: &LogEvent) -> PyResult<()> {
    let level = match event.level() {
        Level::Info => 20,
        Level::Warning => 30,
    };
    let logger = py.import("logging")?.call_method1("getLogger", (LOGGER_NAME,))?;
    let extra = PyDict::new(py);
    extra.set_item("event", pythonize(py, event)?)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("extra", extra)?;
    // the collect's lines quote AWS's answers: one printable line each, always
    logger.call_method("log", (level, crate::error::neutralise(&event.to_string())), Some(&kwargs))?;
    Ok(())
}

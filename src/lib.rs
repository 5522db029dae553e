//! Rust core of the Cloudforet AWS EC2 inventory collector.
//!
//! Layers, data flowing one way: `aws` (credentials and clients) -> `fetch` (a region snapshot,
//! I/O only) -> `assemble` (Cloudforet responses, pure functions) -> `collect` (streams a job's
//! responses) -> `bindings` (the Python module `aws_ec2_collector._core`).

pub mod assemble;
pub mod aws;
mod bindings;
pub mod collect;
pub mod error;
pub mod fetch;
pub mod model;
pub mod runtime;
pub mod snapshot;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    bindings::register(m)
}

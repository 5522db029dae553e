//! Rust core of the Cloudforet AWS EC2 inventory collector.
//!
//! Layers, data flowing one way: `aws` (credentials and clients) -> `fetch` (a region snapshot,
//! I/O only) -> `assemble` (Cloudforet responses, pure functions) -> `collect` (streams a job's
//! responses) -> `bindings` (the Python module `aws_ec2_collector._core`).

mod assemble;
mod aws;
mod bindings;
mod collect;
mod error;
mod fetch;
mod model;
mod runtime;
mod snapshot;

// The public surface, for the Rust tests and benches: a region snapshot in, its responses out.
pub use assemble::cloud_service::names as cloud_service_types;
pub use assemble::cloud_service_responses;
pub use assemble::index::RegionIndex;
pub use error::AwsFailure;
pub use snapshot::{Call, Gap, RegionSnapshot};

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    no_core_dumps();
    bindings::register(m)
}

/// The process holds AWS credentials from the first collect on: a core dump of it would write
/// them to disk. Its soft RLIMIT_CORE is set to 0 when the module is imported; the hard limit is
/// left as it was (docs/reliability.md).
fn no_core_dumps() {
    #[cfg(unix)]
    // SAFETY: getrlimit/setrlimit only read and write the rlimit given, which lives on this stack
    unsafe {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
            limit.rlim_cur = 0;
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
    }
}

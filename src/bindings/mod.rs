//! The Python module `aws_ec2_collector._core`, declared once below: a thin layer that converts
//! inputs, releases the GIL around every wait, and turns `Error`s and panics into the exceptions
//! of `aws_ec2_collector.errors`. The operations themselves are `crate::service`'s; each route
//! has a blocking face (plugin.rs, stream.rs) and an asyncio one (aio.rs).

mod aio;
mod errors;
mod input;
mod migration;
mod plugin;
mod stream;

use pyo3::prelude::*;

#[pymodule]
mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::aio::{collect_async, fetch_snapshot_async, get_tasks_async, verify_async, AsyncRecordStream};
    #[pymodule_export]
    use super::migration::{
        instance_auto_scaling_group, instance_aws, instance_cloud_service, instance_compute, instance_data_of,
        instance_disks, instance_hardware, instance_load_balancers, instance_nics, instance_os,
        instance_security_group_rules, instance_subnet, instance_vpc, replay,
    };
    #[pymodule_export]
    use super::plugin::{collect, fetch_snapshot, get_tasks, plugin_metadata, verify};
    #[pymodule_export]
    use super::stream::RecordStream;

    #[pymodule_export]
    #[allow(non_upper_case_globals)] // Python's name for it
    const __version__: &str = env!("CARGO_PKG_VERSION");
    #[pymodule_export]
    const INSTANCE_STEPS: &[&str] = super::migration::INSTANCE_STEPS;
    #[pymodule_export]
    const LOGGER_NAME: &str = super::stream::LOGGER_NAME;
    #[pymodule_export]
    const MAX_REASON: usize = crate::error::MAX_REASON;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        super::no_core_dumps();
        // the one list of the EC2 types (the registry's), for Python (the CLI, the tests) to read
        m.add("CLOUD_SERVICE_TYPES", crate::assemble::cloud_service::names())?;
        super::aio::register_exit_hook(m)
    }
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

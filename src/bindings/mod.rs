//! The Python module `aws_ec2_collector._core`: a thin layer that converts inputs, releases the
//! GIL around every wait, and turns `Error`s and panics into Python exceptions. Each route has a
//! sync face (plugin.rs, stream.rs) and an asyncio one (aio.rs), over the same inputs and work.

mod aio;
mod errors;
mod input;
mod migration;
mod plugin;
mod stream;

use pyo3::prelude::*;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // the one list of the EC2 types, for Python (the CLI, the tests) to read rather than repeat
    m.add("CLOUD_SERVICE_TYPES", crate::assemble::record::CLOUD_SERVICE_TYPES.to_vec())?;
    m.add_class::<stream::RecordStream>()?;
    m.add_function(wrap_pyfunction!(plugin::plugin_metadata, m)?)?;
    m.add_function(wrap_pyfunction!(plugin::verify, m)?)?;
    m.add_function(wrap_pyfunction!(plugin::get_tasks, m)?)?;
    m.add_function(wrap_pyfunction!(plugin::collect, m)?)?;
    m.add_function(wrap_pyfunction!(plugin::fetch_snapshot, m)?)?;
    aio::register(m)?;
    m.add_function(wrap_pyfunction!(migration::replay, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_data_of, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_cloud_service, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_os, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_aws, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_hardware, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_compute, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_nics, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_disks, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_load_balancers, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_security_group_rules, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_vpc, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_subnet, m)?)?;
    m.add_function(wrap_pyfunction!(migration::instance_auto_scaling_group, m)?)?;
    m.add("INSTANCE_STEPS", migration::INSTANCE_STEPS.to_vec())?;
    Ok(())
}

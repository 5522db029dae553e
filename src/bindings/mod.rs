//! The Python module `aws_ec2_collector._core`: a thin layer that converts inputs, releases the
//! GIL around every wait, and turns `Error`s and panics into Python exceptions.

mod errors;
mod plugin;
mod stream;

use pyo3::prelude::*;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<stream::RecordStream>()?;
    m.add_function(wrap_pyfunction!(plugin::plugin_metadata, m)?)?;
    m.add_function(wrap_pyfunction!(plugin::verify, m)?)?;
    m.add_function(wrap_pyfunction!(plugin::get_tasks, m)?)?;
    m.add_function(wrap_pyfunction!(plugin::collect, m)?)?;
    Ok(())
}

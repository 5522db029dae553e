//! The assembly steps one at a time, for a Python collector that moves its managers to Rust one
//! by one: boto3-shaped dicts in, the dicts the full Rust path emits out. Every step runs the
//! real assembly (`instance_data`) on a snapshot made of the lists given, and returns its part.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use pythonize::pythonize;
use serde::Serialize;
use serde_json::Value;

use super::errors::guarded;
use super::input::from_python;
use crate::assemble::index::RegionIndex;
use crate::assemble::instance::{instance_data, instance_record};
use crate::assemble::{cloud_service, cloud_service_responses};
use crate::error::{Error, Result};
use crate::model::ec2::Instance;
use crate::snapshot::RegionSnapshot;

/// A region snapshot from `region` and the boto3 lists passed by keyword (RegionSnapshot's field
/// names: volumes=[...], security_groups=[...], ...).
fn snapshot_of(region: &str, related: Option<&Bound<'_, PyDict>>) -> Result<RegionSnapshot> {
    let mut parts: Value = match related {
        Some(related) => from_python(related.as_any(), "related", "not JSON-like data")?,
        None => Value::Object(Default::default()),
    };
    // a misspelt list name would silently leave that part of the record empty
    let known = serde_json::to_value(RegionSnapshot::default()).unwrap_or_default();
    for name in parts.as_object().into_iter().flat_map(|p| p.keys()) {
        if known.get(name).is_none() {
            let names: Vec<&String> = known.as_object().into_iter().flat_map(|k| k.keys()).collect();
            return Err(Error::invalid(name.as_str(), format!("is not a snapshot list; known: {names:?}")));
        }
    }
    parts["region"] = Value::String(region.to_string());
    serde_json::from_value(parts).map_err(|e| Error::invalid("related", format!("not boto3-shaped data: {e}")))
}

fn instance_of(instance: &Bound<'_, PyAny>) -> Result<Instance> {
    from_python(instance, "instance", "not a boto3 instance")
}

fn to_python<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    Ok(pythonize(py, value)?.unbind())
}

/// The instance and the region index of the lists given, for `assemble`.
fn with_index(
    instance: &Bound<'_, PyAny>,
    region: &str,
    related: Option<&Bound<'_, PyDict>>,
    assemble: impl FnOnce(&Instance, &RegionIndex<'_>) -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    let (instance, snapshot) = (instance_of(instance)?, snapshot_of(region, related)?);
    assemble(&instance, &RegionIndex::new(&snapshot))
}

/// Declares one pyfunction per part of an instance's `data` (`$part` picks it from the data),
/// and INSTANCE_STEPS, their names; the `@fn` arm declares one whose value `$assemble` builds.
macro_rules! instance_steps {
    (@fn $(#[$doc:meta])* $name:ident => $assemble:path, |$value:ident| $part:expr) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (instance, region = "", account = "", **related))]
        pub fn $name(
            py: Python<'_>,
            instance: &Bound<'_, PyAny>,
            region: &str,
            account: &str,
            related: Option<&Bound<'_, PyDict>>,
        ) -> PyResult<Py<PyAny>> {
            guarded(|| {
                with_index(instance, region, related, |instance, index| {
                    let $value = $assemble(instance, account, index)?;
                    to_python(py, $part)
                })
            })
        }
    };
    ($($(#[$doc:meta])* $name:ident => |$data:ident| $part:expr),* $(,)?) => {
        $(instance_steps!(@fn $(#[$doc])* $name => instance_data, |$data| $part);)*
        pub const INSTANCE_STEPS: &[&str] = &[$(stringify!($name)),*];
    };
}

instance_steps! {
    /// `data.os`: needs images=[...], instance_information=[...] (SSM).
    instance_os => |data| &data.os,
    /// `data.aws`: needs termination_protection={id: bool}, volumes=[...].
    instance_aws => |data| &data.aws,
    /// `data.hardware`: needs instance_types=[...].
    instance_hardware => |data| &data.hardware,
    /// `data.compute`: needs images=[...].
    instance_compute => |data| &data.compute,
    /// `data.nics`: needs subnets=[...].
    instance_nics => |data| &data.nics,
    /// `data.disks`: needs volumes=[...].
    instance_disks => |data| &data.disks,
    /// `data.load_balancer`: needs load_balancers, listeners, target_groups, target_health.
    instance_load_balancers => |data| &data.load_balancer,
    /// `data.security_group`: needs security_groups=[...].
    instance_security_group_rules => |data| &data.security_group,
    /// `data.vpc`: needs vpcs=[...].
    instance_vpc => |data| &data.vpc,
    /// `data.subnet`: needs subnets=[...].
    instance_subnet => |data| &data.subnet,
    /// `data.auto_scaling_group` (None when the instance is in no group): needs
    /// auto_scaling_groups, launch_configurations.
    instance_auto_scaling_group => |data| &data.auto_scaling_group,
}

instance_steps!(@fn
    /// The whole `data` of an instance (every step above).
    instance_data_of => instance_data, |data| &data
);

instance_steps!(@fn
    /// The CloudService record of an instance, as the plugin server's collect takes it.
    instance_cloud_service => instance_record, |record| &record
);

/// Every response of a region snapshot (a dict of RegionSnapshot's fields, or the JSON text
/// `fetch_snapshot` and `ec2-collector snapshot` write), for the given types (default: all).
#[pyfunction]
#[pyo3(signature = (snapshot, cloud_service_types = None))]
pub fn replay(
    py: Python<'_>,
    snapshot: &Bound<'_, PyAny>,
    cloud_service_types: Option<Vec<String>>,
) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let snapshot: RegionSnapshot = match snapshot.extract::<String>() {
            Ok(text) => serde_json::from_str(&text).map_err(|e| Error::invalid("snapshot", e.to_string()))?,
            Err(_) => from_python(snapshot, "snapshot", "not a region snapshot")?,
        };
        let types = selected_types(cloud_service_types)?;
        let responses = py.detach(|| {
            let index = RegionIndex::new(&snapshot);
            cloud_service_responses(&snapshot, &index, &types).collect::<Vec<_>>()
        });
        to_python(py, &responses)
    })
}

fn selected_types(names: Option<Vec<String>>) -> Result<Vec<&'static str>> {
    names.map_or_else(|| Ok(cloud_service::names()), |names| cloud_service::parse(&names, "cloud_service_types"))
}

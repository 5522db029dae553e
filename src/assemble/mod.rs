//! Assembly: pure functions from a region snapshot to Cloudforet responses. No I/O here.

pub mod auto_scaling_group;
pub mod cloud_service;
pub mod cloud_service_type;
pub mod data;
pub mod eip;
pub mod held_back;
pub mod image;
pub mod index;
pub mod instance;
pub mod launch_template;
pub mod links;
pub mod metrics;
pub mod record;
pub mod region;
pub mod response;
pub mod rules;
pub mod security_group;
pub mod snapshot;
#[cfg(test)]
mod test_records;
pub mod time;
pub mod volume;

use std::panic::{catch_unwind, AssertUnwindSafe};

use cloud_service::{reported_under, selected, CloudService, Responses};
use index::RegionIndex;
use response::Response;

use crate::error::Error;
use crate::snapshot::{Gap, RegionSnapshot};

/// Every response of a region, one at a time, type after type (`CLOUD_SERVICES` order): a
/// record per resource, or a FAILURE naming the resource when it cannot be assembled (the others
/// go on), then a FAILURE per call that failed while fetching the snapshot.
pub fn cloud_service_responses<'a>(
    snapshot: &'a RegionSnapshot,
    index: &'a RegionIndex<'a>,
    types: &'a [&'static str],
) -> impl Iterator<Item = Response> + 'a {
    records(snapshot, index, selected(types)).chain(gap_failures(&snapshot.region, &snapshot.gaps, types))
}

/// The records of `cloud_services` in a region, type after type (of a type with a per-record
/// call, those `index.due`).
pub fn records<'a>(
    snapshot: &'a RegionSnapshot,
    index: &'a RegionIndex<'a>,
    cloud_services: impl Iterator<Item = &'static dyn CloudService> + 'a,
) -> impl Iterator<Item = Response> + 'a {
    let region = snapshot.region.as_str();
    cloud_services.flat_map(move |t| guarded(region, t, snapshot, index))
}

/// A FAILURE per call that failed while fetching a region (`gaps`), under the type it concerns in
/// a collect of `types`.
pub fn gap_failures<'a>(
    region: &'a str,
    gaps: &'a [Gap],
    types: &'a [&'static str],
) -> impl Iterator<Item = Response> + 'a {
    // an enrichment the current collector treats as optional is logged (collect, WARNING per
    // region), not reported as a FAILURE in every region of an account without that permission
    gaps.iter().filter(|gap| !gap.call.is_enrichment()).map(move |gap| {
        Response::failure(reported_under(gap.call, types), Some(region), None, &Error::Aws(gap.failure.clone()))
    })
}

/// A type's responses, started when the stream reaches them; a panic while starting them (before
/// the first record: the per-region joins of a type) is one FAILURE for that type and region.
fn guarded<'a>(
    region: &'a str,
    cloud_service: &'static dyn CloudService,
    snapshot: &'a RegionSnapshot,
    index: &'a RegionIndex<'a>,
) -> Responses<'a> {
    catch_unwind(AssertUnwindSafe(|| cloud_service.responses(snapshot, index))).unwrap_or_else(|panic| {
        let error = Error::Internal(panic_message(&panic));
        Box::new(std::iter::once(Response::failure(cloud_service.name(), Some(region), None, &error)))
    })
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    format!("panic: {text}")
}

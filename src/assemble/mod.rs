//! Assembly: pure functions from a region snapshot to Cloudforet responses. No I/O here.

pub mod auto_scaling_group;
pub mod cloud_service_type;
pub mod eip;
pub mod image;
pub mod index;
pub mod instance;
pub mod launch_template;
pub mod metrics;
pub mod record;
pub mod region;
pub mod response;
pub mod rule_sources;
pub mod security_group;
pub mod snapshot;
#[cfg(test)]
mod test_records;
pub mod time;
pub mod volume;

use std::panic::{catch_unwind, AssertUnwindSafe};

use index::RegionIndex;
use response::Response;

use crate::error::Error;
use crate::snapshot::RegionSnapshot;

/// Calls whose failure loses only optional details of other records: SSM's view of the hosts.
pub const ENRICHMENTS: &[&str] = &["ssm:DescribeInstanceInformation"];

/// Every response of a region, one at a time, type after type: a record per resource, or a
/// FAILURE naming the resource when it cannot be assembled (the others go on), then a FAILURE per
/// call that failed while fetching the snapshot.
pub fn cloud_service_responses<'a>(
    snapshot: &'a RegionSnapshot,
    index: &'a RegionIndex<'a>,
    types: &'a [&'static str],
) -> impl Iterator<Item = Response> + 'a {
    type Build = for<'s> fn(&'s RegionSnapshot, &'s RegionIndex<'s>) -> Vec<Response>;
    const OTHERS: &[(&str, Build)] = &[
        (volume::CLOUD_SERVICE_TYPE, volume::responses),
        (snapshot::CLOUD_SERVICE_TYPE, snapshot::responses),
        (security_group::CLOUD_SERVICE_TYPE, security_group::responses),
        (eip::CLOUD_SERVICE_TYPE, eip::responses),
        (auto_scaling_group::CLOUD_SERVICE_TYPE, auto_scaling_group::responses),
        (launch_template::CLOUD_SERVICE_TYPE, launch_template::responses),
        (image::CLOUD_SERVICE_TYPE, image::responses),
    ];
    let region = snapshot.region.as_str();
    let instances = types.contains(&instance::CLOUD_SERVICE_TYPE).then(|| instance_responses(snapshot, index));
    let others = OTHERS
        .iter()
        .filter(|(t, _)| types.contains(t))
        .flat_map(move |(t, build)| guarded(region, t, move || build(snapshot, index)));
    // an enrichment the current collector treats as optional is logged (collect, WARNING per
    // region), not reported as a FAILURE in every region of an account without that permission
    let gaps = snapshot.gaps.iter().filter(|gap| !ENRICHMENTS.contains(&gap.operation.as_str())).map(move |gap| {
        Response::failure(record::type_of_operation(&gap.operation), Some(region), None, &Error::Aws(gap.clone()))
    });
    instances.into_iter().flatten().chain(others).chain(gaps)
}

/// The Instance responses of a region, one per instance, each assembled on its own.
pub fn instance_responses<'a>(
    snapshot: &'a RegionSnapshot,
    index: &'a RegionIndex<'a>,
) -> impl Iterator<Item = Response> + 'a {
    let region = snapshot.region.as_str();
    snapshot.reservations.iter().flat_map(move |reservation| {
        let account = reservation.owner_id.as_deref().unwrap_or_default();
        reservation.instances.iter().flatten().map(move |instance| {
            let assembled = catch_unwind(AssertUnwindSafe(|| instance::instance_record(instance, account, index)))
                .unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic))));
            assembled.map(Response::cloud_service).unwrap_or_else(|error| {
                Response::failure(instance::CLOUD_SERVICE_TYPE, Some(region), instance.instance_id.as_deref(), &error)
            })
        })
    })
}

/// The responses of one type, built lazily when the stream reaches them; a panic while building
/// them is one FAILURE for that type and region.
fn guarded<'a>(
    region: &'a str,
    cloud_service_type: &'static str,
    build: impl FnOnce() -> Vec<Response> + 'a,
) -> impl Iterator<Item = Response> + 'a {
    std::iter::once_with(move || {
        catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|panic| {
            let error = Error::Internal(panic_message(&panic));
            vec![Response::failure(cloud_service_type, Some(region), None, &error)]
        })
    })
    .flatten()
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    format!("panic: {text}")
}

//! Assembly: pure functions from a region snapshot to Cloudforet responses. No I/O here.

pub mod cloud_service_type;
pub mod index;
pub mod instance;
pub mod region;
pub mod response;
pub mod time;

use std::panic::{catch_unwind, AssertUnwindSafe};

use index::RegionIndex;
use response::Response;

use crate::error::Error;
use crate::snapshot::RegionSnapshot;

/// Every Instance response of a region, one at a time: a record per instance, or a FAILURE naming
/// the instance when it cannot be assembled (the others go on), then a FAILURE per call that
/// failed while fetching the snapshot.
pub fn instance_responses<'a>(
    snapshot: &'a RegionSnapshot,
    index: &'a RegionIndex<'a>,
) -> impl Iterator<Item = Response> + 'a {
    let region = snapshot.region.as_str();
    let records = snapshot.reservations.iter().flat_map(move |reservation| {
        let account = reservation.owner_id.as_deref().unwrap_or_default();
        reservation.instances.iter().flatten().map(move |instance| {
            let assembled = catch_unwind(AssertUnwindSafe(|| instance::instance_record(instance, account, index)))
                .unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic))));
            assembled.map(Response::cloud_service).unwrap_or_else(|error| {
                Response::failure(instance::CLOUD_SERVICE_TYPE, Some(region), instance.instance_id.as_deref(), &error)
            })
        })
    });
    let gaps = snapshot
        .gaps
        .iter()
        .map(move |gap| Response::failure(instance::CLOUD_SERVICE_TYPE, Some(region), None, &Error::Aws(gap.clone())));
    records.chain(gaps)
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    format!("panic: {text}")
}

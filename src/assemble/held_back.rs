//! Records held back: when an input of a type's identity is missing (the account, the default
//! VPCs), its records would be new resources to Cloudforet and the real ones deleted, so a region
//! emits one FAILURE saying why instead.

use super::response::Response;
use crate::error::{AwsFailure, Error};
use crate::snapshot::RegionSnapshot;

/// The account of a region's records, or the one FAILURE that holds back a type's records when
/// neither STS nor any answer named it: emitted without it, each would be a new resource to
/// Cloudforet (the account is part of the match key) and the real one would be deleted.
pub fn account_or_held_back<'a>(
    snapshot: &'a RegionSnapshot,
    cloud_service_type: &'static str,
    items: usize,
) -> std::result::Result<&'a str, Vec<Response>> {
    snapshot.account().ok_or_else(|| {
        let why = format!(
            "the account id could not be read, so {items} {cloud_service_type} record(s) are held back \
                           (their identity needs it)"
        );
        held_back(snapshot, cloud_service_type, items, "sts:GetCallerIdentity", "AccountUnknown", why)
    })
}

/// The one FAILURE that says why a type's `items` records of the region are held back (an input
/// of their identity is missing); nothing when there are none to hold back.
pub fn held_back(
    snapshot: &RegionSnapshot,
    cloud_service_type: &'static str,
    items: usize,
    operation: &str,
    code: &str,
    message: String,
) -> Vec<Response> {
    if items == 0 {
        return Vec::new();
    }
    let region = Some(snapshot.region.clone());
    let failure = AwsFailure { operation: operation.into(), region, code: Some(code.into()), message };
    vec![Response::failure(cloud_service_type, Some(&snapshot.region), None, &Error::Aws(failure))]
}

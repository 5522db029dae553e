//! Fetching a region snapshot: I/O only. `plan` says which calls a collect makes, `policy` how
//! each is made (token buckets, calls in flight, pagination, per-item fan-out), `region` makes
//! them all at once and keeps what failed as gaps; the per-service files hold the calls, and
//! `from_sdk` (generated) turns the SDK's answers into the boto3-shaped model.

// `boto!` ends every conversion with `..Default::default()` so that a shape may keep the members
// the SDK lacks (botocore's newer ones); where a conversion lists every field, that update is empty
#![allow(clippy::needless_update)]

pub mod account;
mod answers;
mod autoscaling;
mod convert;
mod ec2;
mod elbv2;
mod from_sdk;
mod memory;
mod pages;
mod plan;
mod policy;
mod region;
mod ssm;
mod unique;

pub use memory::filled as filled_memory;
pub use plan::Selection;
pub use policy::Fetcher;
pub use region::{fetch_region, fetch_region_as_it_comes};

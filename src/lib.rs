//! Rust core of the Cloudforet AWS EC2 inventory collector.
//!
//! Layers, data flowing one way: `aws` (credentials and clients) -> `fetch` (a region snapshot,
//! I/O only) -> `assemble` (Cloudforet responses, pure functions) -> `collect` (streams a job's
//! responses) -> `service` (the plugin's operations, for every front end) -> `bindings` (the
//! Python module `aws_ec2_collector._core`).

mod assemble;
mod aws;
mod bindings;
mod collect;
mod error;
mod fetch;
mod model;
mod runtime;
mod service;
mod snapshot;

// The public surface, for the Rust tests and benches: a region snapshot in, its responses out.
pub use assemble::cloud_service::names as cloud_service_types;
pub use assemble::cloud_service_responses;
pub use assemble::index::RegionIndex;
pub use error::AwsFailure;
pub use fetch::filled_memory;
pub use snapshot::{Call, Gap, RegionSnapshot};

//! Rust core of the Cloudforet AWS EC2 inventory collector.
//!
//! Layers, data flowing one way: `aws` (credentials and clients) -> `fetch` (a region snapshot,
//! I/O only) -> `assemble` (Cloudforet responses, pure functions) -> `collect` (streams a job's
//! responses) -> `service` (the plugin's operations, for every front end) -> `bindings` (the
//! Python module `aws_ec2_collector._core`).

pub mod assemble;
pub mod aws;
mod bindings;
pub mod collect;
pub mod error;
pub mod fetch;
pub mod model;
pub mod runtime;
pub mod service;
pub mod snapshot;

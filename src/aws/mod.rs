//! Credentials and clients: everything that knows how to reach AWS, nothing that reads data.

pub mod clients;
pub mod credentials;
pub mod errors;
pub mod limiter;
pub mod observer;

pub use clients::Session;
pub use credentials::{Scrubber, Secret};

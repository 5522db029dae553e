//! The one tokio runtime of the process, built on first use and shared by every collect and
//! every plugin-server thread.

use std::sync::OnceLock;
use tokio::runtime::Runtime;

pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .thread_name("ec2-collector")
            .enable_all()
            .build()
            .expect("cannot start the tokio runtime")
    })
}

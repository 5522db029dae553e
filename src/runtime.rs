//! The one tokio runtime of the process, built on first use and shared by every collect and
//! every plugin-server thread.

use std::sync::OnceLock;
use tokio::runtime::Runtime;

pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .thread_name("ec2-collector")
            // the AWS crates are built without optimisation (Cargo.toml), and unoptimised code
            // takes far more stack: deserialising a page of DescribeInstances alone used 230 KB
            // and a collect's polls past tokio's default of 2 MiB, a segfault in the dev build;
            // 8 MiB, a main thread's, is only reserved, never touched
            .thread_stack_size(8 << 20)
            .enable_all()
            .build()
            .expect("cannot start the tokio runtime")
    })
}

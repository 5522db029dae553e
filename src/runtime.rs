//! The one tokio runtime of the process, built on first use and shared by every collect and
//! every plugin-server thread.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

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

/// A future run as a task of its own on the current runtime, on whichever worker is free, and
/// stopped when this is dropped (as the future itself would be). The AWS calls' futures run so:
/// deserialising a large answer is CPU work, which inline in a region's joins held up every other
/// call of the region (the medium scenario's first DescribeVolumeAttribute left 0.25 s after
/// DescribeVolumes had answered).
pub struct Attached<T>(JoinHandle<T>);

impl<T: Send + 'static> Attached<T> {
    pub fn spawn(future: impl Future<Output = T> + Send + 'static) -> Self {
        Attached(tokio::spawn(future))
    }
}

impl<T> Future for Attached<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match Pin::new(&mut self.0).poll(cx) {
            Poll::Ready(Ok(value)) => Poll::Ready(value),
            // a panic of the task is this future's, as it would have been inline
            Poll::Ready(Err(error)) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            // cancelled: only by the runtime shutting down, which takes this future with it
            Poll::Ready(Err(_)) | Poll::Pending => Poll::Pending,
        }
    }
}

impl<T> Drop for Attached<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::Attached;

    #[tokio::test]
    async fn an_attached_task_gives_its_value_or_its_panic_and_stops_when_dropped() {
        assert_eq!(Attached::spawn(async { 7 }).await, 7);
        let (holds, dropped) = tokio::sync::oneshot::channel::<()>();
        let task = Attached::spawn(async move {
            let _holds = holds;
            std::future::pending::<()>().await
        });
        tokio::task::yield_now().await;
        drop(task);
        assert!(dropped.await.is_err(), "the task's future was dropped, and what it held with it");
        let awaited = tokio::spawn(Attached::spawn(async { panic!("in the task") })).await;
        assert!(awaited.unwrap_err().is_panic(), "the task's panic is its awaiter's");
    }
}

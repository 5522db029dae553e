//! Client-side token buckets shaped like AWS's own (per account, region and action), so that a
//! collect asks no faster than AWS answers: at the documented bucket sizes it is never throttled.
//! When AWS throttles anyway (a smaller account limit, other clients of the same account), the
//! bucket's refill rate halves and then recovers step by step: adaptive, per action.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// (burst, refill per second) of an action.
fn limits(action: &str) -> (f64, f64) {
    match action {
        // AWS's buckets for the unfiltered heavy describes are half the size of the others
        "ec2:DescribeInstances" | "ec2:DescribeVolumes" | "ec2:DescribeSecurityGroups" => (50.0, 10.0),
        a if a.starts_with("ec2:") => (100.0, 20.0),
        // Auto Scaling, ELBv2, SSM and STS publish no bucket; these rates stay under what they answer
        _ => (40.0, 10.0),
    }
}

/// The slowest a bucket refills after repeated throttling.
const MIN_REFILL: f64 = 0.5;

struct Bucket {
    burst: f64,
    base_refill: f64,
    refill: f64,
    /// May go below zero: callers reserve their slot and sleep until it comes.
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    fn new(action: &str) -> Self {
        let (burst, refill) = limits(action);
        Bucket { burst, base_refill: refill, refill, tokens: burst, updated: Instant::now() }
    }

    /// Takes one token; how long to wait before using it.
    fn reserve(&mut self, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.refill).min(self.burst);
        self.updated = now;
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.refill)
        }
    }

    fn throttled(&mut self) {
        self.refill = (self.refill / 2.0).max(MIN_REFILL);
        self.tokens = self.tokens.min(0.0);
    }

    fn succeeded(&mut self) {
        self.refill = (self.refill + self.base_refill / 20.0).min(self.base_refill);
    }
}

type Key = (String, String, String);

/// The buckets of the process, shared by every collect (AWS's are per account, not per client).
#[derive(Default)]
pub struct Limiter {
    buckets: Mutex<HashMap<Key, Arc<Mutex<Bucket>>>>,
}

impl Limiter {
    pub fn global() -> &'static Limiter {
        static LIMITER: OnceLock<Limiter> = OnceLock::new();
        LIMITER.get_or_init(Limiter::default)
    }

    fn bucket(&self, account: &str, region: &str, action: &str) -> Arc<Mutex<Bucket>> {
        let key = (account.to_string(), region.to_string(), action.to_string());
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        buckets.entry(key).or_insert_with(|| Arc::new(Mutex::new(Bucket::new(action)))).clone()
    }

    /// Waits until `action` may be called in `region` for `account`.
    pub async fn acquire(&self, account: &str, region: &str, action: &str) {
        let wait =
            self.bucket(account, region, action).lock().unwrap_or_else(|p| p.into_inner()).reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// AWS throttled a call: slow this bucket down.
    pub fn throttled(&self, account: &str, region: &str, action: &str) {
        self.bucket(account, region, action).lock().unwrap_or_else(|p| p.into_inner()).throttled();
    }

    /// A call went through: let a slowed bucket recover.
    pub fn succeeded(&self, account: &str, region: &str, action: &str) {
        self.bucket(account, region, action).lock().unwrap_or_else(|p| p.into_inner()).succeeded();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_refill_rate() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeInstanceAttribute");
        let waits: Vec<Duration> = (0..102).map(|_| bucket.reserve(start)).collect();
        assert!(waits[..100].iter().all(Duration::is_zero));
        assert_eq!(waits[100], Duration::from_millis(50));
        assert_eq!(waits[101], Duration::from_millis(100));
        assert!(bucket.reserve(start + Duration::from_secs(10)).is_zero(), "refilled after a pause");
    }

    #[test]
    fn throttling_halves_the_rate_and_success_restores_it() {
        let mut bucket = Bucket::new("ec2:DescribeVolumes");
        bucket.throttled();
        bucket.throttled();
        assert_eq!(bucket.refill, 2.5);
        (0..100).for_each(|_| bucket.succeeded());
        assert_eq!(bucket.refill, 10.0);
    }
}

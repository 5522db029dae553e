//! Client-side token buckets shaped like AWS's own (per account, region and action), so that a
//! collect asks no faster than AWS answers: at the documented bucket sizes it is never throttled.
//! When AWS throttles anyway (a smaller account limit, other clients of the same account), the
//! bucket's refill rate halves and then recovers step by step: adaptive, per action. A collect may
//! be given only a share of each bucket (`options.api_bucket_share`), leaving the rest of the
//! account's budget to its other clients.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Multiplies every refill rate, for an account whose limits AWS has raised (or a fake AWS whose
/// clock runs faster); a positive number, 1 when unset.
pub const RATE_SCALE_VARIABLE: &str = "AWS_EC2_COLLECTOR_RATE_SCALE";

/// AWS's (burst, refill per second) for an action as we call it.
fn aws_limits(action: &str) -> (f64, f64) {
    match action {
        // AWS gives unfiltered, unpaginated DescribeInstances/Volumes/SecurityGroups a 50/10
        // bucket; ours always paginate (MaxResults), which puts them in the ordinary one
        a if a.starts_with("ec2:") => (100.0, 20.0),
        // ELB documents 40/10 for its non-mutating actions (bucket_of: one bucket for them all);
        // Auto Scaling, SSM and STS publish no bucket, and these rates stay under what they answer
        _ => (40.0, 10.0),
    }
}

/// The bucket an action draws from: its own, but ELB's non-mutating actions (DescribeListeners,
/// DescribeTargetHealth, ...) share one, as ELB documents ("40 Describe* requests in one second").
fn bucket_of(action: &str) -> &str {
    match action.strip_prefix("elasticloadbalancing:") {
        Some(name) if name.starts_with("Describe") => "elasticloadbalancing:Describe*",
        _ => action,
    }
}

/// The share of each burst kept back. AWS counts a request when it arrives, we when we send it;
/// arrivals bunch up (connection set-up, a busy host), and this margin absorbs
/// `HEADROOM * burst / refill` seconds of such jitter (0.5 s for EC2's 100 and 20 a second, 0.4 s
/// for ELB's 40 and 10) at the price of as much wall time once per action. At 5 % the
/// organisation scenario (17 regions at once on 2 cores) was throttled 26 times, 2.5 s into its
/// job, in DescribeTargetHealth, DescribeInstanceAttribute and DescribeVolumeAttribute.
const HEADROOM: f64 = 0.1;

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
    fn new(action: &str, rate_scale: f64, share: f64) -> Self {
        let (burst, refill) = aws_limits(action);
        let (burst, refill) = (burst * (1.0 - HEADROOM) * share, refill * rate_scale * share);
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

/// Whose bucket (account key, region, action), and the share of it (as its bits): collects of one
/// account with the same share share their buckets.
type Key = (String, String, String, u64);

/// The buckets of the process, shared by every collect (AWS's are per account, not per client).
pub struct Limiter {
    rate_scale: f64,
    buckets: Mutex<HashMap<Key, Arc<Mutex<Bucket>>>>,
}

impl Limiter {
    pub fn global() -> &'static Limiter {
        static LIMITER: OnceLock<Limiter> = OnceLock::new();
        LIMITER.get_or_init(|| Limiter::new(configured_rate_scale().unwrap_or(1.0)))
    }

    fn new(rate_scale: f64) -> Self {
        Limiter { rate_scale, buckets: Mutex::default() }
    }

    fn bucket(&self, budget: &Budget, region: &str, action: &str) -> Arc<Mutex<Bucket>> {
        let action = bucket_of(action);
        let key = (budget.account.clone(), region.to_string(), action.to_string(), budget.share.to_bits());
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let new = || Arc::new(Mutex::new(Bucket::new(action, self.rate_scale, budget.share)));
        buckets.entry(key).or_insert_with(new).clone()
    }

    /// Waits until `action` may be called in `region` within `budget`.
    pub async fn acquire(&self, budget: &Budget, region: &str, action: &str) {
        let wait =
            self.bucket(budget, region, action).lock().unwrap_or_else(|p| p.into_inner()).reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// The tokens left in a bucket, for the tests of what a call pattern spends.
    #[cfg(test)]
    pub fn tokens(&self, budget: &Budget, region: &str, action: &str) -> f64 {
        self.bucket(budget, region, action).lock().unwrap_or_else(|p| p.into_inner()).tokens
    }

    /// AWS throttled a call: slow this bucket down.
    pub fn throttled(&self, budget: &Budget, region: &str, action: &str) {
        self.bucket(budget, region, action).lock().unwrap_or_else(|p| p.into_inner()).throttled();
    }

    /// A call went through: let a slowed bucket recover.
    pub fn succeeded(&self, budget: &Budget, region: &str, action: &str) {
        self.bucket(budget, region, action).lock().unwrap_or_else(|p| p.into_inner()).succeeded();
    }
}

/// Whose token buckets a collect's calls take from, and how much of each.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// The account's credentials or role: AWS's buckets are per account.
    pub account: String,
    /// The share of each bucket (burst and refill) the collect may use, in (0, 1].
    pub share: f64,
}

/// The rate scale the environment sets: `Err` names what is wrong with it.
pub fn configured_rate_scale() -> Result<f64, String> {
    rate_scale(std::env::var(RATE_SCALE_VARIABLE).ok().as_deref())
}

/// The rate scale of the environment's value: `Err` names what is wrong with it.
pub fn rate_scale(value: Option<&str>) -> Result<f64, String> {
    let Some(value) = value else { return Ok(1.0) };
    match value.trim().parse::<f64>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => Ok(scale),
        _ => Err(format!("{RATE_SCALE_VARIABLE} must be a positive number, not {value:?}; using 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_refill_rate() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeInstanceAttribute", 1.0, 1.0);
        let waits: Vec<Duration> = (0..92).map(|_| bucket.reserve(start)).collect();
        assert!(waits[..90].iter().all(Duration::is_zero), "AWS's burst of 100 less the headroom");
        assert_eq!(waits[90], Duration::from_millis(50));
        assert_eq!(waits[91], Duration::from_millis(100));
        assert!(bucket.reserve(start + Duration::from_secs(10)).is_zero(), "refilled after a pause");
    }

    #[test]
    fn throttling_halves_the_rate_and_success_restores_it() {
        let mut bucket = Bucket::new("ec2:DescribeVolumes", 1.0, 1.0);
        bucket.throttled();
        bucket.throttled();
        assert_eq!(bucket.refill, 5.0);
        (0..100).for_each(|_| bucket.succeeded());
        assert_eq!(bucket.refill, 20.0);
    }

    #[test]
    fn the_rate_scale_multiplies_the_refill_not_the_burst() {
        let start = Instant::now();
        let mut bucket = Bucket::new("elasticloadbalancing:DescribeTargetHealth", 10.0, 1.0);
        let waits: Vec<Duration> = (0..37).map(|_| bucket.reserve(start)).collect();
        assert!(waits[..36].iter().all(Duration::is_zero));
        assert_eq!(waits[36], Duration::from_millis(10));
    }

    #[test]
    fn a_share_of_the_bucket_is_that_share_of_its_burst_and_refill() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeVolumeAttribute", 1.0, 0.5);
        let waits: Vec<Duration> = (0..47).map(|_| bucket.reserve(start)).collect();
        assert!(waits[..45].iter().all(Duration::is_zero), "half of the burst of 90");
        assert_eq!(waits[45], Duration::from_millis(100), "10 a second: half of 20");
        assert_eq!(waits[46], Duration::from_millis(200));
    }

    #[test]
    fn collects_with_another_share_keep_to_their_own_buckets() {
        let limiter = Limiter::new(1.0);
        let (whole, half) = (Budget { account: "a".into(), share: 1.0 }, Budget { account: "a".into(), share: 0.5 });
        let bucket = |budget: &Budget| limiter.bucket(budget, "eu-west-1", "ec2:DescribeVolumes");
        assert!(Arc::ptr_eq(&bucket(&half), &bucket(&Budget { account: "a".into(), share: 0.5 })));
        assert!(!Arc::ptr_eq(&bucket(&half), &bucket(&whole)));
        assert_eq!(bucket(&half).lock().unwrap().burst, 45.0);
    }

    #[test]
    fn elb_describe_actions_share_one_bucket_and_ec2_actions_do_not() {
        let limiter = Limiter::new(1.0);
        let budget = Budget { account: "a".into(), share: 1.0 };
        let bucket = |action: &str| limiter.bucket(&budget, "eu-west-1", action);
        let listeners = bucket("elasticloadbalancing:DescribeListeners");
        assert!(Arc::ptr_eq(&listeners, &bucket("elasticloadbalancing:DescribeTargetHealth")));
        assert_eq!(listeners.lock().unwrap().burst, 36.0, "ELB's 40, less the headroom");
        assert!(!Arc::ptr_eq(&bucket("ec2:DescribeVolumes"), &bucket("ec2:DescribeInstances")));
        assert!(!Arc::ptr_eq(&bucket("autoscaling:DescribePolicies"), &bucket("autoscaling:DescribeTags")));
    }

    #[test]
    fn a_bad_rate_scale_is_named_and_ignored() {
        assert_eq!(rate_scale(None), Ok(1.0));
        assert_eq!(rate_scale(Some(" 10 ")), Ok(10.0));
        for bad in ["0", "-2", "fast", "NaN", "inf", ""] {
            let error = rate_scale(Some(bad)).unwrap_err();
            assert!(error.starts_with("AWS_EC2_COLLECTOR_RATE_SCALE must be a positive number"), "{error}");
        }
    }
}

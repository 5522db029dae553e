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

/// Seconds of refill each bucket keeps back, at the price of as much wall time once per action:
/// 2 of EC2's 100 tokens (20 a second), 1 of ELB's 40 (10 a second). The bucket below lets
/// through no more than AWS's own holds (calls count from their ticket until their answer), and
/// with no headroom at all the huge, organisation and medium scenarios had 0 throttled calls.
/// The headroom is for what the fake does not show of AWS (its clock, the steps of its refill):
/// one throttled call halves the refill, and 12 calls throttled in the medium scenario's first
/// second (a bucket ahead of AWS's by under 2 tokens) made it 16.5 s instead of 8.5.
const HEADROOM_S: f64 = 0.1;

/// The most of a burst kept back: a bucket that refills fast (raised limits, the bench's fast
/// clock) would otherwise keep its whole burst back to cover HEADROOM_S.
const MAX_HEADROOM: f64 = 0.25;

/// The slowest a bucket refills after repeated throttling.
const MIN_REFILL: f64 = 0.5;

/// AWS's bucket as our calls reach it. AWS takes a token when a call arrives and refills up to
/// its burst; a call of ours is given a ticket when it asks, may go once the tokens the bucket
/// has made available reach its ticket, and has arrived once it is answered (or given up).
/// Counting arrivals, not tickets, against the burst matters when calls are held up after their
/// turn (a stalled process, the calls in flight all taken): AWS's bucket fills up meanwhile and
/// stops there, and so does ours. Counting tickets, the bucket kept refilling under the calls
/// held up, and they and the calls after them arrived together above AWS's burst: the huge
/// scenario was throttled 17 times after one stall and 10 times when its first
/// DescribeListeners left 0.3 s after their turn; the organisation scenario 17 to 52 times in
/// its first seconds, its first calls waiting for places among the calls in flight. A call
/// counts as not arrived until its answer: that errs by the calls on their way, on the safe side.
struct Bucket {
    burst: f64,
    base_refill: f64,
    refill: f64,
    /// Tokens made available since the bucket began: at most `arrived + burst`.
    allowed: f64,
    /// Tickets given (calls that asked, and the SDK's own retries).
    issued: f64,
    /// Calls answered or given up.
    arrived: f64,
    updated: Instant,
}

impl Bucket {
    fn new(action: &str, rate_scale: f64, share: f64) -> Self {
        let (burst, refill) = aws_limits(action);
        let (burst, refill) = (burst * share, refill * rate_scale * share);
        let burst = burst - (HEADROOM_S * refill).min(MAX_HEADROOM * burst);
        let (allowed, issued, arrived) = (burst, 0.0, 0.0);
        Bucket { burst, base_refill: refill, refill, allowed, issued, arrived, updated: Instant::now() }
    }

    fn refill_to(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        let most = (self.arrived + self.burst).max(self.allowed);
        self.allowed = (self.allowed + elapsed * self.refill).min(most);
        self.updated = now;
    }

    /// A ticket for a call that asks now.
    fn ticket(&mut self, now: Instant) -> f64 {
        self.refill_to(now);
        self.issued += 1.0;
        self.issued
    }

    /// How long `ticket` must still wait (zero: it may go). A wait is what the refill would
    /// take; the caller asks again then, for the refill stops while AWS's bucket is full.
    fn wait(&mut self, ticket: f64, now: Instant) -> Duration {
        self.refill_to(now);
        Duration::from_secs_f64((ticket - self.allowed).max(0.0) / self.refill)
    }

    /// A call was answered (or given up).
    fn answered(&mut self, now: Instant) {
        self.refill_to(now);
        self.arrived += 1.0;
    }

    /// The SDK sent a retry, on its own schedule: a ticket that arrives at once.
    fn retried(&mut self, now: Instant) {
        self.ticket(now);
        self.arrived += 1.0;
    }

    /// Tickets that may go at once, less those already given (negative: the queue).
    #[cfg(test)]
    fn tokens(&self) -> f64 {
        self.allowed - self.issued
    }

    fn throttled(&mut self) {
        self.refill = (self.refill / 2.0).max(MIN_REFILL);
        // no more at once: the next ticket waits for the (slower) refill
        self.allowed = self.allowed.min(self.issued);
    }

    fn succeeded(&mut self) {
        self.refill = (self.refill + self.base_refill / 20.0).min(self.base_refill);
    }
}

/// A call's place in its bucket: dropped when the call has its answer, or is given up.
pub struct Turn(Arc<Mutex<Bucket>>);

impl Drop for Turn {
    fn drop(&mut self) {
        lock(&self.0).answered(Instant::now());
    }
}

fn lock(bucket: &Mutex<Bucket>) -> std::sync::MutexGuard<'_, Bucket> {
    bucket.lock().unwrap_or_else(|p| p.into_inner())
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

    /// Waits until `action` may be called in `region` within `budget`; the call is pending in
    /// its bucket until the returned turn is dropped, when it has its answer.
    pub async fn acquire(&self, budget: &Budget, region: &str, action: &str) -> Turn {
        let bucket = self.bucket(budget, region, action);
        let ticket = lock(&bucket).ticket(Instant::now());
        let turn = Turn(bucket);
        loop {
            let wait = lock(&turn.0).wait(ticket, Instant::now());
            if wait.is_zero() {
                return turn;
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// The SDK retried a call on its own schedule: AWS counts that attempt, so the bucket spends
    /// a token for it too, and the calls after it wait for it.
    pub fn retried(&self, budget: &Budget, region: &str, action: &str) {
        lock(&self.bucket(budget, region, action)).retried(Instant::now());
    }

    /// The tokens left in a bucket, for the tests of what a call pattern spends.
    #[cfg(test)]
    pub fn tokens(&self, budget: &Budget, region: &str, action: &str) -> f64 {
        lock(&self.bucket(budget, region, action)).tokens()
    }

    /// AWS throttled a call: slow this bucket down.
    pub fn throttled(&self, budget: &Budget, region: &str, action: &str) {
        lock(&self.bucket(budget, region, action)).throttled();
    }

    /// A call went through: let a slowed bucket recover.
    pub fn succeeded(&self, budget: &Budget, region: &str, action: &str) {
        lock(&self.bucket(budget, region, action)).succeeded();
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

    impl Bucket {
        /// A ticket taken now, and its wait.
        fn reserve(&mut self, now: Instant) -> Duration {
            let ticket = self.ticket(now);
            self.wait(ticket, now)
        }
    }

    #[test]
    fn a_call_whose_wait_ran_out_while_aws_s_bucket_was_full_waits_again() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeInstanceAttribute", 1.0, 1.0);
        (0..98).for_each(|_| assert!(bucket.reserve(start).is_zero()));
        let ticket = bucket.ticket(start);
        assert_eq!(bucket.wait(ticket, start), Duration::from_millis(50));
        // its 50 ms are up, but none of the 98 before it has arrived: AWS's bucket is full still
        let later = start + Duration::from_secs(1);
        assert_eq!(bucket.wait(ticket, later), Duration::from_millis(50));
        (0..98).for_each(|_| bucket.answered(later));
        assert_eq!(bucket.wait(ticket, later + Duration::from_millis(50)), Duration::ZERO);
    }

    #[test]
    fn a_burst_then_the_refill_rate() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeInstanceAttribute", 1.0, 1.0);
        let waits: Vec<Duration> = (0..100).map(|_| bucket.reserve(start)).collect();
        assert!(waits[..98].iter().all(Duration::is_zero), "AWS's burst of 100 less 0.1 s of its refill");
        assert_eq!(waits[98], Duration::from_millis(50));
        assert_eq!(waits[99], Duration::from_millis(100));
        (0..100).for_each(|_| bucket.answered(start + waits[99]));
        assert!(bucket.reserve(start + Duration::from_secs(10)).is_zero(), "refilled after a pause");
    }

    #[test]
    fn after_a_stall_the_pending_calls_and_the_next_ones_stay_within_aws_s_burst_less_the_headroom() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeVolumeAttribute", 1.0, 1.0);
        assert!((0..98).all(|_| bucket.reserve(start).is_zero()));
        (0..98).for_each(|_| bucket.answered(start));
        assert!((0..20).all(|_| !bucket.reserve(start).is_zero()), "20 calls wait for their slots");
        // the process stalls 10 s: AWS's bucket fills up to its 100 and stops there; the 20
        // go out together, and AWS is left 80, of which 78 may go at once (the headroom kept)
        let late = start + Duration::from_secs(10);
        (0..20).for_each(|_| bucket.answered(late));
        let waits: Vec<Duration> = (0..79).map(|_| bucket.reserve(late)).collect();
        assert!(waits[..78].iter().all(Duration::is_zero));
        assert_eq!(waits[78], Duration::from_millis(50));
    }

    #[test]
    fn calls_given_their_tokens_and_not_yet_answered_hold_the_refill_back() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeInstanceAttribute", 1.0, 1.0);
        assert!((0..98).all(|_| bucket.reserve(start).is_zero()), "the burst, less the headroom");
        // a second later those 98 still wait for places among the calls in flight: AWS's bucket
        // is still full, and will hold 2 once they have arrived
        let later = start + Duration::from_secs(1);
        assert_eq!(bucket.reserve(later), Duration::from_millis(50));
        (0..99).for_each(|_| bucket.answered(later));
        assert_eq!(bucket.reserve(later), Duration::from_millis(100), "then at the refill rate");
    }

    #[test]
    fn a_retry_of_the_sdk_spends_a_token_and_the_next_call_waits_for_it() {
        let limiter = Limiter::new(1.0);
        let budget = Budget { account: "a".into(), share: 1.0 };
        let before = limiter.tokens(&budget, "eu-west-1", "elasticloadbalancing:DescribeTargetHealth");
        limiter.retried(&budget, "eu-west-1", "elasticloadbalancing:DescribeListeners");
        let after = limiter.tokens(&budget, "eu-west-1", "elasticloadbalancing:DescribeTargetHealth");
        assert!((before - after - 1.0).abs() < 0.01, "{before} then {after}: one token of ELB's shared bucket");
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
        let waits: Vec<Duration> = (0..31).map(|_| bucket.reserve(start)).collect();
        assert!(waits[..30].iter().all(Duration::is_zero), "0.1 s of 100 a second is a quarter of 40");
        assert_eq!(waits[30], Duration::from_millis(10));
    }

    #[test]
    fn a_share_of_the_bucket_is_that_share_of_its_burst_and_refill() {
        let start = Instant::now();
        let mut bucket = Bucket::new("ec2:DescribeVolumeAttribute", 1.0, 0.5);
        let waits: Vec<Duration> = (0..51).map(|_| bucket.reserve(start)).collect();
        assert!(waits[..49].iter().all(Duration::is_zero), "half of 100, less 0.1 s of 10 a second");
        assert_eq!(waits[49], Duration::from_millis(100), "10 a second: half of 20");
        assert_eq!(waits[50], Duration::from_millis(200));
    }

    #[test]
    fn collects_with_another_share_keep_to_their_own_buckets() {
        let limiter = Limiter::new(1.0);
        let (whole, half) = (Budget { account: "a".into(), share: 1.0 }, Budget { account: "a".into(), share: 0.5 });
        let bucket = |budget: &Budget| limiter.bucket(budget, "eu-west-1", "ec2:DescribeVolumes");
        assert!(Arc::ptr_eq(&bucket(&half), &bucket(&Budget { account: "a".into(), share: 0.5 })));
        assert!(!Arc::ptr_eq(&bucket(&half), &bucket(&whole)));
        assert_eq!(bucket(&half).lock().unwrap().burst, 49.0);
    }

    #[test]
    fn elb_describe_actions_share_one_bucket_and_ec2_actions_do_not() {
        let limiter = Limiter::new(1.0);
        let budget = Budget { account: "a".into(), share: 1.0 };
        let bucket = |action: &str| limiter.bucket(&budget, "eu-west-1", action);
        let listeners = bucket("elasticloadbalancing:DescribeListeners");
        assert!(Arc::ptr_eq(&listeners, &bucket("elasticloadbalancing:DescribeTargetHealth")));
        assert_eq!(listeners.lock().unwrap().burst, 39.0, "ELB's 40, less 0.1 s of 10 a second");
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

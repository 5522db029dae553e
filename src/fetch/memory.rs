//! The memory of per-item answers across collects. The plugin server is long-lived and the two
//! calls made once per item (DescribeVolumeAttribute, DescribeInstanceAttribute) are what a cold
//! region pays most for (AWS's token buckets refill 20 calls a second), so their answers are kept:
//!
//! - a volume's product codes cannot change in its lifetime, and volume ids are never reused:
//!   served from memory for as long as the volume exists (exact);
//! - an instance's termination protection can change at any time: served only while younger than
//!   `options.termination_protection_max_age_seconds` (0, the default, is off: always asked).
//!
//! A value is kept per account and region, and served only to a collect whose credentials
//! resolved to that account (STS); without a known account nothing is served or kept. After each
//! collect of a region its memory holds exactly the items that region still has, so it is bounded
//! by the live inventory; past `MAX_ENTRIES` in all, the regions collected longest ago are
//! forgotten first. A restart or another replica only starts cold. Safe from many collects at once:
//! each reads its region's memory once before its calls and writes it once after.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use std::future::Future;

use super::answers::Answers;
use super::policy::Fetcher;
use crate::error::AwsFailure;

/// Entries kept per kind of answer, all accounts and regions together: 11 MB per 100,000 as
/// `benches/memory.rs` measures it (at most `APPROX_BYTES_PER_ENTRY`), so about 33 MB each at most.
const MAX_ENTRIES: usize = 300_000;
/// What one entry costs at most: its key (an id of some 20 characters, boxed), its value and when
/// it was asked, and the hash table's share, as `memory_per_100k_entries` in the tests counts it.
#[cfg(test)]
const APPROX_BYTES_PER_ENTRY: usize = 150;

/// Where a collect's answers are kept and served: one account's region.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    pub account: String,
    pub region: String,
}

/// How long an answer may be served after it was asked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Freshness {
    /// As long as its item exists.
    Forever,
    For(Duration),
}

struct Entry<V> {
    value: V,
    asked: Instant,
}

struct Region<V> {
    entries: HashMap<Box<str>, Entry<V>>,
    /// When this region was last collected: the oldest is forgotten first.
    used: Instant,
}

/// The answers of one per-item call, by scope and item key.
pub struct Memory<V> {
    regions: Mutex<HashMap<Scope, Region<V>>>,
    max_entries: usize,
}

impl<V: Clone> Memory<V> {
    pub fn new(max_entries: usize) -> Self {
        Memory { regions: Mutex::new(HashMap::new()), max_entries }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Scope, Region<V>>> {
        // a panic while holding it leaves only a possibly partial map of answers
        self.regions.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The values of `keys` the scope's memory can serve under `freshness` (with when each was
    /// asked), and the keys left to ask.
    pub fn recall(&self, scope: &Scope, keys: Vec<String>, freshness: Freshness) -> (Recalled<V>, Vec<String>) {
        let now = Instant::now();
        let regions = self.lock();
        let Some(region) = regions.get(scope) else { return (Recalled::default(), keys) };
        let fresh = |entry: &Entry<V>| match freshness {
            Freshness::Forever => true,
            Freshness::For(max_age) => now.duration_since(entry.asked) <= max_age,
        };
        let (mut recalled, mut missing) = (Recalled::default(), Vec::new());
        for key in keys {
            match region.entries.get(key.as_str()).filter(|e| fresh(e)) {
                Some(entry) => {
                    recalled.values.insert(key, (entry.value.clone(), entry.asked));
                }
                None => missing.push(key),
            }
        }
        (recalled, missing)
    }

    /// After a collect of the scope: its memory becomes what it recalled (still asked at the same
    /// time) and what it asked now; items it no longer has are forgotten.
    pub fn keep(&self, scope: Scope, recalled: &Recalled<V>, asked: &HashMap<String, V>) {
        let now = Instant::now();
        let entries: HashMap<Box<str>, Entry<V>> = recalled
            .values
            .iter()
            .map(|(key, (value, asked))| (key.as_str().into(), Entry { value: value.clone(), asked: *asked }))
            .chain(asked.iter().map(|(key, value)| (key.as_str().into(), Entry { value: value.clone(), asked: now })))
            .take(self.max_entries)
            .collect();
        let mut regions = self.lock();
        regions.insert(scope, Region { entries, used: now });
        let mut total: usize = regions.values().map(|r| r.entries.len()).sum();
        while total > self.max_entries {
            let Some(oldest) = regions.iter().min_by_key(|(_, r)| r.used).map(|(s, _)| s.clone()) else { break };
            total -= regions.remove(&oldest).map_or(0, |r| r.entries.len());
        }
    }

    /// Entries kept, all scopes together.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().values().map(|r| r.entries.len()).sum()
    }
}

/// What a scope's memory served a collect: each value with when it was asked.
pub struct Recalled<V> {
    values: HashMap<String, (V, Instant)>,
}

impl<V> Default for Recalled<V> {
    fn default() -> Self {
        Recalled { values: HashMap::new() }
    }
}

impl<V: Clone> Recalled<V> {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// The answers of a collect: those recalled and those asked now.
    pub fn with(self, mut asked: Answers<V>) -> Answers<V> {
        asked.found.extend(self.values.into_iter().map(|(key, (value, _))| (key, value)));
        asked
    }
}

impl Fetcher {
    /// `per_item_telling`, answered from `memory` where it can (under `freshness`; None: not at
    /// all, every key is asked): only the keys it cannot serve are asked, and the region's memory
    /// is then what it has now (so that a later collect that allows some age finds it). The
    /// answers served from memory are told first, at once.
    pub(super) async fn remembered<V, Fut>(
        &self,
        memory: &Memory<V>,
        freshness: Option<Freshness>,
        keys: Vec<String>,
        call: impl Fn(String) -> Fut,
        arrived: impl Fn(&str, Option<&V>),
    ) -> Answers<V>
    where
        V: Clone,
        Fut: Future<Output = Result<(String, V), AwsFailure>>,
    {
        let Some(scope) = self.memory_scope().await else { return self.per_item_telling(keys, call, arrived).await };
        let (recalled, missing) = match freshness {
            Some(freshness) => memory.recall(&scope, keys, freshness),
            None => (Recalled::default(), keys),
        };
        self.stats.remembered.fetch_add(recalled.len() as u64, std::sync::atomic::Ordering::Relaxed);
        recalled.values.iter().for_each(|(key, (value, _))| arrived(key, Some(value)));
        let asked = self.per_item_telling(missing, call, arrived).await;
        memory.keep(scope, &recalled, &asked.found);
        recalled.with(asked)
    }
}

/// A memory of each kind holding `entries` answers of one region, ids shaped like AWS's, as a
/// collect leaves them: `benches/memory.rs` counts the bytes they hold.
pub fn filled(entries: usize) -> Box<dyn std::any::Any> {
    let scope = Scope { account: "123456789012".into(), region: "us-east-1".into() };
    let protection: HashMap<String, bool> = (0..entries).map(|i| (format!("i-{i:017x}"), i % 7 == 0)).collect();
    let attribute = |i: usize| crate::model::VolumeAttribute {
        product_codes: Some(Vec::new()),
        volume_id: Some(format!("vol-{i:017x}")),
    };
    let codes: HashMap<String, crate::model::VolumeAttribute> =
        (0..entries).map(|i| (format!("vol-{i:017x}"), attribute(i))).collect();
    let (kept_protection, kept_codes) = (Memory::new(MAX_ENTRIES), Memory::new(MAX_ENTRIES));
    kept_protection.keep(scope.clone(), &Recalled::default(), &protection);
    kept_codes.keep(scope, &Recalled::default(), &codes);
    Box::new((kept_protection, kept_codes))
}

/// The memory of DescribeVolumeAttribute(productCodes), per volume id.
pub fn product_codes() -> &'static Memory<crate::model::VolumeAttribute> {
    static MEMORY: OnceLock<Memory<crate::model::VolumeAttribute>> = OnceLock::new();
    MEMORY.get_or_init(|| Memory::new(MAX_ENTRIES))
}

/// The memory of DescribeInstanceAttribute(disableApiTermination), per instance id.
pub fn termination_protection() -> &'static Memory<bool> {
    static MEMORY: OnceLock<Memory<bool>> = OnceLock::new();
    MEMORY.get_or_init(|| Memory::new(MAX_ENTRIES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(account: &str) -> Scope {
        Scope { account: account.into(), region: "eu-west-1".into() }
    }

    fn keys(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("i-{i:017x}")).collect()
    }

    fn answers(keys: &[String], value: bool) -> HashMap<String, bool> {
        keys.iter().map(|k| (k.clone(), value)).collect()
    }

    #[test]
    fn a_value_is_served_only_to_the_account_and_region_that_asked_it() {
        let memory = Memory::new(100);
        memory.keep(scope("111122223333"), &Recalled::default(), &answers(&keys(3), true));
        let (recalled, missing) = memory.recall(&scope("111122223333"), keys(4), Freshness::Forever);
        assert_eq!((recalled.len(), missing), (3, vec![keys(4)[3].clone()]));
        let (recalled, missing) = memory.recall(&scope("444455556666"), keys(3), Freshness::Forever);
        assert_eq!((recalled.len(), missing.len()), (0, 3), "another account is never served");
        let other_region = Scope { region: "us-east-1".into(), ..scope("111122223333") };
        assert_eq!(memory.recall(&other_region, keys(3), Freshness::Forever).0.len(), 0);
    }

    #[test]
    fn a_value_older_than_its_freshness_is_asked_again_and_its_age_is_kept_on_reuse() {
        let memory = Memory::new(100);
        memory.keep(scope("1"), &Recalled::default(), &answers(&keys(2), true));
        std::thread::sleep(Duration::from_millis(30));
        let (recalled, missing) = memory.recall(&scope("1"), keys(2), Freshness::For(Duration::from_millis(10)));
        assert_eq!((recalled.len(), missing.len()), (0, 2), "stale: asked again");
        let (recalled, _) = memory.recall(&scope("1"), keys(2), Freshness::For(Duration::from_secs(60)));
        assert_eq!(recalled.len(), 2);
        // served again and kept: it is as old as when it was asked, not refreshed by the reuse
        memory.keep(scope("1"), &recalled, &HashMap::new());
        let (recalled, _) = memory.recall(&scope("1"), keys(2), Freshness::For(Duration::from_millis(10)));
        assert_eq!(recalled.len(), 0);
    }

    #[test]
    fn memory_is_bounded_by_the_live_items_and_by_max_entries() {
        let memory = Memory::new(250);
        memory.keep(scope("1"), &Recalled::default(), &answers(&keys(100), false));
        // the region now has 40 of those items: the others are forgotten
        let (recalled, _) = memory.recall(&scope("1"), keys(40), Freshness::Forever);
        memory.keep(scope("1"), &recalled, &HashMap::new());
        assert_eq!(memory.len(), 40);
        memory.keep(scope("2"), &Recalled::default(), &answers(&keys(150), false));
        memory.keep(scope("3"), &Recalled::default(), &answers(&keys(100), false));
        // 290 > 250: the region collected longest ago goes first
        assert_eq!(memory.len(), 250);
        assert_eq!(memory.recall(&scope("1"), keys(40), Freshness::Forever).0.len(), 0);
        memory.keep(scope("4"), &Recalled::default(), &answers(&keys(1000), false));
        assert!(memory.len() <= 250, "one region alone is cut at the bound");
    }

    #[test]
    fn many_collects_at_once_read_and_write_it_safely() {
        let memory = std::sync::Arc::new(Memory::new(MAX_ENTRIES));
        let threads: Vec<_> = (0..16)
            .map(|t| {
                let memory = memory.clone();
                std::thread::spawn(move || {
                    for round in 0..50 {
                        let scope = scope(&format!("{}", t % 4));
                        let (recalled, missing) = memory.recall(&scope, keys(200), Freshness::Forever);
                        // a scope's collects (t, t + 4, ...) all answer the same: nothing of
                        // another scope's is ever served
                        assert!(recalled.values.values().all(|(value, _)| *value == (t % 2 == 0)), "round {round}");
                        memory.keep(scope, &recalled, &answers(&missing, t % 2 == 0));
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(memory.len(), 4 * 200);
    }

    #[test]
    fn memory_per_100k_entries() {
        // the heap an entry holds beyond the table: its boxed key; the table holds key, value and
        // time (and a control byte) at a load factor of at most 7/8
        let key = "vol-0123456789abcdef0".len();
        let slot = std::mem::size_of::<(Box<str>, Entry<crate::model::VolumeAttribute>)>() + 1;
        let per_entry = key + slot * 8 / 7;
        assert!(per_entry <= APPROX_BYTES_PER_ENTRY, "{per_entry} bytes per entry");
        const { assert!(MAX_ENTRIES * APPROX_BYTES_PER_ENTRY <= 50 << 20, "each memory stays under 50 MB") };
    }
}

//! The answers of a per-item call (one call per instance, volume, load balancer, ...) and what its
//! failed calls lost: one gap per operation and cause, naming the keys, not one per key.

use std::collections::HashMap;

use crate::error::{cut, neutralise, AwsFailure};
use crate::snapshot::{Call, Gap};

/// The answers of one call per item, and what the failed calls lost.
#[derive(Debug)]
pub struct Answers<V> {
    pub found: HashMap<String, V>,
    pub gaps: Vec<AwsFailure>,
}

impl<V> Default for Answers<V> {
    fn default() -> Self {
        Answers { found: HashMap::new(), gaps: Vec::new() }
    }
}

impl<V> Answers<V> {
    /// The answers; the failures join the region's gaps, as gaps of `call`.
    pub(super) fn kept(self, call: Call, gaps: &mut Vec<Gap>) -> HashMap<String, V> {
        gaps.extend(self.gaps.into_iter().map(|failure| Gap { call, failure }));
        self.found
    }
}

/// Most keys a gap names.
const NAMED_KEYS: usize = 10;

/// One gap per operation and cause: its first message, how many of the calls failed, which.
pub(super) fn summarised(failed: Vec<(String, AwsFailure)>, total: usize, unmade: usize) -> Vec<AwsFailure> {
    let mut groups: Vec<(AwsFailure, Vec<String>)> = Vec::new();
    for (key, failure) in failed {
        let same = |(g, _): &&mut (AwsFailure, Vec<String>)| g.operation == failure.operation && g.code == failure.code;
        match groups.iter_mut().find(same) {
            Some((_, keys)) => keys.push(key),
            None => groups.push((failure, vec![key])),
        }
    }
    groups
        .into_iter()
        .map(|(mut failure, mut keys)| {
            keys.sort();
            // the keys come from AWS's answers (ids, ARNs): shown as safely as its messages
            let named =
                keys.iter().take(NAMED_KEYS).map(|k| neutralise(&cut(k.clone(), 256))).collect::<Vec<_>>().join(", ");
            let more = if keys.len() > NAMED_KEYS { ", ..." } else { "" };
            let unmade = if unmade > 0 { format!("; {unmade} more not made") } else { String::new() };
            failure.message = format!("{} ({} of {total} calls: {named}{more}{unmade})", failure.message, keys.len());
            failure
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(operation: &str, code: &str) -> AwsFailure {
        let (operation, region) = (operation.to_string(), Some("us-east-1".to_string()));
        AwsFailure { operation, region, code: Some(code.into()), message: "Request limit exceeded.".into() }
    }

    #[test]
    fn failed_calls_become_one_gap_per_operation_and_cause_naming_their_keys() {
        let throttled = "ec2:DescribeInstanceAttribute";
        let failed: Vec<(String, AwsFailure)> = (0..12)
            .map(|i| (format!("i-{i:02}"), failure(throttled, "RequestLimitExceeded")))
            .chain([("i-99".to_string(), failure(throttled, "InternalError"))])
            .collect();
        let gaps = summarised(failed, 40, 3);
        assert_eq!(gaps.len(), 2);
        assert_eq!(
            gaps[0].message,
            "Request limit exceeded. (12 of 40 calls: i-00, i-01, i-02, i-03, i-04, i-05, i-06, i-07, i-08, i-09, ...; \
             3 more not made)"
        );
        assert_eq!(gaps[1].code.as_deref(), Some("InternalError"));
        assert!(gaps[1].message.ends_with("(1 of 40 calls: i-99; 3 more not made)"), "{}", gaps[1].message);
    }
}

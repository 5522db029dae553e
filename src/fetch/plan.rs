//! The plan of a region's fetch: which calls of a region snapshot a collect makes (the union of
//! what its cloud service types read: a call two types read is made once, one that none reads is
//! not made).

use crate::snapshot::Call;

/// Which calls a region's fetch makes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    calls: Vec<Call>,
    /// DescribeInstances' instance-id filter; empty: every instance.
    pub instance_ids: Vec<String>,
}

impl Selection {
    /// The calls `reads` lists (and those they are made after), each once.
    pub fn new(reads: impl IntoIterator<Item = Call>, instance_ids: &[String]) -> Self {
        let mut calls: Vec<Call> = reads.into_iter().flat_map(|call| [Some(call), call.after()]).flatten().collect();
        calls.sort();
        calls.dedup();
        Selection { calls, instance_ids: instance_ids.to_vec() }
    }

    pub fn has(&self, call: Call) -> bool {
        self.calls.contains(&call)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_made_once_and_with_the_call_it_follows() {
        let selection = Selection::new([Call::VolumeAttributes, Call::Volumes, Call::Vpcs], &[]);
        assert_eq!(selection.calls, [Call::Volumes, Call::VolumeAttributes, Call::Vpcs]);
        assert!(!selection.has(Call::Reservations));
    }
}

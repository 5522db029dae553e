//! `data.security_group`: one entry per rule source (CIDR, IPv6 CIDR, security group, prefix
//! list) of every rule of every security group of the instance, inbound rules first.

use serde_json::value::RawValue;

use crate::assemble::index::{GroupRules, RegionIndex};
use crate::assemble::rules::SecurityGroupRule;
use crate::model::ec2::Instance;

/// The instance's groups, in DescribeSecurityGroups order (not the instance's own order), as the
/// current collector lists them, each once; their entries are built once per region
/// (RegionIndex::group_rules).
fn groups<'a>(instance: &'a Instance, index: &'a RegionIndex<'a>) -> Vec<&'a GroupRules<'a>> {
    let mut groups: Vec<(usize, &GroupRules)> = instance
        .security_groups
        .iter()
        .flatten()
        .filter_map(|g| g.group_id.as_deref())
        .filter_map(|id| Some((*index.group_position.get(id)?, index.group_rules.get(id)?)))
        .collect();
    groups.sort_by_key(|(position, _)| *position);
    groups.dedup_by_key(|(position, _)| *position);
    groups.into_iter().map(|(_, group)| group).collect()
}

/// The entries of the instance's groups.
pub fn security_group_rules<'a>(instance: &'a Instance, index: &'a RegionIndex<'a>) -> Vec<&'a SecurityGroupRule<'a>> {
    groups(instance, index).into_iter().flat_map(|group| &group.entries).collect()
}

/// The same entries, as the JSON text the record writes.
pub fn security_group_json<'a>(instance: &'a Instance, index: &'a RegionIndex<'a>) -> Vec<&'a RawValue> {
    groups(instance, index).into_iter().flat_map(|group| group.json.iter().map(|json| &**json)).collect()
}

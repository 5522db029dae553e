//! `data.security_group`: one entry per rule source (CIDR, IPv6 CIDR, security group, prefix
//! list) of every rule of every security group of the instance, inbound rules first.

use crate::assemble::index::RegionIndex;
use crate::assemble::rules::SecurityGroupRule;
use crate::model::ec2::Instance;

/// The entries of the instance's groups, taken in DescribeSecurityGroups order (not the
/// instance's own order), as the current collector lists them; built once per region
/// (RegionIndex::group_rules).
pub fn security_group_rules<'a>(instance: &'a Instance, index: &'a RegionIndex<'a>) -> Vec<&'a SecurityGroupRule<'a>> {
    let ids: Vec<&str> = instance.security_groups.iter().flatten().filter_map(|g| g.group_id.as_deref()).collect();
    if ids.is_empty() {
        return Vec::new();
    }
    index
        .group_order
        .iter()
        .filter(|id| ids.contains(id))
        .flat_map(|id| index.group_rules.get(id).into_iter().flatten())
        .collect()
}

//! The sources of a security group rule (CIDRs, IPv6 CIDRs, security groups, prefix lists), in
//! the one order every record lists them: the Instance's `security_group` entries and the
//! SecurityGroup's `ip_permissions` entries.

use serde_json::{Map, Value};

use crate::assemble::data::boto_map;
use crate::model::ec2::{IpPermission, IpRange, Ipv6Range, PrefixListId, UserIdGroupPair};

pub enum RuleSource<'a> {
    Cidr(&'a IpRange),
    Group(&'a UserIdGroupPair),
    Ipv6Cidr(&'a Ipv6Range),
    PrefixList(&'a PrefixListId),
}

impl<'a> RuleSource<'a> {
    /// The CIDR, group id or prefix list id.
    pub fn remote(&self) -> Option<&'a str> {
        match self {
            RuleSource::Cidr(r) => r.cidr_ip.as_deref(),
            RuleSource::Group(g) => g.group_id.as_deref(),
            RuleSource::Ipv6Cidr(r) => r.cidr_ipv6.as_deref(),
            RuleSource::PrefixList(l) => l.prefix_list_id.as_deref(),
        }
    }

    pub fn description(&self) -> Option<&'a str> {
        match self {
            RuleSource::Cidr(r) => r.description.as_deref(),
            RuleSource::Group(g) => g.description.as_deref(),
            RuleSource::Ipv6Cidr(r) => r.description.as_deref(),
            RuleSource::PrefixList(l) => l.description.as_deref(),
        }
    }

    /// The boto3 key of the list this source comes from, in snake case.
    pub fn kind(&self) -> &'static str {
        match self {
            RuleSource::Cidr(_) => "ip_ranges",
            RuleSource::Group(_) => "user_id_group_pairs",
            RuleSource::Ipv6Cidr(_) => "ipv6_ranges",
            RuleSource::PrefixList(_) => "prefix_list_ids",
        }
    }

    /// The boto3 item of this source.
    pub fn item(&self) -> Map<String, Value> {
        match self {
            RuleSource::Cidr(r) => boto_map(r),
            RuleSource::Group(g) => boto_map(g),
            RuleSource::Ipv6Cidr(r) => boto_map(r),
            RuleSource::PrefixList(l) => boto_map(l),
        }
    }
}

/// IPv4 ranges, security groups, IPv6 ranges, then prefix lists.
pub fn rule_sources(p: &IpPermission) -> impl Iterator<Item = RuleSource<'_>> {
    let cidrs = p.ip_ranges.iter().flatten().map(RuleSource::Cidr);
    let groups = p.user_id_group_pairs.iter().flatten().map(RuleSource::Group);
    let ipv6 = p.ipv6_ranges.iter().flatten().map(RuleSource::Ipv6Cidr);
    let prefix_lists = p.prefix_list_ids.iter().flatten().map(RuleSource::PrefixList);
    cidrs.chain(groups).chain(ipv6).chain(prefix_lists)
}

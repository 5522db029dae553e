//! `data.security_group`: one entry per rule source (CIDR, IPv6 CIDR, security group, prefix
//! list) of every rule of every security group of the instance, inbound rules first.

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::assemble::rule_sources::{rule_sources, RuleSource};
use crate::model::ec2::{Instance, IpPermission, SecurityGroup};

#[derive(Debug, Clone, Serialize)]
pub struct SecurityGroupRule<'a> {
    pub direction: &'static str,
    pub protocol: String,
    pub security_group_name: &'a str,
    pub security_group_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_range_min: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_range_max: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<Port>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_cidr: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_id: Option<&'a str>,
    pub remote: &'a str,
    pub description: &'a str,
}

/// A single port is a number, a range is the text `"from - to"`, as the console expects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Port {
    Single(i32),
    Range(String),
}

/// The entries of each of the instance's groups, built once per region (RegionIndex::group_rules).
pub fn security_group_rules<'a>(instance: &'a Instance, index: &'a RegionIndex<'a>) -> Vec<&'a SecurityGroupRule<'a>> {
    let mut rules = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for group_id in instance.security_groups.iter().flatten().filter_map(|g| g.group_id.as_deref()) {
        if seen.contains(&group_id) {
            continue;
        }
        seen.push(group_id);
        rules.extend(index.group_rules.get(group_id).into_iter().flatten());
    }
    rules
}

/// Every rule entry of one security group.
pub fn group_rules(group: &SecurityGroup) -> Vec<SecurityGroupRule<'_>> {
    let inbound = group.ip_permissions.iter().flatten().map(|p| ("inbound", p));
    let outbound = group.ip_permissions_egress.iter().flatten().map(|p| ("outbound", p));
    inbound.chain(outbound).flat_map(|(direction, permission)| permission_rules(group, direction, permission)).collect()
}

fn permission_rules<'a>(
    group: &'a SecurityGroup,
    direction: &'static str,
    p: &'a IpPermission,
) -> Vec<SecurityGroupRule<'a>> {
    let protocol = p.ip_protocol.as_deref().unwrap_or_default();
    let (port_range_min, port_range_max, port) = ports(protocol, p.from_port, p.to_port);
    let base = SecurityGroupRule {
        direction,
        protocol: protocol_display(protocol),
        security_group_name: group.group_name.as_deref().unwrap_or_default(),
        security_group_id: group.group_id.as_deref().unwrap_or_default(),
        port_range_min,
        port_range_max,
        port,
        remote_cidr: None,
        remote_id: None,
        remote: "",
        description: "",
    };
    rule_sources(p)
        .map(|source| {
            let (remote, is_cidr) = (source.remote(), matches!(source, RuleSource::Cidr(_)));
            SecurityGroupRule {
                remote_cidr: if is_cidr { remote } else { None },
                remote_id: if is_cidr { None } else { remote },
                remote: remote.unwrap_or_default(),
                description: source.description().unwrap_or_default(),
                ..base.clone()
            }
        })
        .collect()
}

pub fn protocol_display(protocol: &str) -> String {
    match protocol {
        "-1" => "ALL".to_string(),
        "tcp" | "udp" | "icmp" | "icmpv6" => protocol.to_uppercase(),
        other => other.to_string(),
    }
}

/// All traffic is the full port range; otherwise the rule's own ports when it has them
/// (numbered protocols such as 50/ESP have none).
fn ports(protocol: &str, from: Option<i32>, to: Option<i32>) -> (Option<i32>, Option<i32>, Option<Port>) {
    let (from, to) = match (protocol, from, to) {
        ("-1", _, _) => (0, 65535),
        (_, Some(from), Some(to)) => (from, to),
        (_, Some(port), None) | (_, None, Some(port)) => (port, port),
        (_, None, None) => return (None, None, None),
    };
    let port = if from == to { Port::Single(from) } else { Port::Range(format!("{from} - {to}")) };
    (Some(from), Some(to), Some(port))
}

//! Security group rules as the records show them, shared by the Instance records (`data.security_group`,
//! whose entries the region index builds once per group) and the SecurityGroup records: their
//! sources in the one order every record lists them, the protocol's and ports' display.

mod sources;

pub use sources::{rule_sources, RuleSource};

use serde::Serialize;

use crate::model::ec2::{IpPermission, SecurityGroup};

#[derive(Debug, Clone, Serialize)]
pub struct SecurityGroupRule<'a> {
    pub direction: &'static str,
    pub protocol: String,
    pub security_group_name: &'a str,
    pub security_group_id: &'a str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Ports>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_cidr: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_id: Option<&'a str>,
    pub remote: &'a str,
    pub description: &'a str,
}

/// `port_range_min`, `port_range_max` and `port`: all three or none of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ports {
    pub port_range_min: i32,
    pub port_range_max: Option<i32>,
    pub port: Port,
}

/// A single port is a number, a range is the text `"from - to"`, as the console expects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Port {
    Single(i32),
    Range(String),
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
    let base = SecurityGroupRule {
        direction,
        protocol: protocol_display(protocol),
        security_group_name: group.group_name.as_deref().unwrap_or_default(),
        security_group_id: group.group_id.as_deref().unwrap_or_default(),
        ports: ports(protocol, p.from_port, p.to_port),
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

/// Only the protocols the console names get upper-cased names; `icmpv6`, `58`, `50`... stay as
/// the API returned them.
pub fn protocol_display(protocol: &str) -> String {
    match protocol {
        "-1" => "ALL".to_string(),
        "tcp" | "udp" | "icmp" => protocol.to_uppercase(),
        other => other.to_string(),
    }
}

/// All traffic is the full port range, written as text; tcp, udp and icmp rules carry their
/// own ports (a single one as a number) when they have a FromPort; every other protocol
/// (icmpv6, numbered ones such as 50/ESP) carries no port keys at all.
fn ports(protocol: &str, from: Option<i32>, to: Option<i32>) -> Option<Ports> {
    let (port_range_min, port_range_max) = match (protocol, from) {
        ("-1", _) => (0, Some(65535)),
        ("tcp" | "udp" | "icmp", Some(from)) => (from, to),
        _ => return None,
    };
    let port = match port_range_max {
        Some(to) if to == port_range_min && protocol != "-1" => Port::Single(to),
        Some(to) => Port::Range(format!("{port_range_min} - {to}")),
        None => Port::Range(format!("{port_range_min} - None")),
    };
    Some(Ports { port_range_min, port_range_max, port })
}

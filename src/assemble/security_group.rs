//! The EC2 SecurityGroup cloud service: one record per security group, with one display entry per
//! source of each rule (and its DescribeSecurityGroupRules id) and the instances that use it.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use super::cloud_service::{CloudService, Responses};
use super::data::boto_map;
use super::held_back::{account_or_held_back, held_back};
use super::index::RegionIndex;
use super::links::{cloudtrail, console_link};
use super::record::{each, Record};
use super::rules::{protocol_display, rule_sources};
use crate::model::ec2::{self, Instance, IpPermission, SecurityGroupRule};
use crate::model::{tag_map, tag_value};
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "SecurityGroup";

pub struct SecurityGroup;

impl CloudService for SecurityGroup {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[Call::SecurityGroups, Call::SecurityGroupRules]
    }

    fn also_reads(&self) -> &'static [Call] {
        &[Call::Reservations, Call::Vpcs, Call::Subnets]
    }

    fn definition(&self) -> &'static str {
        include_str!("cloud_service_types/SecurityGroup.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("metrics/SecurityGroup.json")
    }

    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        responses(snapshot, index)
    }
}

/// A rule as DescribeSecurityGroupRules tells them apart: group, egress, protocol, ports, source.
type RuleKey<'a> = (&'a str, bool, &'a str, i32, i32, &'a str);

fn responses<'a>(snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
    let region = snapshot.region.as_str();
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.security_groups.len()) {
        Ok(account) => account,
        Err(held_back) => return Box::new(held_back.into_iter()),
    };
    // the current collector leaves out the security groups of default VPCs; without knowing
    // which VPCs those are, no group is emitted (one would appear now and vanish next time)
    let Some(default_vpcs) = default_vpcs(snapshot) else {
        let why = "neither DescribeVpcs nor DescribeSubnets answered, so which VPCs are default is unknown and the \
                   SecurityGroup records are held back";
        let items = snapshot.security_groups.len();
        return Box::new(
            held_back(snapshot, CLOUD_SERVICE_TYPE, items, "ec2:DescribeVpcs", "DefaultVpcUnknown", why.into())
                .into_iter(),
        );
    };
    let groups =
        snapshot.security_groups.iter().filter(move |g| !g.vpc_id.as_deref().is_some_and(|v| default_vpcs.contains(v)));
    let rule_ids = rule_ids(&snapshot.security_group_rules);
    let users = instances_by_group(snapshot);
    each(
        CLOUD_SERVICE_TYPE,
        region,
        groups,
        |g| g.group_id.as_deref(),
        move |&group| {
            let id = group.group_id.as_deref().unwrap_or_default();
            let instances: Vec<Value> = users.get(id).into_iter().flatten().copied().map(instance_entry).collect();
            let mut data = boto_map(group);
            data.insert("ip_permissions".into(), rule_entries(group, false, &rule_ids, index.vulnerable_ports).into());
            data.insert("ip_permissions_egress".into(), rule_entries(group, true, &rule_ids, None).into());
            data.insert("stats".into(), json!({"instances_count": instances.len()}));
            data.insert("instances".into(), instances.into());
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::EC2::SecurityGroup", id));
            let link = console_link(region, &format!("SecurityGroups:group-id={id}"));
            Ok(Record::new(region, group.owner_id.as_deref().unwrap_or(account), id.to_string(), link, data)
                .named(group.group_name.as_deref())
                .tagged(tag_map(group.tags.as_ref())))
        },
    )
}

/// The default VPCs: from DescribeVpcs, else from DescribeSubnets (only a default VPC has
/// default-for-AZ subnets); None when both failed.
fn default_vpcs(snapshot: &RegionSnapshot) -> Option<HashSet<&str>> {
    let failed = |call: Call| snapshot.gaps.iter().any(|g| g.call == call);
    if !failed(Call::Vpcs) {
        let defaults = snapshot.vpcs.iter().filter(|v| v.is_default == Some(true));
        Some(defaults.filter_map(|v| v.vpc_id.as_deref()).collect())
    } else if !failed(Call::Subnets) {
        let defaults = snapshot.subnets.iter().filter(|n| n.default_for_az == Some(true));
        Some(defaults.filter_map(|n| n.vpc_id.as_deref()).collect())
    } else {
        None
    }
}

/// The id of every rule DescribeSecurityGroupRules listed.
fn rule_ids(rules: &[SecurityGroupRule]) -> HashMap<RuleKey<'_>, &str> {
    rules
        .iter()
        .filter_map(|r| {
            let referenced = r.referenced_group_info.as_ref().and_then(|g| g.group_id.as_deref());
            let source =
                r.cidr_ipv4.as_deref().or(r.cidr_ipv6.as_deref()).or(r.prefix_list_id.as_deref()).or(referenced)?;
            let (from, to) = (r.from_port.unwrap_or(-1), r.to_port.unwrap_or(-1));
            let key = (r.group_id.as_deref()?, r.is_egress?, r.ip_protocol.as_deref()?, from, to, source);
            Some((key, r.security_group_rule_id.as_deref()?))
        })
        .collect()
}

/// One entry per CIDR, IPv6 CIDR, security group and prefix list of every rule, in rule order;
/// with `vulnerable_ports` (inbound only) each entry names the listed ports its rule opens.
fn rule_entries(
    group: &ec2::SecurityGroup,
    egress: bool,
    rule_ids: &HashMap<RuleKey<'_>, &str>,
    vulnerable_ports: Option<&[String]>,
) -> Vec<Value> {
    let permissions = if egress { &group.ip_permissions_egress } else { &group.ip_permissions };
    let group_id = group.group_id.as_deref().unwrap_or_default();
    let mut entries = Vec::new();
    for p in permissions.iter().flatten() {
        let protocol = p.ip_protocol.as_deref().unwrap_or_default();
        for source in rule_sources(p) {
            let (kind, item, description) = (source.kind(), source.item(), source.description());
            let source = source.remote().unwrap_or_default();
            let key = (group_id, egress, protocol, p.from_port.unwrap_or(-1), p.to_port.unwrap_or(-1), source);
            // null for a rule DescribeSecurityGroupRules did not list (or when that call failed)
            let mut entry = json!({
                "rule_id": rule_ids.get(&key),
                "protocol_display": protocol_display(protocol),
                "port_display": port_display(p),
                "source_display": source,
                "description_display": description.unwrap_or_default(),
                kind: item,
            });
            if let Some(listed) = vulnerable_ports {
                let open = open_ports(p, listed);
                let detected = open.as_deref().is_some_and(|o| !o.is_empty());
                entry["vulnerable_ports"] = open.map_or(Value::Null, Value::String);
                entry["detected_vulnerable_ports"] = Value::Bool(detected);
            }
            entries.push(entry);
        }
    }
    entries
}

/// "ALL" for all traffic, every ICMP rule and tcp/udp 0-65535; a tcp/udp port or "from - to";
/// nothing the console could show for other protocols (icmpv6, 50, 58, ...).
fn port_display(p: &IpPermission) -> String {
    match (p.ip_protocol.as_deref().unwrap_or_default(), p.from_port, p.to_port) {
        ("-1" | "icmp", _, _) | ("tcp" | "udp", Some(0), Some(65535)) => "ALL".to_string(),
        ("tcp" | "udp", from, to) if from == to => from.map_or("None".to_string(), |f| f.to_string()),
        ("tcp" | "udp", Some(from), Some(to)) => format!("{from} - {to}"),
        _ => String::new(),
    }
}

/// The listed ports this rule opens, comma-joined in the option's order: every one for all
/// traffic, those within FromPort..=ToPort otherwise; None when the rule has no port range.
fn open_ports(p: &IpPermission, listed: &[String]) -> Option<String> {
    let all_traffic = p.ip_protocol.as_deref() == Some("-1");
    let range = (p.from_port, p.to_port);
    let open: Vec<&str> = match range {
        _ if all_traffic => listed.iter().map(String::as_str).collect(),
        (Some(from), Some(to)) => listed
            .iter()
            .filter(|port| port.trim().parse::<i32>().is_ok_and(|n| (from..=to).contains(&n)))
            .map(String::as_str)
            .collect(),
        _ => return None,
    };
    Some(open.join(","))
}

/// The instances using each group on any of their interfaces, in DescribeInstances order.
fn instances_by_group(snapshot: &RegionSnapshot) -> HashMap<&str, Vec<&Instance>> {
    let mut users: HashMap<&str, Vec<&Instance>> = HashMap::new();
    for instance in snapshot.reservations.iter().flat_map(|r| r.instances.iter().flatten()) {
        let interface_groups = instance.network_interfaces.iter().flatten().flat_map(|n| n.groups.iter().flatten());
        let mut ids: Vec<&str> = instance
            .security_groups
            .iter()
            .flatten()
            .chain(interface_groups)
            .filter_map(|g| g.group_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            users.entry(id).or_default().push(instance);
        }
    }
    users
}

fn instance_entry(i: &Instance) -> Value {
    json!({
        "InstanceId": i.instance_id,
        "instance_name": tag_value(i.tags.as_ref(), "Name").unwrap_or_default(),
        "State": i.state,
        "SubnetId": i.subnet_id,
        "VpcId": i.vpc_id,
        "PrivateIpAddress": i.private_ip_address,
        "PrivateDnsName": i.private_dns_name,
        "PublicIpAddress": i.public_ip_address,
        "PublicDnsName": i.public_dns_name,
        "Architecture": i.architecture,
        "SecurityGroups": i.security_groups,
        "Tags": i.tags,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::SecurityGroup;

    /// The json_data of each record.
    fn data(snapshot: Value) -> Vec<Value> {
        let records = crate::assemble::test_records::records(&SecurityGroup, snapshot);
        records.into_iter().map(|mut r| r["json_data"].take()).collect()
    }

    #[test]
    fn every_rule_of_any_protocol_and_source_is_reported_with_its_id() {
        let data = data(json!({
            "region": "eu-west-1", "account_id": "111122223333",
            "security_groups": [{"GroupId": "sg-1", "IpPermissions": [
                {"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
                {"IpProtocol": "50", "PrefixListIds": [{"PrefixListId": "pl-1", "Description": "vpn"}]},
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": "sg-2"}]},
                {"IpProtocol": "icmp", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
            ]}],
            "security_group_rules": [
                {"SecurityGroupRuleId": "sgr-v6", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "icmpv6",
                 "FromPort": -1, "ToPort": -1, "CidrIpv6": "::/0"},
                {"SecurityGroupRuleId": "sgr-esp", "GroupId": "sg-1", "IsEgress": false, "IpProtocol": "50",
                 "FromPort": -1, "ToPort": -1, "PrefixListId": "pl-1"},
                {"SecurityGroupRuleId": "sgr-out", "GroupId": "sg-1", "IsEgress": true, "IpProtocol": "tcp",
                 "FromPort": 443, "ToPort": 443, "ReferencedGroupInfo": {"GroupId": "sg-2"}}
            ]
        }));
        let shown = |e: &Value| {
            (
                e["rule_id"].clone(),
                e["protocol_display"].clone(),
                e["port_display"].clone(),
                e["source_display"].clone(),
            )
        };
        let entries: Vec<_> = data[0]["ip_permissions"].as_array().unwrap().iter().map(shown).collect();
        assert_eq!(
            entries,
            [
                (json!("sgr-v6"), json!("icmpv6"), json!(""), json!("::/0")),
                (json!("sgr-esp"), json!("50"), json!(""), json!("pl-1")),
                (json!(null), json!("TCP"), json!("443"), json!("sg-2")),
                (json!(null), json!("ICMP"), json!("ALL"), json!("10.0.0.0/8")),
            ]
        );
        let kept = &data[0]["ip_permissions"];
        assert_eq!(
            (&kept[1]["prefix_list_ids"], &kept[1]["description_display"]),
            (&json!({"PrefixListId": "pl-1", "Description": "vpn"}), &json!("vpn"))
        );
        assert_eq!(kept[2]["user_id_group_pairs"], json!({"GroupId": "sg-2"}));
        assert_eq!(data[0]["ip_permissions_egress"], json!([]));
    }

    #[test]
    fn instances_on_any_interface_count_and_default_vpc_groups_are_left_out() {
        let data = data(json!({
            "region": "eu-west-1", "account_id": "111122223333",
            "vpcs": [{"VpcId": "vpc-default", "IsDefault": true}, {"VpcId": "vpc-app", "IsDefault": false}],
            "security_groups": [{"GroupId": "sg-default", "VpcId": "vpc-default"},
                                {"GroupId": "sg-app", "VpcId": "vpc-app"}, {"GroupId": "sg-eni", "VpcId": "vpc-app"}],
            "reservations": [{"Instances": [
                {"InstanceId": "i-1", "SecurityGroups": [{"GroupId": "sg-app"}],
                 "NetworkInterfaces": [{"Groups": [{"GroupId": "sg-app"}]}, {"Groups": [{"GroupId": "sg-eni"}]}]},
                {"InstanceId": "i-2", "Tags": [{"Key": "Name", "Value": "two"}],
                 "SecurityGroups": [{"GroupId": "sg-app"}]}
            ]}]
        }));
        let ids: Vec<&Value> = data.iter().map(|d| &d["GroupId"]).collect();
        assert_eq!(ids, ["sg-app", "sg-eni"]);
        let names: Vec<&Value> = data[0]["instances"].as_array().unwrap().iter().map(|i| &i["instance_name"]).collect();
        assert_eq!((names, &data[0]["stats"]), (vec![&json!(""), &json!("two")], &json!({"instances_count": 2})));
        assert_eq!(
            (&data[1]["instances"][0]["InstanceId"], &data[1]["instances"][0]["PublicIpAddress"]),
            (&json!("i-1"), &json!(null))
        );
    }

    #[test]
    fn without_knowing_the_default_vpcs_no_group_is_emitted() {
        let gap = |call: &str| {
            let op = format!("ec2:Describe{}", if call == "vpcs" { "Vpcs" } else { "Subnets" });
            json!({"call": call, "operation": op, "region": "eu-west-1", "code": "UnauthorizedOperation", "message": "no"})
        };
        let snapshot = |gaps: Value| {
            json!({
                "region": "eu-west-1", "account_id": "111122223333",
                "security_groups": [{"GroupId": "sg-default-vpc", "VpcId": "vpc-d"}, {"GroupId": "sg-1", "VpcId": "vpc-1"}],
                "subnets": [{"SubnetId": "subnet-d", "VpcId": "vpc-d", "DefaultForAz": true}],
                "gaps": gaps
            })
        };
        // DescribeVpcs denied: the default-for-AZ subnets tell the default VPC
        let kept = crate::assemble::test_records::records(&SecurityGroup, snapshot(json!([gap("vpcs")])));
        let ids: Vec<&Value> = kept.iter().map(|r| &r["reference"]["resource_id"]).collect();
        assert_eq!(ids, [&json!("sg-1")]);
        // neither answered: held back, one FAILURE saying why
        let held =
            crate::assemble::test_records::responses(&SecurityGroup, snapshot(json!([gap("vpcs"), gap("subnets")])));
        assert_eq!(held.len(), 1);
        let failure = serde_json::to_value(&held[0]).unwrap();
        assert_eq!(failure["error_data"]["code"], "DefaultVpcUnknown");
    }
}

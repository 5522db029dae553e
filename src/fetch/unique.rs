//! One item per resource: pagination may hand an item out twice (a page repeated, an instance
//! listed on two pages while the fleet changes). The first listing of each id is kept, so every
//! record is unique per match key and the joins built on the lists see each resource once.

use std::collections::HashSet;

use crate::snapshot::RegionSnapshot;

/// Drops the later listings of each id, list by list; says per call how many were dropped.
pub fn drop_duplicates(snapshot: &mut RegionSnapshot) -> Vec<String> {
    let mut dropped = Vec::new();
    let mut count = |operation: &str, n: usize| {
        if n > 0 {
            dropped.push(format!("{operation}: {n} item(s) listed twice, kept once"));
        }
    };
    let mut seen = HashSet::new();
    let mut instances = 0;
    for reservation in &mut snapshot.reservations {
        if let Some(list) = reservation.instances.as_mut() {
            instances += unique_into(list, &mut seen, |i| i.instance_id.clone());
        }
    }
    snapshot.reservations.retain(|r| r.instances.as_ref().map_or(true, |i| !i.is_empty()));
    count("ec2:DescribeInstances", instances);
    count("ec2:DescribeVolumes", unique(&mut snapshot.volumes, |v| v.volume_id.clone()));
    count("ec2:DescribeSnapshots", unique(&mut snapshot.snapshots, |s| s.snapshot_id.clone()));
    count("ec2:DescribeSecurityGroups", unique(&mut snapshot.security_groups, |g| g.group_id.clone()));
    count(
        "ec2:DescribeSecurityGroupRules",
        unique(&mut snapshot.security_group_rules, |r| r.security_group_rule_id.clone()),
    );
    count("ec2:DescribeVpcs", unique(&mut snapshot.vpcs, |v| v.vpc_id.clone()));
    count("ec2:DescribeSubnets", unique(&mut snapshot.subnets, |n| n.subnet_id.clone()));
    count("ec2:DescribeAddresses", unique(&mut snapshot.addresses, |a| a.allocation_id.clone()));
    count("ec2:DescribeNatGateways", unique(&mut snapshot.nat_gateways, |g| g.nat_gateway_id.clone()));
    count("ec2:DescribeImages", unique(&mut snapshot.owned_images, |i| i.image_id.clone()));
    count("ec2:DescribeLaunchTemplates", unique(&mut snapshot.launch_templates, |t| t.launch_template_id.clone()));
    count(
        "autoscaling:DescribeAutoScalingGroups",
        unique(&mut snapshot.auto_scaling_groups, |g| g.auto_scaling_group_arn.clone()),
    );
    count(
        "autoscaling:DescribeLaunchConfigurations",
        unique(&mut snapshot.launch_configurations, |c| c.launch_configuration_name.clone()),
    );
    count(
        "elasticloadbalancing:DescribeLoadBalancers",
        unique(&mut snapshot.load_balancers, |l| l.load_balancer_arn.clone()),
    );
    count(
        "elasticloadbalancing:DescribeTargetGroups",
        unique(&mut snapshot.target_groups, |t| t.target_group_arn.clone()),
    );
    dropped
}

fn unique<T>(items: &mut Vec<T>, id: impl Fn(&T) -> Option<String>) -> usize {
    unique_into(items, &mut HashSet::new(), id)
}

/// Keeps the first item of each id (items without one are kept); the number dropped.
fn unique_into<T>(items: &mut Vec<T>, seen: &mut HashSet<String>, id: impl Fn(&T) -> Option<String>) -> usize {
    let before = items.len();
    items.retain(|item| id(item).map_or(true, |key| seen.insert(key)));
    before - items.len()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_item_listed_twice_is_kept_once_and_counted() {
        let mut snapshot: RegionSnapshot = serde_json::from_value(json!({
            "region": "eu-west-1",
            "reservations": [
                {"ReservationId": "r-1", "Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]},
                {"ReservationId": "r-1", "Instances": [{"InstanceId": "i-1"}]},
                {"ReservationId": "r-2", "Instances": [{"InstanceId": "i-3"}, {"InstanceId": "i-2"}]}
            ],
            "volumes": [{"VolumeId": "vol-1"}, {"VolumeId": "vol-1"}, {"VolumeId": "vol-2"}]
        }))
        .unwrap();
        let dropped = drop_duplicates(&mut snapshot);
        let ids: Vec<_> = snapshot
            .reservations
            .iter()
            .flat_map(|r| r.instances.iter().flatten())
            .map(|i| i.instance_id.clone().unwrap())
            .collect();
        assert_eq!(ids, ["i-1", "i-2", "i-3"]);
        assert_eq!(snapshot.reservations.len(), 2, "a reservation left empty is gone");
        assert_eq!(snapshot.volumes.len(), 2);
        assert_eq!(
            dropped,
            [
                "ec2:DescribeInstances: 2 item(s) listed twice, kept once",
                "ec2:DescribeVolumes: 1 item(s) listed twice, kept once"
            ]
        );
    }
}

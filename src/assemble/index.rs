//! Hash indexes over a region snapshot, built once per region so that assembling an instance
//! is a handful of lookups, never a scan of every volume, group, target or type.

use std::collections::{HashMap, HashSet};

use serde_json::value::RawValue;

use crate::assemble::rules::{group_rules, SecurityGroupRule};
use crate::model::autoscaling::{AutoScalingGroup, LaunchConfiguration};
use crate::model::ec2::{Image, InstanceTypeInfo, SecurityGroup, Subnet, Volume, Vpc};
use crate::model::elbv2::{Listener, LoadBalancer};
use crate::model::ssm::InstanceInformation;
use crate::snapshot::{Call, RegionSnapshot};

pub struct RegionIndex<'a> {
    pub region: &'a str,
    pub instance_types: HashMap<&'a str, &'a InstanceTypeInfo>,
    pub images: HashMap<&'a str, &'a Image>,
    /// Each volume with its position in DescribeVolumes order.
    pub volumes: HashMap<&'a str, (usize, &'a Volume)>,
    pub security_groups: HashMap<&'a str, &'a SecurityGroup>,
    pub vpcs: HashMap<&'a str, &'a Vpc>,
    pub subnets: HashMap<&'a str, &'a Subnet>,
    /// The ASG an instance belongs to (the last one listing it, as the current collector does).
    pub auto_scaling_groups: HashMap<&'a str, &'a AutoScalingGroup>,
    pub launch_configurations: HashMap<&'a str, &'a LaunchConfiguration>,
    /// Target group positions (DescribeTargetGroups order) per registered instance id
    /// (instance target groups) and per registered IP (ip target groups).
    target_groups_by_instance: HashMap<&'a str, Vec<usize>>,
    target_groups_by_ip: HashMap<&'a str, Vec<usize>>,
    load_balancers: HashMap<&'a str, &'a LoadBalancer>,
    listeners: &'a HashMap<String, Vec<Listener>>,
    snapshot: &'a RegionSnapshot,
    pub instance_information: HashMap<&'a str, &'a InstanceInformation>,
    /// The `security_group` entries of each group, built once for all the instances using it.
    pub group_rules: HashMap<&'a str, GroupRules<'a>>,
    /// `options.vulnerable_ports`, verbatim pieces: SecurityGroup inbound entries list those
    /// their ports cover (the option is the one input of the assembly that is not AWS data).
    pub vulnerable_ports: Option<&'a [String]>,
    /// Each group's position in DescribeSecurityGroups order (the order an instance's groups are
    /// listed in).
    pub group_position: HashMap<&'a str, usize>,
    /// Which records of the types that read a per-record call to assemble now.
    pub due: Due<'a>,
}

/// Keys of per-record calls (instance ids, volume ids), by call.
pub type Keys = HashMap<Call, HashSet<String>>;

/// Which records of the types that read a per-record call (`CloudService::per_record`) to
/// assemble: every one (a whole snapshot), or, while a collect streams a region, those whose
/// answers have just arrived, and at its end those whose call was never answered.
#[derive(Clone, Copy)]
pub enum Due<'a> {
    Every,
    Arrived(&'a Keys),
    Rest(&'a Keys),
}

impl Due<'_> {
    /// Whether the record of `key` of a type reading `call` is assembled now.
    pub fn has(&self, call: Call, key: &str) -> bool {
        let listed = |keys: &Keys| keys.get(&call).is_some_and(|k| k.contains(key));
        match self {
            Due::Every => true,
            Due::Arrived(keys) => listed(keys),
            Due::Rest(keys) => !listed(keys),
        }
    }

    /// Whether what concerns a type's records as a whole (one FAILURE holding them back) is said
    /// now: once, with the whole type or its rest.
    pub fn whole(&self) -> bool {
        !matches!(self, Due::Arrived(_))
    }
}

/// The `security_group` entries of one group, and each as the JSON text an Instance record
/// writes: most of an instance's `data` is its groups' entries, the same for every instance of
/// the group, so its record copies the text instead of writing it again.
pub struct GroupRules<'a> {
    pub entries: Vec<SecurityGroupRule<'a>>,
    pub json: Vec<Box<RawValue>>,
}

impl<'a> GroupRules<'a> {
    fn of(group: &'a SecurityGroup) -> Self {
        let entries = group_rules(group);
        // a rule entry is strings, numbers and options: it always serialises
        let json = entries.iter().filter_map(|entry| serde_json::value::to_raw_value(entry).ok()).collect();
        GroupRules { entries, json }
    }
}

fn by_key<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> Option<&'a String>) -> HashMap<&'a str, &'a T> {
    items.iter().filter_map(|item| Some((key(item)?.as_str(), item))).collect()
}

/// Two ascending lists of positions as one, each position once.
fn merged<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut a, mut b) = (a.iter().copied().peekable(), b.iter().copied().peekable());
    std::iter::from_fn(move || match (a.peek().copied(), b.peek().copied()) {
        (Some(x), Some(y)) if x == y => {
            b.next();
            a.next()
        }
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

impl<'a> RegionIndex<'a> {
    pub fn new(s: &'a RegionSnapshot) -> Self {
        let mut auto_scaling_groups = HashMap::new();
        for group in &s.auto_scaling_groups {
            for member in group.instances.iter().flatten() {
                if let Some(id) = &member.instance_id {
                    auto_scaling_groups.insert(id.as_str(), group);
                }
            }
        }
        let (mut by_instance, mut by_ip) = (HashMap::<&str, Vec<usize>>::new(), HashMap::<&str, Vec<usize>>::new());
        for (position, group) in s.target_groups.iter().enumerate() {
            let index = match group.target_type.as_deref() {
                Some("instance") => &mut by_instance,
                Some("ip") => &mut by_ip,
                _ => continue,
            };
            let arn = group.target_group_arn.as_deref().unwrap_or_default();
            for health in s.target_health.get(arn).into_iter().flatten() {
                if let Some(id) = health.target.as_ref().and_then(|t| t.id.as_deref()) {
                    let positions = index.entry(id).or_default();
                    if positions.last() != Some(&position) {
                        positions.push(position);
                    }
                }
            }
        }
        RegionIndex {
            region: &s.region,
            instance_types: by_key(&s.instance_types, |t| t.instance_type.as_ref()),
            images: by_key(&s.images, |i| i.image_id.as_ref()),
            volumes: s
                .volumes
                .iter()
                .enumerate()
                .filter_map(|(n, v)| Some((v.volume_id.as_deref()?, (n, v))))
                .collect(),
            security_groups: by_key(&s.security_groups, |g| g.group_id.as_ref()),
            vpcs: by_key(&s.vpcs, |v| v.vpc_id.as_ref()),
            subnets: by_key(&s.subnets, |n| n.subnet_id.as_ref()),
            auto_scaling_groups,
            launch_configurations: by_key(&s.launch_configurations, |c| c.launch_configuration_name.as_ref()),
            target_groups_by_instance: by_instance,
            target_groups_by_ip: by_ip,
            load_balancers: by_key(&s.load_balancers, |l| l.load_balancer_arn.as_ref()),
            listeners: &s.listeners,
            snapshot: s,
            instance_information: by_key(&s.instance_information, |i| i.instance_id.as_ref()),
            group_rules: s
                .security_groups
                .iter()
                .filter_map(|g| Some((g.group_id.as_deref()?, GroupRules::of(g))))
                .collect(),
            vulnerable_ports: None,
            due: Due::Every,
            group_position: s
                .security_groups
                .iter()
                .filter_map(|g| g.group_id.as_deref())
                .enumerate()
                .map(|(position, id)| (id, position))
                .collect(),
        }
    }

    pub fn with_vulnerable_ports(self, vulnerable_ports: Option<&'a [String]>) -> Self {
        RegionIndex { vulnerable_ports, ..self }
    }

    pub fn with_due(self, due: Due<'a>) -> Self {
        RegionIndex { due, ..self }
    }

    /// Load balancers in front of an instance: of the target groups that register it (by id, or
    /// by its primary private IP for ip target groups), in target group order, each LB once.
    pub fn load_balancers_of(&self, instance_id: &str, private_ip: Option<&str>) -> Vec<&'a LoadBalancer> {
        let by_id = self.target_groups_by_instance.get(instance_id).map_or(&[][..], Vec::as_slice);
        let by_ip = private_ip.and_then(|ip| self.target_groups_by_ip.get(ip)).map_or(&[][..], Vec::as_slice);
        let mut found: Vec<&'a LoadBalancer> = Vec::new();
        // each list is in target group order without repeats: merged, not collected and sorted
        for position in merged(by_id, by_ip) {
            for arn in self.snapshot.target_groups[position].load_balancer_arns.iter().flatten() {
                if let Some(lb) = self.load_balancers.get(arn.as_str()) {
                    if !found.iter().any(|f| f.load_balancer_arn.as_deref() == Some(arn)) {
                        found.push(lb);
                    }
                }
            }
        }
        found
    }

    pub fn listeners_of(&self, load_balancer_arn: &str) -> &'a [Listener] {
        self.listeners.get(load_balancer_arn).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn termination_protection(&self, instance_id: &str) -> Option<bool> {
        self.snapshot.termination_protection.get(instance_id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::merged;

    #[test]
    fn two_lists_of_positions_merge_in_order_each_once() {
        let merge = |a: &[usize], b: &[usize]| merged(a, b).collect::<Vec<_>>();
        assert_eq!(merge(&[0, 3, 7], &[1, 3, 9]), [0, 1, 3, 7, 9]);
        assert_eq!(merge(&[], &[2, 4]), [2, 4]);
        assert_eq!(merge(&[5], &[]), [5]);
        assert_eq!(merge(&[1, 2], &[1, 2]), [1, 2]);
    }
}

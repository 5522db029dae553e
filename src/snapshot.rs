//! A region snapshot: everything the collector read from AWS for one region, boto3-shaped.
//! The fetch layer fills it (I/O only), the assembly reads it (no I/O); in between it can be
//! written to and read from JSON (tests/snapshots/*.json, recorded from a fake AWS).

mod call;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use call::Call;

use crate::error::AwsFailure;
use crate::model::autoscaling::{
    AutoScalingGroup, LaunchConfiguration, LifecycleHook, NotificationConfiguration, ScalingPolicy,
    ScheduledUpdateGroupAction,
};
use crate::model::ec2::{
    Address, Image, InstanceTypeInfo, LaunchPermission, LaunchTemplate, LaunchTemplateVersion, NatGateway,
    NetworkInterface, Reservation, SecurityGroup, SecurityGroupRule, Snapshot, Subnet, Volume, Vpc,
};
use crate::model::elbv2::{Listener, LoadBalancer, TargetGroup, TargetHealthDescription};
use crate::model::ssm::InstanceInformation;
use crate::model::VolumeAttribute;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionSnapshot {
    pub region: String,
    /// The account of the credentials (STS GetCallerIdentity, once per collect).
    pub account_id: String,
    pub reservations: Vec<Reservation>,
    pub instance_types: Vec<InstanceTypeInfo>,
    pub images: Vec<Image>,
    /// DescribeInstanceAttribute(disableApiTermination) per instance id.
    pub termination_protection: HashMap<String, bool>,
    pub volumes: Vec<Volume>,
    pub security_groups: Vec<SecurityGroup>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub auto_scaling_groups: Vec<AutoScalingGroup>,
    pub launch_configurations: Vec<LaunchConfiguration>,
    pub load_balancers: Vec<LoadBalancer>,
    /// DescribeListeners per load balancer ARN.
    pub listeners: HashMap<String, Vec<Listener>>,
    pub target_groups: Vec<TargetGroup>,
    /// DescribeTargetHealth per target group ARN.
    pub target_health: HashMap<String, Vec<TargetHealthDescription>>,
    pub instance_information: Vec<InstanceInformation>,
    /// DescribeVolumeAttribute(productCodes) per volume id.
    pub volume_attributes: HashMap<String, VolumeAttribute>,
    /// DescribeSnapshots of the account's own snapshots.
    pub snapshots: Vec<Snapshot>,
    pub addresses: Vec<Address>,
    pub nat_gateways: Vec<NatGateway>,
    /// DescribeNetworkInterfaces of the interfaces the addresses are on.
    pub address_interfaces: Vec<NetworkInterface>,
    pub security_group_rules: Vec<SecurityGroupRule>,
    /// DescribeImages of the account's own AMIs (`images` are the AMIs instances run).
    pub owned_images: Vec<Image>,
    /// DescribeImageAttribute(launchPermission) per owned AMI id.
    pub launch_permissions: HashMap<String, Vec<LaunchPermission>>,
    pub launch_templates: Vec<LaunchTemplate>,
    /// DescribeLaunchTemplateVersions (no version filter, first page) per launch template id.
    pub launch_template_versions: HashMap<String, Vec<LaunchTemplateVersion>>,
    pub scaling_policies: Vec<ScalingPolicy>,
    pub notification_configurations: Vec<NotificationConfiguration>,
    pub scheduled_actions: Vec<ScheduledUpdateGroupAction>,
    /// DescribeLifecycleHooks per Auto Scaling group name.
    pub lifecycle_hooks: HashMap<String, Vec<LifecycleHook>>,
    /// Items pagination listed twice, dropped (one line per call), for the region's log.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<String>,
    /// The calls that failed: the data they would have brought is missing above.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
}

/// A call that failed after its retries: the part of the snapshot it fills is missing (or, for a
/// per-item call, the items it names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub call: Call,
    #[serde(flatten)]
    pub failure: AwsFailure,
}

/// A part of a region snapshot, as a fetch delivers it while its per-record calls (one per
/// instance, one per volume: the slowest part of a region) still run, so that records can be
/// assembled and streamed while they do.
#[derive(Debug)]
pub enum Arrival {
    /// Every call but the per-record ones has answered: the snapshot without their answers.
    Lists(Box<RegionSnapshot>),
    /// An instance's termination protection; None: its call failed (a gap says why) or was not made.
    Protection(String, Option<bool>),
    /// A volume's product codes; None: its call failed (a gap says why) or was not made.
    ProductCodes(String, Option<VolumeAttribute>),
    /// The per-record calls are done: what they failed to bring.
    Done(Vec<Gap>),
}

impl RegionSnapshot {
    /// Takes in a part as it arrives (per-record answers may come before the lists); the
    /// per-record call and key it answers, if it is an answer.
    pub fn receive(&mut self, arrival: Arrival) -> Option<(Call, String)> {
        match arrival {
            Arrival::Lists(lists) => {
                let (protection, attributes) =
                    (std::mem::take(&mut self.termination_protection), std::mem::take(&mut self.volume_attributes));
                let gaps = std::mem::take(&mut self.gaps);
                *self = *lists;
                self.termination_protection.extend(protection);
                self.volume_attributes.extend(attributes);
                self.gaps.extend(gaps);
                None
            }
            Arrival::Protection(id, protected) => {
                if let Some(protected) = protected {
                    self.termination_protection.insert(id.clone(), protected);
                }
                Some((Call::TerminationProtection, id))
            }
            Arrival::ProductCodes(id, attribute) => {
                if let Some(attribute) = attribute {
                    self.volume_attributes.insert(id.clone(), attribute);
                }
                Some((Call::VolumeAttributes, id))
            }
            Arrival::Done(gaps) => {
                self.gaps.extend(gaps);
                None
            }
        }
    }

    /// The account the region's resources belong to: the caller's (STS), else the owner an
    /// answer of the account's own resources names (instances' reservations, security groups,
    /// the account's AMIs, Auto Scaling group ARNs); None when nothing says it, and then no
    /// record that carries the account may be emitted (it would be another identity).
    pub fn account(&self) -> Option<&str> {
        let owners = self
            .reservations
            .iter()
            .map(|r| r.owner_id.as_deref())
            .chain(self.security_groups.iter().map(|g| g.owner_id.as_deref()))
            .chain(self.owned_images.iter().map(|i| i.owner_id.as_deref()))
            .chain(self.auto_scaling_groups.iter().map(|g| g.auto_scaling_group_arn.as_deref().and_then(arn_account)));
        Some(self.account_id.as_str()).filter(|a| !a.is_empty()).or_else(|| owners.flatten().find(|a| !a.is_empty()))
    }
}

/// The account field of an ARN (`arn:partition:service:region:account:...`).
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

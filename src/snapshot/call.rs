//! The calls a region snapshot is made of, each named after the snapshot list it fills: the
//! fetch plans by them, the cloud service types say which they read, and a failed one (a gap)
//! says which part of the snapshot is missing.

use serde::{Deserialize, Serialize};

/// One call of a region snapshot (with the per-item calls that follow its answer, when it has
/// them), named after the snapshot list it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Call {
    /// DescribeInstances.
    Reservations,
    /// DescribeInstanceTypes of the instances' types.
    InstanceTypes,
    /// DescribeImages of the AMIs the instances run.
    Images,
    /// DescribeInstanceAttribute(disableApiTermination), one per instance.
    TerminationProtection,
    Volumes,
    /// DescribeVolumeAttribute(productCodes), one per volume.
    VolumeAttributes,
    SecurityGroups,
    SecurityGroupRules,
    Vpcs,
    Subnets,
    /// DescribeSnapshots of the account's own snapshots.
    Snapshots,
    /// DescribeAddresses, then DescribeNetworkInterfaces of the interfaces they are on.
    Addresses,
    NatGateways,
    AutoScalingGroups,
    /// DescribeLifecycleHooks, one per Auto Scaling group.
    LifecycleHooks,
    LaunchConfigurations,
    ScalingPolicies,
    NotificationConfigurations,
    ScheduledActions,
    /// DescribeLoadBalancers, then DescribeListeners per load balancer.
    LoadBalancers,
    /// DescribeTargetGroups, then DescribeTargetHealth per target group.
    TargetGroups,
    /// SSM DescribeInstanceInformation.
    InstanceInformation,
    /// DescribeImages(Owners=self), then DescribeImageAttribute(launchPermission) per AMI.
    OwnedImages,
    /// DescribeLaunchTemplates, then DescribeLaunchTemplateVersions per template.
    LaunchTemplates,
}

impl Call {
    /// Optional details of other records (SSM's view of the hosts): when it fails, the records are
    /// emitted without them and the region's log says so, but no FAILURE is reported (an account
    /// without that permission would otherwise fail in every region).
    pub fn is_enrichment(self) -> bool {
        self == Call::InstanceInformation
    }

    /// The call whose answer this one's requests are made from, if any.
    pub fn after(self) -> Option<Call> {
        match self {
            Call::InstanceTypes | Call::Images | Call::TerminationProtection => Some(Call::Reservations),
            Call::VolumeAttributes => Some(Call::Volumes),
            Call::LifecycleHooks => Some(Call::AutoScalingGroups),
            _ => None,
        }
    }
}

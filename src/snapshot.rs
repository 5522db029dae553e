//! A region snapshot: everything the collector read from AWS for one region, boto3-shaped.
//! The fetch layer fills it (I/O only), the assembly reads it (no I/O); in between it can be
//! written to and read from JSON (tests/snapshots/*.json, recorded from a fake AWS).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::AwsFailure;
use crate::model::autoscaling::{AutoScalingGroup, LaunchConfiguration};
use crate::model::ec2::{Image, InstanceTypeInfo, Reservation, SecurityGroup, Subnet, Volume, Vpc};
use crate::model::elbv2::{Listener, LoadBalancer, TargetGroup, TargetHealthDescription};
use crate::model::ssm::InstanceInformation;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionSnapshot {
    pub region: String,
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
    /// The calls that failed: the data they would have brought is missing above.
    #[serde(skip)]
    pub gaps: Vec<AwsFailure>,
}

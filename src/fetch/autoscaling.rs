//! Auto Scaling describe calls of a region.

use aws_sdk_autoscaling::types as sdk;
use aws_sdk_autoscaling::Client;

use super::convert::boto;
use super::{all_pages, Fetcher};
use crate::error::AwsFailure;
use crate::model::autoscaling as m;

impl Fetcher {
    pub async fn auto_scaling_groups(&self, asg: &Client) -> Result<Vec<m::AutoScalingGroup>, AwsFailure> {
        Ok(all_pages!(
            self,
            "autoscaling:DescribeAutoScalingGroups",
            asg.describe_auto_scaling_groups().max_records(100),
            auto_scaling_groups
        ))
    }

    pub async fn launch_configurations(&self, asg: &Client) -> Result<Vec<m::LaunchConfiguration>, AwsFailure> {
        Ok(all_pages!(
            self,
            "autoscaling:DescribeLaunchConfigurations",
            asg.describe_launch_configurations().max_records(100),
            launch_configurations
        ))
    }
}

impl From<&sdk::AutoScalingGroup> for m::AutoScalingGroup {
    fn from(v: &sdk::AutoScalingGroup) -> Self {
        boto!(v => m::AutoScalingGroup {
            auto_scaling_group_name, auto_scaling_group_arn, launch_configuration_name, launch_template: one,
            min_size, max_size, desired_capacity, default_cooldown, availability_zones, load_balancer_names,
            target_group_arns, health_check_type, health_check_grace_period, instances: each, created_time: time,
            vpc_zone_identifier, status, tags: each, termination_policies, new_instances_protected_from_scale_in,
            service_linked_role_arn,
        })
    }
}
impl From<&sdk::LaunchTemplateSpecification> for m::LaunchTemplateSpecification {
    fn from(v: &sdk::LaunchTemplateSpecification) -> Self {
        boto!(v => m::LaunchTemplateSpecification { launch_template_id, launch_template_name, version })
    }
}
impl From<&sdk::Instance> for m::AsgInstance {
    fn from(v: &sdk::Instance) -> Self {
        boto!(v => m::AsgInstance {
            instance_id, instance_type, availability_zone, lifecycle_state: str, health_status,
            launch_configuration_name, launch_template: one, protected_from_scale_in,
        })
    }
}
impl From<&sdk::TagDescription> for m::TagDescription {
    fn from(v: &sdk::TagDescription) -> Self {
        boto!(v => m::TagDescription { resource_id, resource_type, key, value, propagate_at_launch })
    }
}
impl From<&sdk::LaunchConfiguration> for m::LaunchConfiguration {
    fn from(v: &sdk::LaunchConfiguration) -> Self {
        boto!(v => m::LaunchConfiguration {
            launch_configuration_name, launch_configuration_arn, image_id, key_name, security_groups, instance_type,
            created_time: time,
        })
    }
}

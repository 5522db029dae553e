//! Auto Scaling describe calls of a region.

use aws_sdk_autoscaling::types as sdk;
use aws_sdk_autoscaling::Client;

use super::convert::boto;
use super::{all_pages, Answers, Fetcher};
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

impl Fetcher {
    pub async fn scaling_policies(&self, asg: &Client) -> Result<Vec<m::ScalingPolicy>, AwsFailure> {
        Ok(all_pages!(self, "autoscaling:DescribePolicies", asg.describe_policies().max_records(100), scaling_policies))
    }

    pub async fn notification_configurations(
        &self,
        asg: &Client,
    ) -> Result<Vec<m::NotificationConfiguration>, AwsFailure> {
        let request = asg.describe_notification_configurations().max_records(100);
        Ok(all_pages!(self, "autoscaling:DescribeNotificationConfigurations", request, notification_configurations))
    }

    pub async fn scheduled_actions(&self, asg: &Client) -> Result<Vec<m::ScheduledUpdateGroupAction>, AwsFailure> {
        let request = asg.describe_scheduled_actions().max_records(100);
        Ok(all_pages!(self, "autoscaling:DescribeScheduledActions", request, scheduled_update_group_actions))
    }

    /// Lifecycle hooks of each group (the API takes one group at a time).
    pub async fn lifecycle_hooks(&self, asg: &Client, groups: Vec<String>) -> Answers<Vec<m::LifecycleHook>> {
        self.per_item(groups, |name| async move {
            let request = asg.describe_lifecycle_hooks().auto_scaling_group_name(&name);
            let output = self.call("autoscaling:DescribeLifecycleHooks", request.send()).await?;
            Ok::<_, AwsFailure>((name, output.lifecycle_hooks().iter().map(Into::into).collect()))
        })
        .await
    }
}

impl From<&sdk::ScalingPolicy> for m::ScalingPolicy {
    fn from(v: &sdk::ScalingPolicy) -> Self {
        boto!(v => m::ScalingPolicy {
            auto_scaling_group_name, policy_name, policy_arn, policy_type, adjustment_type, scaling_adjustment,
            cooldown, metric_aggregation_type, estimated_instance_warmup, enabled, target_tracking_configuration: one,
        })
    }
}
impl From<&sdk::NotificationConfiguration> for m::NotificationConfiguration {
    fn from(v: &sdk::NotificationConfiguration) -> Self {
        boto!(v => m::NotificationConfiguration { auto_scaling_group_name, topic_arn, notification_type })
    }
}
impl From<&sdk::ScheduledUpdateGroupAction> for m::ScheduledUpdateGroupAction {
    fn from(v: &sdk::ScheduledUpdateGroupAction) -> Self {
        boto!(v => m::ScheduledUpdateGroupAction {
            auto_scaling_group_name, scheduled_action_name, scheduled_action_arn, start_time: time, end_time: time,
            recurrence, min_size, max_size, desired_capacity, time_zone,
        })
    }
}
impl From<&sdk::LifecycleHook> for m::LifecycleHook {
    fn from(v: &sdk::LifecycleHook) -> Self {
        boto!(v => m::LifecycleHook {
            lifecycle_hook_name, auto_scaling_group_name, lifecycle_transition, notification_target_arn, role_arn,
            notification_metadata, heartbeat_timeout, global_timeout, default_result,
        })
    }
}
impl From<&sdk::SuspendedProcess> for m::SuspendedProcess {
    fn from(v: &sdk::SuspendedProcess) -> Self {
        boto!(v => m::SuspendedProcess { process_name, suspension_reason })
    }
}
impl From<&sdk::TargetTrackingConfiguration> for m::TargetTrackingConfiguration {
    fn from(v: &sdk::TargetTrackingConfiguration) -> Self {
        boto!(v => m::TargetTrackingConfiguration { predefined_metric_specification: one, target_value, disable_scale_in })
    }
}
impl From<&sdk::PredefinedMetricSpecification> for m::PredefinedMetricSpecification {
    fn from(v: &sdk::PredefinedMetricSpecification) -> Self {
        boto!(v => m::PredefinedMetricSpecification { predefined_metric_type: str, resource_label })
    }
}
impl From<&sdk::MixedInstancesPolicy> for m::MixedInstancesPolicy {
    fn from(v: &sdk::MixedInstancesPolicy) -> Self {
        boto!(v => m::MixedInstancesPolicy { launch_template: one, instances_distribution: one })
    }
}
impl From<&sdk::LaunchTemplate> for m::MixedInstancesLaunchTemplate {
    fn from(v: &sdk::LaunchTemplate) -> Self {
        boto!(v => m::MixedInstancesLaunchTemplate { launch_template_specification: one, overrides: each })
    }
}
impl From<&sdk::LaunchTemplateOverrides> for m::LaunchTemplateOverrides {
    fn from(v: &sdk::LaunchTemplateOverrides) -> Self {
        boto!(v => m::LaunchTemplateOverrides { instance_type, weighted_capacity, launch_template_specification: one })
    }
}
impl From<&sdk::InstancesDistribution> for m::InstancesDistribution {
    fn from(v: &sdk::InstancesDistribution) -> Self {
        boto!(v => m::InstancesDistribution {
            on_demand_allocation_strategy, on_demand_base_capacity, on_demand_percentage_above_base_capacity,
            spot_allocation_strategy, spot_instance_pools, spot_max_price,
        })
    }
}
impl From<&sdk::EnabledMetric> for m::EnabledMetric {
    fn from(v: &sdk::EnabledMetric) -> Self {
        boto!(v => m::EnabledMetric { metric, granularity })
    }
}
impl From<&sdk::InstanceMonitoring> for m::InstanceMonitoring {
    fn from(v: &sdk::InstanceMonitoring) -> Self {
        boto!(v => m::InstanceMonitoring { enabled })
    }
}

impl From<&sdk::AutoScalingGroup> for m::AutoScalingGroup {
    fn from(v: &sdk::AutoScalingGroup) -> Self {
        boto!(v => m::AutoScalingGroup {
            auto_scaling_group_name, auto_scaling_group_arn, launch_configuration_name, launch_template: one,
            mixed_instances_policy: one,
            min_size, max_size, desired_capacity, default_cooldown, availability_zones, load_balancer_names,
            target_group_arns, health_check_type, health_check_grace_period, instances: each, created_time: time,
            vpc_zone_identifier, status, tags: each, termination_policies, new_instances_protected_from_scale_in,
            service_linked_role_arn, suspended_processes: each, enabled_metrics: each, placement_group,
            max_instance_lifetime, capacity_rebalance, warm_pool_size, context, desired_capacity_type,
            default_instance_warmup, predicted_capacity,
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
            launch_configuration_name, launch_template: one, protected_from_scale_in, weighted_capacity,
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
            created_time: time, kernel_id, ramdisk_id, iam_instance_profile, spot_price, ebs_optimized,
            associate_public_ip_address, placement_tenancy, instance_monitoring: one,
        })
    }
}

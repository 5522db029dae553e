//! Auto Scaling shapes (DescribeAutoScalingGroups, DescribeLaunchConfigurations).

shape! {
    pub struct AutoScalingGroup {
        auto_scaling_group_name: String,
        #[serde(rename = "AutoScalingGroupARN")]
        auto_scaling_group_arn: String,
        launch_configuration_name: String,
        launch_template: LaunchTemplateSpecification,
        mixed_instances_policy: MixedInstancesPolicy,
        min_size: i32,
        max_size: i32,
        desired_capacity: i32,
        default_cooldown: i32,
        availability_zones: Vec<String>,
        load_balancer_names: Vec<String>,
        #[serde(rename = "TargetGroupARNs")]
        target_group_arns: Vec<String>,
        health_check_type: String,
        health_check_grace_period: i32,
        instances: Vec<AsgInstance>,
        created_time: String,
        #[serde(rename = "VPCZoneIdentifier")]
        vpc_zone_identifier: String,
        status: String,
        tags: Vec<TagDescription>,
        termination_policies: Vec<String>,
        new_instances_protected_from_scale_in: bool,
        #[serde(rename = "ServiceLinkedRoleARN")]
        service_linked_role_arn: String,
        suspended_processes: Vec<SuspendedProcess>,
        enabled_metrics: Vec<EnabledMetric>,
        placement_group: String,
        max_instance_lifetime: i32,
        capacity_rebalance: bool,
        warm_pool_size: i32,
        context: String,
        desired_capacity_type: String,
        default_instance_warmup: i32,
        predicted_capacity: i32,
    }
}
shape! { pub struct SuspendedProcess { process_name: String, suspension_reason: String } }
shape! { pub struct EnabledMetric { metric: String, granularity: String } }
shape! {
    pub struct MixedInstancesPolicy {
        launch_template: MixedInstancesLaunchTemplate,
        instances_distribution: InstancesDistribution,
    }
}
shape! {
    /// `LaunchTemplate` of a MixedInstancesPolicy.
    pub struct MixedInstancesLaunchTemplate {
        launch_template_specification: LaunchTemplateSpecification,
        overrides: Vec<LaunchTemplateOverrides>,
    }
}
shape! {
    pub struct LaunchTemplateOverrides {
        instance_type: String,
        weighted_capacity: String,
        launch_template_specification: LaunchTemplateSpecification,
    }
}
shape! {
    pub struct InstancesDistribution {
        on_demand_allocation_strategy: String,
        on_demand_base_capacity: i32,
        on_demand_percentage_above_base_capacity: i32,
        spot_allocation_strategy: String,
        spot_instance_pools: i32,
        spot_max_price: String,
    }
}

shape! {
    pub struct ScalingPolicy {
        auto_scaling_group_name: String,
        policy_name: String,
        #[serde(rename = "PolicyARN")]
        policy_arn: String,
        policy_type: String,
        adjustment_type: String,
        scaling_adjustment: i32,
        cooldown: i32,
        metric_aggregation_type: String,
        estimated_instance_warmup: i32,
        enabled: bool,
        target_tracking_configuration: TargetTrackingConfiguration,
    }
}
shape! {
    pub struct TargetTrackingConfiguration {
        predefined_metric_specification: PredefinedMetricSpecification,
        target_value: f64,
        disable_scale_in: bool,
    }
}
shape! { pub struct PredefinedMetricSpecification { predefined_metric_type: String, resource_label: String } }
shape! {
    pub struct NotificationConfiguration {
        auto_scaling_group_name: String,
        #[serde(rename = "TopicARN")]
        topic_arn: String,
        notification_type: String,
    }
}
shape! {
    pub struct ScheduledUpdateGroupAction {
        auto_scaling_group_name: String,
        scheduled_action_name: String,
        #[serde(rename = "ScheduledActionARN")]
        scheduled_action_arn: String,
        start_time: String,
        end_time: String,
        recurrence: String,
        min_size: i32,
        max_size: i32,
        desired_capacity: i32,
        time_zone: String,
    }
}
shape! {
    pub struct LifecycleHook {
        lifecycle_hook_name: String,
        auto_scaling_group_name: String,
        lifecycle_transition: String,
        #[serde(rename = "NotificationTargetARN")]
        notification_target_arn: String,
        #[serde(rename = "RoleARN")]
        role_arn: String,
        notification_metadata: String,
        heartbeat_timeout: i32,
        global_timeout: i32,
        default_result: String,
    }
}
shape! {
    pub struct LaunchTemplateSpecification {
        launch_template_id: String,
        launch_template_name: String,
        version: String,
    }
}
shape! {
    /// An ASG member (`Instance` in the Auto Scaling API).
    pub struct AsgInstance {
        instance_id: String,
        instance_type: String,
        availability_zone: String,
        lifecycle_state: String,
        health_status: String,
        launch_configuration_name: String,
        launch_template: LaunchTemplateSpecification,
        protected_from_scale_in: bool,
        weighted_capacity: String,
    }
}
shape! {
    pub struct TagDescription {
        resource_id: String,
        resource_type: String,
        key: String,
        value: String,
        propagate_at_launch: bool,
    }
}

shape! {
    pub struct LaunchConfiguration {
        launch_configuration_name: String,
        #[serde(rename = "LaunchConfigurationARN")]
        launch_configuration_arn: String,
        image_id: String,
        key_name: String,
        security_groups: Vec<String>,
        instance_type: String,
        created_time: String,
        kernel_id: String,
        ramdisk_id: String,
        iam_instance_profile: String,
        spot_price: String,
        ebs_optimized: bool,
        associate_public_ip_address: bool,
        placement_tenancy: String,
        instance_monitoring: InstanceMonitoring,
    }
}
shape! { pub struct InstanceMonitoring { enabled: bool } }

//! Auto Scaling shapes (DescribeAutoScalingGroups, DescribeLaunchConfigurations).

shape! {
    pub struct AutoScalingGroup {
        auto_scaling_group_name: String,
        #[serde(rename = "AutoScalingGroupARN")]
        auto_scaling_group_arn: String,
        launch_configuration_name: String,
        launch_template: LaunchTemplateSpecification,
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
    }
}

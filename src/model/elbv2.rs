//! Elastic Load Balancing v2 shapes (DescribeLoadBalancers, DescribeListeners,
//! DescribeTargetGroups, DescribeTargetHealth).

shape! {
    pub struct LoadBalancer {
        load_balancer_arn: String,
        #[serde(rename = "DNSName")]
        dns_name: String,
        canonical_hosted_zone_id: String,
        created_time: String,
        load_balancer_name: String,
        scheme: String,
        vpc_id: String,
        state: LoadBalancerState,
        #[serde(rename = "Type")]
        lb_type: String,
        security_groups: Vec<String>,
        ip_address_type: String,
    }
}
shape! { pub struct LoadBalancerState { code: String, reason: String } }

shape! {
    pub struct Listener {
        listener_arn: String,
        load_balancer_arn: String,
        port: i32,
        protocol: String,
    }
}

shape! {
    pub struct TargetGroup {
        target_group_arn: String,
        target_group_name: String,
        protocol: String,
        port: i32,
        vpc_id: String,
        target_type: String,
        load_balancer_arns: Vec<String>,
    }
}

shape! {
    pub struct TargetHealthDescription {
        target: TargetDescription,
        health_check_port: String,
        target_health: TargetHealth,
    }
}
shape! { pub struct TargetDescription { id: String, port: i32, availability_zone: String } }
shape! { pub struct TargetHealth { state: String, reason: String, description: String } }

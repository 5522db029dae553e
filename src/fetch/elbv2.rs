//! Elastic Load Balancing v2 describe calls of a region.

use aws_sdk_elasticloadbalancingv2::types as sdk;
use aws_sdk_elasticloadbalancingv2::Client;

use super::convert::boto;
use super::{all_pages, Answers, Fetcher};
use crate::error::AwsFailure;
use crate::model::elbv2 as m;

impl Fetcher {
    /// Load balancers, and the listeners of each that could be read.
    pub async fn load_balancers(
        &self,
        elb: &Client,
    ) -> Result<(Vec<m::LoadBalancer>, Answers<Vec<m::Listener>>), AwsFailure> {
        let load_balancers: Vec<m::LoadBalancer> = all_pages!(
            self,
            "elasticloadbalancing:DescribeLoadBalancers",
            elb.describe_load_balancers().page_size(400),
            load_balancers
        );
        let arns: Vec<String> = load_balancers.iter().filter_map(|lb| lb.load_balancer_arn.clone()).collect();
        let listeners = self
            .per_item(arns, |arn| async move {
                let request = elb.describe_listeners().load_balancer_arn(&arn).page_size(400);
                let listeners = all_pages!(self, "elasticloadbalancing:DescribeListeners", request, listeners);
                Ok::<_, AwsFailure>((arn, listeners))
            })
            .await;
        Ok((load_balancers, listeners))
    }

    /// Target groups, and the registered targets of each that could be read.
    pub async fn target_groups(
        &self,
        elb: &Client,
    ) -> Result<(Vec<m::TargetGroup>, Answers<Vec<m::TargetHealthDescription>>), AwsFailure> {
        let target_groups: Vec<m::TargetGroup> = all_pages!(
            self,
            "elasticloadbalancing:DescribeTargetGroups",
            elb.describe_target_groups().page_size(400),
            target_groups
        );
        let arns: Vec<String> = target_groups.iter().filter_map(|tg| tg.target_group_arn.clone()).collect();
        let health = self
            .per_item(arns, |arn| async move {
                let request = elb.describe_target_health().target_group_arn(&arn);
                let output = self.call("elasticloadbalancing:DescribeTargetHealth", request.send()).await?;
                Ok::<_, AwsFailure>((arn, output.target_health_descriptions().iter().map(Into::into).collect()))
            })
            .await;
        Ok((target_groups, health))
    }
}

impl From<&sdk::LoadBalancer> for m::LoadBalancer {
    fn from(v: &sdk::LoadBalancer) -> Self {
        let mut lb = boto!(v => m::LoadBalancer {
            load_balancer_arn, dns_name, canonical_hosted_zone_id, created_time: time, load_balancer_name,
            scheme: str, vpc_id, state: one, security_groups, ip_address_type: str,
        });
        lb.lb_type = v.r#type.as_ref().map(|t| t.as_str().to_string());
        lb
    }
}
impl From<&sdk::LoadBalancerState> for m::LoadBalancerState {
    fn from(v: &sdk::LoadBalancerState) -> Self {
        boto!(v => m::LoadBalancerState { code: str, reason })
    }
}
impl From<&sdk::Listener> for m::Listener {
    fn from(v: &sdk::Listener) -> Self {
        boto!(v => m::Listener { listener_arn, load_balancer_arn, port, protocol: str })
    }
}
impl From<&sdk::TargetGroup> for m::TargetGroup {
    fn from(v: &sdk::TargetGroup) -> Self {
        boto!(v => m::TargetGroup { target_group_arn, target_group_name, protocol: str, port, vpc_id, target_type: str, load_balancer_arns })
    }
}
impl From<&sdk::TargetHealthDescription> for m::TargetHealthDescription {
    fn from(v: &sdk::TargetHealthDescription) -> Self {
        boto!(v => m::TargetHealthDescription { target: one, health_check_port, target_health: one })
    }
}
impl From<&sdk::TargetDescription> for m::TargetDescription {
    fn from(v: &sdk::TargetDescription) -> Self {
        boto!(v => m::TargetDescription { id, port, availability_zone })
    }
}
impl From<&sdk::TargetHealth> for m::TargetHealth {
    fn from(v: &sdk::TargetHealth) -> Self {
        boto!(v => m::TargetHealth { state: str, reason: str, description })
    }
}

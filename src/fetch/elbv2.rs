//! Elastic Load Balancing v2 describe calls of a region.

use aws_sdk_elasticloadbalancingv2::Client;

use super::answers::Answers;
use super::convert::exact;
use super::policy::Fetcher;
use crate::error::AwsFailure;
use crate::model::elbv2 as m;

impl Fetcher {
    /// Load balancers, and the listeners of each that could be read.
    pub async fn load_balancers(
        &self,
        elb: &Client,
    ) -> Result<(Vec<m::LoadBalancer>, Answers<Vec<m::Listener>>), AwsFailure> {
        let load_balancers: Vec<m::LoadBalancer> = self
            .all_pages(
                "elasticloadbalancing:DescribeLoadBalancers",
                elb.describe_load_balancers().page_size(400).into_paginator().send(),
                |page| page.load_balancers,
            )
            .await?;
        let arns: Vec<String> = load_balancers.iter().filter_map(|lb| lb.load_balancer_arn.clone()).collect();
        let listeners = self
            .per_item(arns, |arn| async move {
                let request = elb.describe_listeners().load_balancer_arn(&arn).page_size(400);
                let listeners = self
                    .all_pages("elasticloadbalancing:DescribeListeners", request.into_paginator().send(), |page| {
                        page.listeners
                    })
                    .await?;
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
        let target_groups: Vec<m::TargetGroup> = self
            .all_pages(
                "elasticloadbalancing:DescribeTargetGroups",
                elb.describe_target_groups().page_size(400).into_paginator().send(),
                |page| page.target_groups,
            )
            .await?;
        let arns: Vec<String> = target_groups.iter().filter_map(|tg| tg.target_group_arn.clone()).collect();
        let health = self
            .per_item(arns, |arn| async move {
                let request = elb.describe_target_health().target_group_arn(&arn);
                let output = self.call("elasticloadbalancing:DescribeTargetHealth", || request.send()).await?;
                Ok::<_, AwsFailure>((arn, exact(output.target_health_descriptions.unwrap_or_default(), Into::into)))
            })
            .await;
        Ok((target_groups, health))
    }
}

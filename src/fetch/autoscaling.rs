//! Auto Scaling describe calls of a region.

use aws_sdk_autoscaling::Client;

use super::answers::Answers;
use super::convert::exact;
use super::policy::Fetcher;
use crate::error::AwsFailure;
use crate::model::autoscaling as m;

impl Fetcher {
    pub async fn auto_scaling_groups(&self, asg: &Client) -> Result<Vec<m::AutoScalingGroup>, AwsFailure> {
        self.all_pages(
            "autoscaling:DescribeAutoScalingGroups",
            asg.describe_auto_scaling_groups().max_records(100).into_paginator().send(),
            |page| page.auto_scaling_groups,
        )
        .await
    }

    pub async fn launch_configurations(&self, asg: &Client) -> Result<Vec<m::LaunchConfiguration>, AwsFailure> {
        self.all_pages(
            "autoscaling:DescribeLaunchConfigurations",
            asg.describe_launch_configurations().max_records(100).into_paginator().send(),
            |page| page.launch_configurations,
        )
        .await
    }
}

impl Fetcher {
    pub async fn scaling_policies(&self, asg: &Client) -> Result<Vec<m::ScalingPolicy>, AwsFailure> {
        self.all_pages(
            "autoscaling:DescribePolicies",
            asg.describe_policies().max_records(100).into_paginator().send(),
            |page| page.scaling_policies,
        )
        .await
    }

    pub async fn notification_configurations(
        &self,
        asg: &Client,
    ) -> Result<Vec<m::NotificationConfiguration>, AwsFailure> {
        let request = asg.describe_notification_configurations().max_records(100);
        self.all_pages("autoscaling:DescribeNotificationConfigurations", request.into_paginator().send(), |page| {
            page.notification_configurations
        })
        .await
    }

    pub async fn scheduled_actions(&self, asg: &Client) -> Result<Vec<m::ScheduledUpdateGroupAction>, AwsFailure> {
        let request = asg.describe_scheduled_actions().max_records(100);
        self.all_pages("autoscaling:DescribeScheduledActions", request.into_paginator().send(), |page| {
            page.scheduled_update_group_actions
        })
        .await
    }

    /// Lifecycle hooks of each group (the API takes one group at a time).
    pub async fn lifecycle_hooks(&self, asg: &Client, groups: Vec<String>) -> Answers<Vec<m::LifecycleHook>> {
        self.per_item(groups, |name| async move {
            let request = asg.describe_lifecycle_hooks().auto_scaling_group_name(&name);
            let output = self.call("autoscaling:DescribeLifecycleHooks", || request.send()).await?;
            Ok::<_, AwsFailure>((name, exact(output.lifecycle_hooks.unwrap_or_default(), Into::into)))
        })
        .await
    }
}

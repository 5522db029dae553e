//! Auto Scaling describe calls of a region.

use aws_sdk_autoscaling::Client;

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

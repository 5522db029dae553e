//! Whether a page of a paginated call names a next one. The SDK's pagination stream ends without
//! a request after a page that names none, so `Fetcher::all_pages` takes a token only for a page
//! that will be asked for: taking one before the stream's last, request-less step cost every
//! single-page call (DescribeListeners of each load balancer, say) two of ELB's tokens.

pub(super) trait Page {
    /// The page's next token, as the SDK's paginator reads it: none, or empty, ends the stream.
    fn next(&self) -> Option<&str>;
}

macro_rules! pages {
    ($($token:ident: $($output:path),+;)+) => {
        $($(impl Page for $output {
            fn next(&self) -> Option<&str> {
                self.$token.as_deref().filter(|token| !token.is_empty())
            }
        })+)+
    };
}

pages! {
    next_token:
        aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput,
        aws_sdk_ec2::operation::describe_volumes::DescribeVolumesOutput,
        aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput,
        aws_sdk_ec2::operation::describe_security_group_rules::DescribeSecurityGroupRulesOutput,
        aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput,
        aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput,
        aws_sdk_ec2::operation::describe_snapshots::DescribeSnapshotsOutput,
        aws_sdk_ec2::operation::describe_nat_gateways::DescribeNatGatewaysOutput,
        aws_sdk_ec2::operation::describe_images::DescribeImagesOutput,
        aws_sdk_ec2::operation::describe_launch_templates::DescribeLaunchTemplatesOutput,
        aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput,
        aws_sdk_autoscaling::operation::describe_launch_configurations::DescribeLaunchConfigurationsOutput,
        aws_sdk_autoscaling::operation::describe_policies::DescribePoliciesOutput,
        aws_sdk_autoscaling::operation::describe_notification_configurations::DescribeNotificationConfigurationsOutput,
        aws_sdk_autoscaling::operation::describe_scheduled_actions::DescribeScheduledActionsOutput,
        aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput;
    next_marker:
        aws_sdk_elasticloadbalancingv2::operation::describe_load_balancers::DescribeLoadBalancersOutput,
        aws_sdk_elasticloadbalancingv2::operation::describe_listeners::DescribeListenersOutput,
        aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput;
}

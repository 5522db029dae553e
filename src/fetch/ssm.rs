//! Systems Manager describe calls of a region.

use aws_sdk_ssm::Client;

use super::policy::Fetcher;
use crate::error::AwsFailure;
use crate::model::ssm as m;

impl Fetcher {
    pub async fn instance_information(&self, ssm: &Client) -> Result<Vec<m::InstanceInformation>, AwsFailure> {
        self.all_pages(
            "ssm:DescribeInstanceInformation",
            ssm.describe_instance_information().max_results(50).into_paginator().send(),
            |page| page.instance_information_list,
        )
        .await
    }
}

//! Systems Manager describe calls of a region.

use aws_sdk_ssm::Client;

use super::{all_pages, Fetcher};
use crate::error::AwsFailure;
use crate::model::ssm as m;

impl Fetcher {
    pub async fn instance_information(&self, ssm: &Client) -> Result<Vec<m::InstanceInformation>, AwsFailure> {
        Ok(all_pages!(
            self,
            "ssm:DescribeInstanceInformation",
            ssm.describe_instance_information().max_results(50),
            instance_information_list
        ))
    }
}

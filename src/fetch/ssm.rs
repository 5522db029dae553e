//! Systems Manager describe calls of a region.

use aws_sdk_ssm::types as sdk;
use aws_sdk_ssm::Client;

use super::convert::boto;
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

impl From<&sdk::InstanceInformation> for m::InstanceInformation {
    fn from(v: &sdk::InstanceInformation) -> Self {
        boto!(v => m::InstanceInformation {
            instance_id, ping_status: str, agent_version, platform_type: str, platform_name, platform_version,
            resource_type: str, computer_name, ip_address,
        })
    }
}

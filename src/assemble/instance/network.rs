//! `data.vpc` and `data.subnet` of the instance.

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::model::ec2::Instance;
use crate::model::tag_value;

#[derive(Debug, Serialize)]
pub struct VpcRef<'a> {
    pub vpc_arn: Option<String>,
    pub vpc_id: Option<&'a str>,
    pub cidr: Option<&'a str>,
    pub vpc_name: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SubnetRef<'a> {
    pub subnet_name: Option<&'a str>,
    pub subnet_arn: Option<&'a str>,
    pub subnet_id: Option<&'a str>,
    pub cidr: Option<&'a str>,
}

pub fn vpc<'a>(instance: &'a Instance, index: &RegionIndex<'a>) -> VpcRef<'a> {
    let Some(vpc) = instance.vpc_id.as_deref().and_then(|id| index.vpcs.get(id)) else {
        return VpcRef { vpc_arn: None, vpc_id: None, cidr: None, vpc_name: "" };
    };
    let vpc_id = vpc.vpc_id.as_deref();
    VpcRef {
        vpc_arn: Some(format!(
            "arn:aws:ec2:{}:{}:vpc/{}",
            index.region,
            vpc.owner_id.as_deref().unwrap_or_default(),
            vpc_id.unwrap_or_default()
        )),
        vpc_id,
        cidr: vpc.cidr_block.as_deref(),
        vpc_name: tag_value(vpc.tags.as_ref(), "Name").unwrap_or_default(),
    }
}

pub fn subnet<'a>(instance: &'a Instance, index: &RegionIndex<'a>) -> SubnetRef<'a> {
    let Some(subnet) = instance.subnet_id.as_deref().and_then(|id| index.subnets.get(id)) else {
        return SubnetRef { subnet_name: None, subnet_arn: None, subnet_id: None, cidr: None };
    };
    SubnetRef {
        subnet_name: Some(tag_value(subnet.tags.as_ref(), "Name").unwrap_or_default()),
        subnet_arn: subnet.subnet_arn.as_deref(),
        subnet_id: subnet.subnet_id.as_deref(),
        cidr: subnet.cidr_block.as_deref(),
    }
}

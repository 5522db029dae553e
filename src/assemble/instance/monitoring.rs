//! `data.cloudwatch` and `data.cloudtrail`: where the console looks up metrics and events. Their
//! lists have a fixed length, so they are arrays: nothing to allocate per instance.

use serde::{Serialize, Serializer};

/// An array written as a list: serde writes arrays as tuples, which the migration API's Python
/// would get as tuples rather than lists.
fn list<S: Serializer, T: Serialize, const N: usize>(items: &[T; N], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(items)
}

#[derive(Debug, Serialize)]
pub struct CloudWatch<'a> {
    pub region_name: &'a str,
    #[serde(serialize_with = "list")]
    pub metrics_info: [MetricsInfo<'a>; 2],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricsInfo<'a> {
    pub namespace: &'static str,
    #[serde(serialize_with = "list")]
    pub dimensions: [Dimension<'a>; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension<'a> {
    pub name: &'static str,
    pub value: &'a str,
}

#[derive(Debug, Serialize)]
pub struct CloudTrail<'a> {
    #[serde(rename = "LookupAttributes")]
    #[serde(serialize_with = "list")]
    pub lookup_attributes: [LookupAttribute<'a>; 1],
    pub region_name: &'a str,
    pub resource_type: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LookupAttribute<'a> {
    pub attribute_key: &'static str,
    pub attribute_value: &'a str,
}

pub fn cloudwatch<'a>(region: &'a str, instance_id: &'a str) -> CloudWatch<'a> {
    let metrics =
        |namespace| MetricsInfo { namespace, dimensions: [Dimension { name: "InstanceId", value: instance_id }] };
    CloudWatch { region_name: region, metrics_info: [metrics("AWS/EC2"), metrics("CWAgent")] }
}

pub fn cloudtrail<'a>(region: &'a str, instance_id: &'a str) -> CloudTrail<'a> {
    CloudTrail {
        lookup_attributes: [LookupAttribute { attribute_key: "ResourceName", attribute_value: instance_id }],
        region_name: region,
        resource_type: "AWS::EC2::Instance",
    }
}

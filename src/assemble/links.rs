//! Where a record points: its ARN, its console page, the console's CloudTrail and CloudWatch
//! lookups of it.

use serde_json::{json, Value};

/// `arn:aws:ec2:<region>:<account>:<kind>/<id>`.
pub fn ec2_arn(region: &str, account: &str, kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:{kind}/{id}")
}

/// A page of the EC2 console, e.g. `Volumes:search=vol-1`.
pub fn console_link(region: &str, page: &str) -> String {
    format!("https://console.aws.amazon.com/ec2/v2/home?region={region}#{page}")
}

/// Where the console looks up a resource's CloudTrail events.
pub fn cloudtrail(region: &str, resource_type: &str, resource_name: &str) -> Value {
    json!({
        "LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": resource_name}],
        "region_name": region,
        "resource_type": resource_type,
    })
}

/// Where the console looks up a resource's CloudWatch metrics.
pub fn cloudwatch(region: &str, namespace: &str, dimension: &str, value: &str) -> Value {
    json!({
        "region_name": region,
        "metrics_info": [{"Namespace": namespace, "Dimensions": [{"Name": dimension, "Value": value}]}],
    })
}

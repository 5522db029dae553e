//! Account-level calls: who the credentials are, which regions the account has enabled.

use crate::aws::errors::aws_failure;
use crate::aws::Session;
use crate::error::AwsFailure;

/// STS GetCallerIdentity: the cheapest call that proves the credentials (and the role) work.
pub async fn account_id(session: &Session) -> Result<String, AwsFailure> {
    let output = session.sts().get_caller_identity().send().await;
    let output = output
        .map_err(|e| aws_failure("sts:GetCallerIdentity", Some(session.home_region()), &e, session.scrubber()))?;
    // an answer without the account (cut short, or not STS's) proves nothing and names no one
    match output.account().filter(|a| !a.is_empty()) {
        Some(account) => Ok(account.to_string()),
        None => Err(AwsFailure {
            operation: "sts:GetCallerIdentity".into(),
            region: Some(session.home_region().to_string()),
            code: Some("Malformed".into()),
            message: "the answer names no account".into(),
        }),
    }
}

/// The regions enabled for the account (DescribeRegions without AllRegions), sorted.
pub async fn enabled_regions(session: &Session) -> Result<Vec<String>, AwsFailure> {
    let home = session.home_region();
    let output = session.ec2(home, None).describe_regions().send().await;
    let output = output.map_err(|e| aws_failure("ec2:DescribeRegions", Some(home), &e, session.scrubber()))?;
    let mut regions: Vec<String> =
        output.regions().iter().filter_map(|r| r.region_name().map(str::to_string)).collect();
    regions.sort();
    Ok(regions)
}

/// Every region of the partition, enabled or not (DescribeRegions with AllRegions), asked in
/// `home`.
pub async fn known_regions(session: &Session, home: &str) -> Result<Vec<String>, AwsFailure> {
    let output = session.ec2(home, None).describe_regions().all_regions(true).send().await;
    let output = output.map_err(|e| aws_failure("ec2:DescribeRegions", Some(home), &e, session.scrubber()))?;
    Ok(output.regions().iter().filter_map(|r| r.region_name().map(str::to_string)).collect())
}

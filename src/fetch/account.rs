//! Account-level calls: who the credentials are, which regions the account has enabled.

use crate::aws::errors::aws_failure;
use crate::aws::Session;
use crate::error::AwsFailure;

/// STS GetCallerIdentity: the cheapest call that proves the credentials (and the role) work.
pub async fn account_id(session: &Session) -> Result<String, AwsFailure> {
    let output = session.sts().get_caller_identity().send().await;
    let output = output
        .map_err(|e| aws_failure("sts:GetCallerIdentity", Some(session.home_region()), &e, session.scrubber()))?;
    Ok(output.account().unwrap_or_default().to_string())
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

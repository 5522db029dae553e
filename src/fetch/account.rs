//! Account-level calls: who the credentials are, which regions the account has enabled.

use tokio::sync::watch;

use crate::aws::errors::aws_failure;
use crate::aws::Session;
use crate::collect::options::check_region;
use crate::error::{cut, neutralise, AwsFailure};

/// The account the credentials resolved to, as a region's collect learns it: its calls start
/// before the collect's GetCallerIdentity has answered, and what needs the account (the memory
/// of per-item answers, the records' account) waits for it. An empty account is unknown.
#[derive(Clone)]
pub struct PendingAccount(watch::Receiver<Option<String>>);

impl PendingAccount {
    /// A pending account and where to tell it; dropping the sender untold refuses it.
    pub fn new() -> (watch::Sender<Option<String>>, Self) {
        let (tell, account) = watch::channel(None);
        (tell, PendingAccount(account))
    }

    /// An account known from the start.
    #[cfg(test)]
    pub fn known(account: &str) -> Self {
        PendingAccount(watch::channel(Some(account.to_string())).1)
    }

    /// The account once told; None when it never will be (the collect was refused or stopped).
    pub async fn resolved(&self) -> Option<String> {
        let mut account = self.0.clone();
        let told = account.wait_for(Option::is_some).await.ok()?;
        told.clone()
    }
}

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

/// More regions than any partition will have: a longer list is not AWS's.
pub const MAX_REGIONS: usize = 500;

/// The regions of a DescribeRegions answer that can become tasks.
#[derive(Debug, Default, PartialEq)]
pub struct Regions {
    /// Valid region codes, each once, sorted.
    pub regions: Vec<String>,
    /// What to log at WARNING about the names skipped (malformed), if any.
    pub warning: Option<String>,
}

/// The regions enabled for the account (DescribeRegions without AllRegions), sorted.
pub async fn enabled_regions(session: &Session) -> Result<Regions, AwsFailure> {
    let home = session.home_region();
    let output = session.ec2(home, Some(session.account_observer("ec2"))).describe_regions().send().await;
    let output = output.map_err(|e| aws_failure("ec2:DescribeRegions", Some(home), &e, session.scrubber()))?;
    let names: Vec<&str> = output.regions().iter().filter_map(|r| r.region_name()).collect();
    valid_regions(&names, home)
}

/// The names that are region codes (`check_region`), each once, sorted; the others skipped and
/// named in the warning (cut, neutralised). More than `MAX_REGIONS` names fail the call.
fn valid_regions(names: &[&str], home: &str) -> Result<Regions, AwsFailure> {
    if names.len() > MAX_REGIONS {
        return Err(AwsFailure {
            operation: "ec2:DescribeRegions".into(),
            region: Some(home.to_string()),
            code: Some("Malformed".into()),
            message: format!(
                "the answer lists {} regions, more than the {MAX_REGIONS} any partition has; not used",
                names.len()
            ),
        });
    }
    let (mut regions, mut skipped) = (Vec::new(), Vec::new());
    for name in names {
        if check_region(name, "region").is_ok() {
            regions.push(name.to_string());
        } else {
            skipped.push(format!("{:?}", neutralise(&cut(name.to_string(), 64))));
        }
    }
    regions.sort();
    regions.dedup();
    let warning = (!skipped.is_empty()).then(|| {
        let shown: Vec<&str> = skipped.iter().take(10).map(String::as_str).collect();
        format!(
            "ec2:DescribeRegions in {home} listed {} names that are not region codes, skipped: {}{}",
            skipped.len(),
            shown.join(", "),
            if skipped.len() > 10 { ", ..." } else { "" }
        )
    });
    Ok(Regions { regions, warning })
}

/// Every region of the partition, enabled or not (DescribeRegions with AllRegions), asked in
/// `home`.
pub async fn known_regions(session: &Session, home: &str) -> Result<Vec<String>, AwsFailure> {
    let output =
        session.ec2(home, Some(session.account_observer("ec2"))).describe_regions().all_regions(true).send().await;
    let output = output.map_err(|e| aws_failure("ec2:DescribeRegions", Some(home), &e, session.scrubber()))?;
    Ok(output.regions().iter().filter_map(|r| r.region_name().map(str::to_string)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_region_names_are_skipped_and_named_and_too_many_fail() {
        let names = ["us-east-1", "eu west 1", "us-east-1\n[INFO] forged", "../../etc", "ap-northeast-2", "us-east-1"];
        let listed = valid_regions(&names, "us-east-1").unwrap();
        assert_eq!(listed.regions, ["ap-northeast-2", "us-east-1"]);
        let warning = listed.warning.unwrap();
        assert!(warning.contains("3 names") && warning.contains("../../etc") && !warning.contains('\n'), "{warning}");
        assert_eq!(valid_regions(&["us-east-1"], "us-east-1").unwrap().warning, None);
        let many: Vec<String> = (0..=MAX_REGIONS).map(|i| format!("us-east-{}", i % 99)).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(valid_regions(&many, "us-east-1").unwrap_err().code.as_deref(), Some("Malformed"));
    }
}

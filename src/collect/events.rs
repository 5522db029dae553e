//! What a collect tells its operator, typed: each `LogEvent` has its fields (for a program: the
//! CLI's live table, the tests) and renders the one log line operators read (`Display`). It
//! serialises to a dict whose `kind` names the variant (`region_started`, ...).

use std::fmt;

use serde::Serialize;

use crate::aws::observer::CallStats;
use crate::error::AwsFailure;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Level {
    Info,
    Warning,
}

/// The AWS calls of a region so far: "N calls, T throttled, R retries".
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CallCounts {
    pub calls: u64,
    pub throttled: u64,
    pub retries: u64,
    /// Per-item answers served from memory instead of asked (fetch::memory).
    pub remembered: u64,
}

impl CallCounts {
    pub fn of(stats: &CallStats) -> Self {
        CallCounts {
            calls: CallStats::get(&stats.requests),
            throttled: CallStats::get(&stats.throttled),
            retries: CallStats::get(&stats.retries),
            remembered: CallStats::get(&stats.remembered),
        }
    }
}

impl fmt::Display for CallCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} calls, {} throttled, {} retries", self.calls, self.throttled, self.retries)?;
        match self.remembered {
            0 => Ok(()),
            remembered => write!(f, ", {remembered} answers from memory"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LogEvent {
    /// A region task began fetching.
    RegionStarted { region: String },
    /// A region still being fetched, every 30 s.
    RegionProgress {
        region: String,
        #[serde(flatten)]
        calls: CallCounts,
        seconds: f64,
    },
    /// A region's responses were all sent; `errors` of them are FAILUREs.
    RegionDone {
        region: String,
        instances: usize,
        records: usize,
        errors: usize,
        #[serde(flatten)]
        calls: CallCounts,
        seconds: f64,
    },
    /// A call of a region failed after its retries: its data is missing (and a FAILURE says so).
    Gap { region: String, failure: AwsFailure },
    /// Items pagination listed twice, dropped; `message` names the call and the items.
    Duplicate { region: String, message: String },
    /// A region was not collected within options.region_timeout_seconds.
    RegionTimeout { failure: AwsFailure },
    /// The collect could not start (`error` says why); its one response is a FAILURE.
    Refused { error: String },
    /// The account's regions could not be listed: nothing was collected.
    RegionsUnlisted { failure: AwsFailure },
    /// The account id could not be read: the records fall back to the owners AWS reports.
    AccountUnknown { failure: AwsFailure },
    /// Anything else worth a warning (unknown options, a bad rate-scale setting, region names
    /// skipped), as one sentence.
    Warning { message: String },
}

impl LogEvent {
    pub fn level(&self) -> Level {
        match self {
            LogEvent::RegionStarted { .. } | LogEvent::RegionProgress { .. } => Level::Info,
            LogEvent::RegionDone { errors, .. } if *errors == 0 => Level::Info,
            _ => Level::Warning,
        }
    }
}

impl fmt::Display for LogEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogEvent::RegionStarted { region } => write!(f, "region {region}: collecting"),
            LogEvent::RegionProgress { region, calls, seconds } => {
                write!(f, "region {region}: still collecting: {calls}, {seconds:.0} s")
            }
            LogEvent::RegionDone { region, instances, records, errors, calls, seconds } => write!(
                f,
                "region {region}: {instances} instances, {records} records, {errors} errors, {calls}, {seconds:.1} s"
            ),
            LogEvent::Gap { region, failure } => write!(f, "region {region}: {failure}"),
            LogEvent::Duplicate { region, message } => write!(f, "region {region}: {message}"),
            LogEvent::RegionTimeout { failure } => failure.fmt(f),
            LogEvent::Refused { error } => write!(f, "nothing collected: {error}"),
            LogEvent::RegionsUnlisted { failure } => write!(f, "cannot list the account's regions: {failure}"),
            LogEvent::AccountUnknown { failure } => write!(f, "cannot read the account id: {failure}"),
            LogEvent::Warning { message } => f.write_str(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_summary_renders_the_logged_line_and_serialises_with_its_kind() {
        let calls = CallCounts { calls: 12, throttled: 1, retries: 2, remembered: 0 };
        let done = LogEvent::RegionDone {
            region: "us-east-1".into(),
            instances: 3,
            records: 20,
            errors: 1,
            calls,
            seconds: 1.26,
        };
        assert_eq!(
            done.to_string(),
            "region us-east-1: 3 instances, 20 records, 1 errors, 12 calls, 1 throttled, 2 retries, 1.3 s"
        );
        assert_eq!(done.level(), Level::Warning);
        assert_eq!(
            serde_json::to_value(&done).unwrap(),
            serde_json::json!({"kind": "region_done", "region": "us-east-1", "instances": 3, "records": 20,
                               "errors": 1, "calls": 12, "throttled": 1, "retries": 2, "remembered": 0,
                               "seconds": 1.26})
        );
        let warm = CallCounts { remembered: 40, ..calls };
        assert_eq!(warm.to_string(), "12 calls, 1 throttled, 2 retries, 40 answers from memory");
        let progress = LogEvent::RegionProgress { region: "eu-west-1".into(), calls, seconds: 30.4 };
        assert_eq!(progress.to_string(), "region eu-west-1: still collecting: 12 calls, 1 throttled, 2 retries, 30 s");
        assert_eq!(progress.level(), Level::Info);
        let started = LogEvent::RegionStarted { region: "eu-west-1".into() };
        assert_eq!(
            serde_json::to_value(&started).unwrap(),
            serde_json::json!({"kind": "region_started", "region": "eu-west-1"})
        );
    }
}

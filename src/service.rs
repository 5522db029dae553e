//! The plugin's operations as plain Rust, for every front end (the blocking and the asyncio
//! bindings): the inputs validated into a `Request`, then init's metadata, verify, get_tasks,
//! collect and fetch_snapshot on it, each returning `crate::error::Result`. The async ones run on
//! the shared runtime (`runtime::runtime`): a caller either awaits them there or blocks on them.
//! What a call warrants a warning about comes back typed (`Request::warning`, `Tasks::warning`),
//! for the front end to log, so every front end logs the same lines in the same order.

use serde_json::Value;
use tokio::sync::mpsc::Receiver;
use tokio::task::AbortHandle;

use crate::assemble::cloud_service;
use crate::aws::{Secret, Session};
use crate::collect::events::LogEvent;
use crate::collect::options::{check_region, Options};
use crate::collect::{check_regions, home_region, plan, start, Event, Job, Task};
use crate::error::{Error, Result};
use crate::fetch::{account, fetch_region, Fetcher, Selection};
use crate::snapshot::RegionSnapshot;

pub use crate::collect::plugin_metadata;

/// The validated secret_data and options of one call.
pub struct Request {
    secret: Secret,
    options: Options,
    /// What the options warrant a warning about (unknown keys): the front end logs it once, at
    /// WARNING, before it goes on with the call (so it is logged also when the call then fails).
    pub warning: Option<LogEvent>,
}

impl Request {
    /// The options, then secret_data, each read (converted by the front end, which can fail
    /// naming the argument) when its turn comes: the first bad input is the error.
    pub fn parse(options: impl FnOnce() -> Result<Value>, secret_data: impl FnOnce() -> Result<Value>) -> Result<Self> {
        let options = Options::from_value(&options()?)?;
        let secret = Secret::from_value(&secret_data()?)?;
        let warning = options.warning.clone().map(|message| LogEvent::Warning { message });
        Ok(Request { secret, options, warning })
    }
}

/// The request of fetch_snapshot: one region's.
pub struct SnapshotRequest {
    pub request: Request,
    region: String,
}

impl SnapshotRequest {
    /// The `region` argument is checked before the other inputs.
    pub fn parse(
        options: impl FnOnce() -> Result<Value>,
        secret_data: impl FnOnce() -> Result<Value>,
        region: &str,
    ) -> Result<Self> {
        check_region(region, "region")?;
        Ok(SnapshotRequest { request: Request::parse(options, secret_data)?, region: region.to_string() })
    }
}

/// What get_tasks hands out, and what listing the regions warrants a warning about.
pub struct Tasks {
    /// `[{"task_options": ...}]`, as Job.get_tasks returns them.
    pub tasks: Vec<Value>,
    pub warning: Option<LogEvent>,
}

fn region_field(i: usize) -> String {
    format!("options.region_filter[{i}]")
}

/// The account id of the credentials, once the regions of options.region_filter are known to AWS.
pub async fn verify(request: &Request) -> Result<String> {
    let options = &request.options;
    let session = Session::new(&request.secret, home_region(&options.region_filter), options.timeouts.call).await;
    let account_id = account::account_id(&session).await.map_err(Error::Aws)?;
    check_regions(&session, &options.region_filter, region_field).await?;
    Ok(account_id)
}

/// The tasks of a job: options.region_filter once AWS knows its regions, else the account's
/// enabled regions.
pub async fn get_tasks(request: &Request) -> Result<Tasks> {
    let options = &request.options;
    let session = Session::new(&request.secret, home_region(&options.region_filter), options.timeouts.call).await;
    let listed = if options.region_filter.is_empty() {
        account::enabled_regions(&session).await.map_err(Error::Aws)?
    } else {
        check_regions(&session, &options.region_filter, region_field).await?;
        account::Regions { regions: options.region_filter.clone(), warning: None }
    };
    Ok(Tasks { tasks: plan(&listed.regions), warning: listed.warning.map(|message| LogEvent::Warning { message }) })
}

/// Starts the collect of one task of get_tasks (everything when `task_options` is None or
/// empty); its events arrive on the receiver, aborting the handle cancels it.
pub fn collect(request: Request, task_options: Option<&Value>) -> Result<(Receiver<Event>, AbortHandle)> {
    let task = Task::from_value(task_options)?;
    task.check_within(&request.options)?;
    Ok(start(Job { secret: request.secret, options: request.options, task }))
}

/// What AWS returned for the region (the snapshot the assembly reads): AWS data only, never a
/// credential. It cannot fail: the calls that failed are its `gaps`.
pub async fn fetch_snapshot(snapshot_request: &SnapshotRequest) -> RegionSnapshot {
    let (request, region) = (&snapshot_request.request, snapshot_request.region.as_str());
    let options = &request.options;
    let session = Session::new(&request.secret, region, options.timeouts.call).await;
    let fetcher = Fetcher::new(region, &session).sharing(options.api_bucket_share);
    let selection = Selection::new(cloud_service::reads(&options.cloud_service_types), &options.instance_ids);
    let (mut snapshot, account_id) =
        tokio::join!(fetch_region(&session, &fetcher, &selection), account::account_id(&session));
    // without the caller's account the assembly falls back to the owners in the data
    snapshot.account_id = account_id.unwrap_or_default();
    snapshot
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::collect::events::Level;

    fn unread() -> Result<Value> {
        panic!("read before the inputs ahead of it were valid")
    }

    #[test]
    fn inputs_are_read_in_order_and_the_options_warning_comes_back_typed() {
        let error = SnapshotRequest::parse(unread, unread, "us_east_1").err().expect("a bad region");
        assert!(matches!(error, Error::InvalidArgument { ref field, .. } if field == "region"), "{error}");
        let error = Request::parse(|| Ok(json!({"region_filter": "us-east-1"})), unread).err().expect("bad options");
        assert!(matches!(error, Error::InvalidArgument { ref field, .. } if field == "options.region_filter"));
        let secret = json!({"aws_access_key_id": "AKIAORDER0000001", "aws_secret_access_key": "order/secret"});
        let request = Request::parse(|| Ok(json!({"regin_filter": []})), || Ok(secret)).expect("valid inputs");
        let warning = request.warning.map(|event| (event.level(), event.to_string()));
        assert!(
            matches!(&warning, Some((Level::Warning, line)) if line.contains("regin_filter (did you mean region_filter?)")),
            "{warning:?}"
        );
    }
}

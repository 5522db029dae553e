//! A collect: runs one task on the shared runtime and streams its responses, as each is
//! assembled, through a bounded channel (back-pressure: a slow gRPC client slows the collect
//! instead of filling memory). Dropping the receiver and aborting the job stops every AWS call.

pub mod events;
mod metadata;
pub mod options;
mod region;
mod task;

pub use metadata::plugin_metadata;
pub use task::{plan, Task};

use std::collections::HashMap;
use std::future::Future;

use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinSet};

use crate::assemble::cloud_service::CloudService;
use crate::assemble::cloud_service_type::cloud_service_type_responses;
use crate::assemble::instance::Instance;
use crate::assemble::metrics::metric_responses;
use crate::assemble::panic_message;
use crate::assemble::region::region_responses;
use crate::assemble::response::Response;
use crate::aws::limiter::configured_rate_scale;
use crate::aws::{Secret, Session};
use crate::error::{AwsFailure, Error};
use crate::fetch::account::{self, PendingAccount};
use crate::runtime::runtime;
use events::LogEvent;
use options::Options;
use region::{collect_region, Plan};

/// Responses buffered between the collect and its reader.
const CHANNEL_CAPACITY: usize = 256;
/// How often a region still being fetched says where it is.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// What a collect sends its reader: a response to yield, or an event for the plugin's log.
#[derive(Debug)]
pub enum Event {
    Response(Box<Response>),
    Log(LogEvent),
}

pub struct Job {
    pub secret: Secret,
    pub options: Options,
    pub task: Task,
}

/// Starts a collect; its events arrive on the receiver, which ends when the collect is done.
/// Aborting the handle cancels the collect and every call it has in flight.
pub fn start(job: Job) -> (mpsc::Receiver<Event>, AbortHandle) {
    let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
    let collect = runtime().spawn(run(job, Out(tx.clone())));
    let handle = collect.abort_handle();
    runtime().spawn(async move {
        if let Err(error) = collect.await {
            if error.is_panic() {
                let error = Error::Internal(panic_message(&error.into_panic()));
                let _ =
                    tx.send(Event::Response(Box::new(Response::failure(Instance.name(), None, None, &error)))).await;
            }
        }
    });
    (rx, handle)
}

/// Refuses a region code AWS does not have (`us-east-9`), naming its field (`field(i)` of the
/// i-th region), before any record of it goes out (a region task's calls start beside the
/// check, and a refusal stops them). When the regions cannot be listed the check is skipped,
/// unless the credentials themselves were refused.
pub async fn check_regions(
    session: &Session,
    regions: &[String],
    field: impl Fn(usize) -> String,
) -> Result<(), Error> {
    if regions.is_empty() {
        return Ok(());
    }
    // asked where it surely answers: a region that does not exist has no endpoint to ask
    let known = match account::known_regions(session, partition_home(&regions[0])).await {
        Ok(known) => known,
        Err(failure) if failure.credentials_rejected() => return Err(Error::Aws(failure)),
        Err(_) => return Ok(()),
    };
    match regions.iter().position(|r| !known.contains(r)) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            field(i),
            format!("{:?} is not an AWS region (DescribeRegions lists {} regions)", regions[i], known.len()),
        )),
    }
}

/// The first region of the partition `region` names: where the partition's regions are listed.
fn partition_home(region: &str) -> &'static str {
    match region {
        r if r.starts_with("us-gov-") => "us-gov-west-1",
        r if r.starts_with("cn-") => "cn-north-1",
        _ => "us-east-1",
    }
}

/// The home region of a collect: where a role is assumed and regions are listed.
pub fn home_region(regions: &[String]) -> &str {
    regions.first().map_or("us-east-1", String::as_str)
}

async fn run(job: Job, out: Out) {
    if let Err(problem) = configured_rate_scale() {
        out.log(LogEvent::Warning { message: problem }).await;
    }
    match job.task {
        Task::CloudServiceTypes => out.responses(cloud_service_type_responses(&job.options.cloud_service_types)).await,
        Task::Metrics => out.responses(metric_responses(&job.options.cloud_service_types)).await,
        Task::Regions(regions) => out.responses(region_responses(&regions)).await,
        Task::Region(region) => {
            let session = Session::new(&job.secret, &region, job.options.timeouts.call).await;
            let regions = vec![region];
            // the region's calls start beside these two: none of them needs the others' answers
            let prologue = async {
                let (checked, account) = tokio::join!(
                    check_regions(&session, &regions, |_| "task_options.region".into()),
                    account::account_id(&session)
                );
                checked.map(|()| account)
            };
            collect_regions(&session, regions.clone(), prologue, &job.options, &out).await;
        }
        Task::Everything => {
            let session =
                Session::new(&job.secret, home_region(&job.options.region_filter), job.options.timeouts.call).await;
            let regions = async {
                if job.options.region_filter.is_empty() {
                    return Ok(account::enabled_regions(&session).await);
                }
                let regions = job.options.region_filter.clone();
                check_regions(&session, &regions, |i| format!("options.region_filter[{i}]")).await?;
                Ok(Ok(account::Regions { regions, warning: None }))
            };
            // neither waits for the other: one round trip before the regions' calls, not two
            let (regions, account) = tokio::join!(regions, account::account_id(&session));
            let regions = match regions {
                Err(error) => return out.refused(error).await,
                Ok(Err(failure)) => {
                    let error = Error::Aws(failure.clone());
                    out.log(LogEvent::RegionsUnlisted { failure }).await;
                    out.response(Response::failure(Instance.name(), None, None, &error)).await;
                    return;
                }
                Ok(Ok(listed)) => {
                    if let Some(warning) = listed.warning {
                        out.log(LogEvent::Warning { message: warning }).await;
                    }
                    listed.regions
                }
            };
            out.responses(cloud_service_type_responses(&job.options.cloud_service_types)).await;
            collect_regions(&session, regions.clone(), async { Ok(account) }, &job.options, &out).await;
            out.responses(region_responses(&regions)).await;
            out.responses(metric_responses(&job.options.cloud_service_types)).await;
        }
    }
}

/// Every region at once, each in its own task: a panic there is that region's FAILURE only.
/// The tasks belong to this future: cancelling it cancels them. They start before `prologue`
/// (the collect's own checks, then the account) has answered, and send nothing before it has:
/// a refusal stops them with their calls, and no record of theirs goes out.
async fn collect_regions(
    session: &Session,
    regions: Vec<String>,
    prologue: impl Future<Output = Result<Result<String, AwsFailure>, Error>>,
    options: &Options,
    out: &Out,
) {
    let (tell, account) = PendingAccount::new();
    let mut tasks = JoinSet::new();
    let mut region_of = HashMap::new();
    for region in regions {
        let plan = Plan { region: region.clone(), account: account.clone(), options: options.clone() };
        let handle = tasks.spawn(collect_region(session.clone(), plan, out.clone()));
        region_of.insert(handle.id(), region);
    }
    // the account once per collect; without it, each region falls back to the owners it sees
    let account_id = match prologue.await {
        Ok(Ok(account_id)) => account_id,
        Err(refusal) => return out.refused(refusal).await,
        // every call of every region would be refused the same way (and retry AssumeRole)
        Ok(Err(failure)) if failure.credentials_rejected() => return out.refused(Error::Aws(failure)).await,
        Ok(Err(failure)) => {
            out.log(LogEvent::AccountUnknown { failure }).await;
            String::new()
        }
    };
    let _ = tell.send(Some(account_id));
    while let Some(joined) = tasks.join_next().await {
        if let Err(error) = joined {
            let region = region_of.get(&error.id()).cloned();
            if let Ok(panic) = error.try_into_panic() {
                let error = Error::Internal(panic_message(&panic));
                out.response(Response::failure(Instance.name(), region.as_deref(), None, &error)).await;
            }
        }
    }
}

/// The sending side of a collect; a send fails only when the reader went away, and then the
/// collect is being cancelled anyway.
#[derive(Clone)]
struct Out(mpsc::Sender<Event>);

impl Out {
    /// From a blocking thread; None when the reader went away.
    fn send(&self, event: Event) -> Option<()> {
        self.0.blocking_send(event).ok()
    }

    async fn response(&self, response: Response) {
        let _ = self.0.send(Event::Response(Box::new(response))).await;
    }

    async fn responses(&self, responses: Vec<Response>) {
        for response in responses {
            self.response(response).await;
        }
    }

    async fn log(&self, event: LogEvent) {
        let _ = self.0.send(Event::Log(event)).await;
    }

    /// The collect cannot start: one FAILURE saying why, and a WARNING.
    async fn refused(&self, error: Error) {
        self.log(LogEvent::Refused { error: error.to_string() }).await;
        let region = match &error {
            Error::Aws(failure) => failure.region.clone(),
            _ => None,
        };
        self.response(Response::failure(Instance.name(), region.as_deref(), None, &error)).await;
    }
}

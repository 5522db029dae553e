//! The call policy of a region: every AWS call waits for its action's token bucket and for a place
//! among the calls in flight, its failure becomes an `AwsFailure` scrubbed of secrets, a per-item
//! call fans out a bounded number at a time, and a paginated call reads every page of the SDK's
//! pagination stream, stopped when its pages do not end.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use aws_smithy_async::future::pagination_stream::PaginationStream;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::{stream, FutureExt, StreamExt};

use super::account::PendingAccount;
use super::answers::{summarised, Answers};
use super::convert::exact;
use super::memory::Scope;
use super::pages::Page;
use crate::aws::errors::aws_failure;
use crate::aws::limiter::{Budget, Limiter, Turn};
use crate::aws::observer::{CallStats, Observer};
use crate::aws::{Scrubber, Session};
use crate::error::AwsFailure;
use crate::runtime::Attached;

/// Calls in flight per region for the per-item calls (one per instance, load balancer, ...): enough
/// to spend a bucket's burst (98 calls) in two round trips rather than six; after it the bucket's
/// refill paces them, and the calls waiting for a token hold nothing but a timer.
const FAN_OUT: usize = 64;

/// Calls in flight at once in this process, all collects together: each holds a connection
/// (a file descriptor), and 100 concurrent collects of 20 regions would otherwise open thousands
/// (a container's limit is often 1,024 files). Far above what AWS's token buckets let through.
static IN_FLIGHT: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(MAX_IN_FLIGHT);
const MAX_IN_FLIGHT: usize = 384;

/// Pages past any region's size, or empty pages in a row past any filter's gaps: the paginator
/// is not ending (a token that cycles between values is not caught by the SDK's repeat check).
const MAX_PAGES: usize = 20_000;
const MAX_EMPTY_PAGES: usize = 1_000;

/// The calls of one region: where they go, how many may run at once, how fast, what happened.
pub struct Fetcher {
    pub region: String,
    scrubber: Scrubber,
    pub(super) fan_out: usize,
    budget: Budget,
    pub stats: Arc<CallStats>,
    /// Whose per-item answers may be served from memory and kept (fetch::memory), once known
    /// (an empty account: none); None: none.
    memory: Option<PendingAccount>,
    /// How old a remembered termination protection may be; None: always asked.
    pub(super) protection_max_age: Option<Duration>,
}

impl Fetcher {
    pub fn new(region: &str, session: &Session) -> Self {
        Fetcher {
            region: region.to_string(),
            scrubber: session.scrubber().clone(),
            fan_out: FAN_OUT,
            budget: Budget { account: session.limit_key().to_string(), share: 1.0 },
            stats: Arc::default(),
            memory: None,
            protection_max_age: None,
        }
    }

    /// Serves and keeps per-item answers of `account`, the account the credentials resolved to
    /// (empty: unknown, and then nothing is remembered).
    pub fn remembering(mut self, account: PendingAccount, protection_max_age: Option<Duration>) -> Self {
        self.memory = Some(account);
        self.protection_max_age = protection_max_age;
        self
    }

    /// Takes only `share` of each of the account's token buckets (`options.api_bucket_share`).
    pub fn sharing(mut self, share: f64) -> Self {
        self.budget.share = share;
        self
    }

    /// Whose answers to serve and keep, once the account is known.
    pub(super) async fn memory_scope(&self) -> Option<Scope> {
        let account = self.memory.as_ref()?.resolved().await.filter(|account| !account.is_empty())?;
        Some(Scope { account, region: self.region.clone() })
    }

    /// The interceptor of this region's client of `service`.
    pub(super) fn observer(&self, service: &'static str) -> Option<Observer> {
        let (region, budget, stats) = (self.region.clone(), self.budget.clone(), self.stats.clone());
        Some(Observer { service, region, budget, stats })
    }

    /// Waits for the action's token bucket, then for a place among the calls in flight; both
    /// are held until the returned slot is dropped (when the answer has arrived).
    async fn acquire(&self, operation: &str) -> Slot {
        let turn = Limiter::global().acquire(&self.budget, &self.region, operation).await;
        let place = IN_FLIGHT.acquire().await.expect("the in-flight semaphore is never closed");
        Slot { _turn: turn, _place: place }
    }

    fn failure<E>(&self, operation: &str, error: &SdkError<E, HttpResponse>) -> AwsFailure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        aws_failure(operation, Some(&self.region), error, &self.scrubber)
    }

    /// One call. `request` makes the SDK's future, which runs as a task of its own: its answer
    /// is parsed there, beside the region's other calls.
    pub(super) async fn call<T, E, Request>(
        &self,
        operation: &str,
        request: impl FnOnce() -> Request,
    ) -> Result<T, AwsFailure>
    where
        T: Send + 'static,
        E: ProvideErrorMetadata + std::error::Error + Send + 'static,
        Request: Future<Output = Result<T, SdkError<E, HttpResponse>>> + Send + 'static,
    {
        let _in_flight = self.acquire(operation).await;
        Attached::spawn(request()).await.map_err(|e| self.failure(operation, &e))
    }

    /// Every item of every page of a paginated call, as model types (`items` takes a page's
    /// list out of the page); each page that will be asked for waits for its token (the stream's
    /// step after a page naming no next one makes no request). A paginator that does not end (its
    /// tokens cycle) is stopped by a PageGuard.
    pub(super) async fn all_pages<P, E, Item, Model>(
        &self,
        operation: &str,
        mut pages: PaginationStream<Result<P, SdkError<E, HttpResponse>>>,
        items: impl Fn(P) -> Option<Vec<Item>> + Send + Sync + 'static,
    ) -> Result<Vec<Model>, AwsFailure>
    where
        P: Page + Send + 'static,
        E: ProvideErrorMetadata + std::error::Error + Send + 'static,
        Model: From<Item> + serde::Serialize + Send + 'static,
    {
        let mut all = Vec::new();
        let mut guard = PageGuard::default();
        let items = Arc::new(items);
        let mut in_flight = Some(self.acquire(operation).await);
        while let Some(slot) = in_flight.take() {
            // the page is asked, parsed and converted as a task of its own (Attached), which
            // hands the stream back for the next page
            let items = items.clone();
            let asked = async move {
                let page = pages.next().await.map(|page| match page {
                    Ok(page) => Ok((page.next().is_some(), exact(items(page).unwrap_or_default(), Model::from))),
                    Err(error) => Err(Box::new(error)),
                });
                (pages, page)
            };
            let page;
            (pages, page) = Attached::spawn(asked).await;
            drop(slot);
            match page {
                None => break,
                Some(Ok((more, batch))) => {
                    guard.check(&batch).map_err(|reason| self.endless(operation, reason))?;
                    all.extend(batch);
                    if more {
                        in_flight = Some(self.acquire(operation).await);
                    }
                }
                Some(Err(error)) => return Err(self.failure(operation, &error)),
            }
        }
        Ok(all)
    }

    /// A paginated call stopped because it would not end.
    fn endless(&self, operation: &str, reason: String) -> AwsFailure {
        AwsFailure {
            operation: operation.into(),
            region: Some(self.region.clone()),
            code: Some("EndlessPagination".into()),
            message: format!("pagination stopped: {reason}"),
        }
    }

    /// One call per key, `fan_out` at a time. Each answer is kept; the failed calls become one
    /// gap per operation and cause, naming their keys. A refusal that holds for every key
    /// (permissions, credentials) stops the calls not yet made.
    pub(super) async fn per_item<V, Fut>(&self, keys: Vec<String>, call: impl Fn(String) -> Fut) -> Answers<V>
    where
        Fut: Future<Output = Result<(String, V), AwsFailure>>,
    {
        self.per_item_telling(keys, call, |_, _| {}).await
    }

    /// `per_item`, telling `arrived` of each key as soon as its call ends: its answer, or None
    /// when it failed.
    pub(super) async fn per_item_telling<V, Fut>(
        &self,
        keys: Vec<String>,
        call: impl Fn(String) -> Fut,
        arrived: impl Fn(&str, Option<&V>),
    ) -> Answers<V>
    where
        Fut: Future<Output = Result<(String, V), AwsFailure>>,
    {
        let total = keys.len();
        // each call's future is made when there is room for it: made up front, the futures of a
        // region's 12,700 volumes held megabytes until their turn came
        let calls = stream::iter(keys).map(|key| {
            let named = key.clone();
            call(key).map(move |result| result.map_err(|failure| (named, failure)))
        });
        let mut answers = calls.buffer_unordered(self.fan_out);
        let (mut found, mut failed) = (HashMap::new(), Vec::new());
        while let Some(result) = answers.next().await {
            match result {
                Ok((key, value)) => {
                    arrived(&key, Some(&value));
                    found.insert(key, value);
                }
                Err((key, failure)) => {
                    arrived(&key, None);
                    let for_every_key = failure.refused();
                    failed.push((key, failure));
                    if for_every_key {
                        break;
                    }
                }
            }
        }
        let unmade = total - found.len() - failed.len();
        Answers { found, gaps: summarised(failed, total, unmade) }
    }
}

/// A call's token (pending in its bucket until the answer) and its place among the calls in
/// flight.
struct Slot {
    _turn: Turn,
    _place: tokio::sync::SemaphorePermit<'static>,
}

/// Watches one paginated call: a page that repeats an earlier one (same size, same first and
/// last item) means its tokens went round in a cycle.
#[derive(Default)]
struct PageGuard {
    seen: HashSet<u64>,
    pages: usize,
    empty_in_a_row: usize,
}

impl PageGuard {
    fn check<T: serde::Serialize>(&mut self, page: &[T]) -> Result<(), String> {
        self.pages += 1;
        if self.pages > MAX_PAGES {
            return Err(format!("more than {MAX_PAGES} pages"));
        }
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            self.empty_in_a_row += 1;
            return match self.empty_in_a_row > MAX_EMPTY_PAGES {
                true => Err(format!("more than {MAX_EMPTY_PAGES} empty pages in a row")),
                false => Ok(()),
            };
        };
        self.empty_in_a_row = 0;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        page.len().hash(&mut hasher);
        serde_json::to_vec(first).unwrap_or_default().hash(&mut hasher);
        serde_json::to_vec(last).unwrap_or_default().hash(&mut hasher);
        match self.seen.insert(hasher.finish()) {
            true => Ok(()),
            false => Err(format!("page {} repeats an earlier page: its NextToken went round in a cycle", self.pages)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_elasticloadbalancingv2::operation::describe_listeners::{
        DescribeListenersError, DescribeListenersOutput,
    };
    use aws_sdk_elasticloadbalancingv2::types::Listener;
    use aws_smithy_async::future::pagination_stream::fn_stream::FnStream;

    #[tokio::test]
    async fn a_paginated_call_takes_a_token_per_page_asked_for_and_none_for_the_end() {
        const LISTENERS: &str = "elasticloadbalancing:DescribeListeners";
        let fetcher = Fetcher {
            region: "eu-west-1".into(),
            scrubber: Scrubber::default(),
            fan_out: FAN_OUT,
            budget: Budget { account: "a paginated call's test".into(), share: 1.0 },
            stats: Arc::default(),
            memory: None,
            protection_max_age: None,
        };
        let tokens = || Limiter::global().tokens(&fetcher.budget, &fetcher.region, LISTENERS);
        let full = tokens();
        // as the SDK's paginator does: the stream ends, with no request, after a page naming no
        // next one (here each "request" is a page already made)
        let pages = |markers: Vec<Option<&'static str>>| {
            PaginationStream::new(FnStream::new(move |tx| {
                Box::pin(async move {
                    for (n, marker) in markers.into_iter().enumerate() {
                        let listener = Listener::builder().listener_arn(format!("arn:listener/{n}")).build();
                        let page = DescribeListenersOutput::builder()
                            .listeners(listener)
                            .set_next_marker(marker.map(String::from));
                        let page: Result<_, SdkError<DescribeListenersError, HttpResponse>> = Ok(page.build());
                        if tx.send(page).await.is_err() || marker.is_none() {
                            return;
                        }
                    }
                })
            }))
        };
        let spent = |before: f64, after: f64| (before - after).round();
        let one: Vec<crate::model::elbv2::Listener> =
            fetcher.all_pages(LISTENERS, pages(vec![None]), |page| page.listeners).await.unwrap();
        assert_eq!((one.len(), spent(full, tokens())), (1, 1.0), "one page, one token");
        let before = tokens();
        // an empty marker ends the SDK's paginator too
        let three = fetcher.all_pages(LISTENERS, pages(vec![Some("2"), Some("3"), Some("")]), |page| page.listeners);
        let three: Vec<crate::model::elbv2::Listener> = three.await.unwrap();
        assert_eq!((three.len(), spent(before, tokens())), (3, 3.0), "three pages, three tokens");
    }

    #[test]
    fn a_paginator_whose_tokens_cycle_is_stopped() {
        let mut guard = PageGuard::default();
        let (a, b) = (vec!["i-1", "i-2"], vec!["i-3"]);
        assert!(guard.check(&a).is_ok() && guard.check(&b).is_ok());
        // the token went back: page 3 is page 1 again
        let stopped = guard.check(&a).unwrap_err();
        assert!(stopped.contains("page 3 repeats an earlier page"), "{stopped}");
        // empty pages (a filter's gaps) are fine, up to a bound
        let mut guard = PageGuard::default();
        let empty: Vec<&str> = Vec::new();
        assert!((0..MAX_EMPTY_PAGES).all(|_| guard.check(&empty).is_ok()));
        assert!(guard.check(&empty).is_err());
    }
}

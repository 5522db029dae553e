//! Fetching a region snapshot: I/O only. Every call of a region starts at once; the calls that
//! need an earlier list (instance types, images and termination protection after the instances,
//! volume attributes after the volumes, listeners, target health and lifecycle hooks after their
//! parents) start as soon as that list arrives. A failed call leaves a gap in the snapshot, which
//! the assembly reports; everything else is still collected.

// `boto!` ends every conversion with `..Default::default()` so that a shape may keep the members
// the SDK lacks (botocore's newer ones); where a conversion lists every field, that update is empty
#![allow(clippy::needless_update)]

pub mod account;
mod autoscaling;
mod convert;
mod ec2;
mod elbv2;
mod from_sdk;
mod ssm;
mod unique;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::{stream, FutureExt, StreamExt};

use crate::aws::errors::aws_failure;
use crate::aws::limiter::Limiter;
use crate::aws::observer::{CallStats, Observer};
use crate::aws::{Scrubber, Session};
use crate::error::{cut, neutralise, AwsFailure};
use crate::snapshot::RegionSnapshot;

/// Calls in flight per region for the per-item calls (one per instance, load balancer, ...).
const FAN_OUT: usize = 16;

/// The calls of one region: where they go, how many may run at once, how fast, what happened.
pub struct Fetcher {
    pub region: String,
    scrubber: Scrubber,
    fan_out: usize,
    limit_key: String,
    pub stats: Arc<CallStats>,
}

impl Fetcher {
    pub fn new(region: &str, session: &Session) -> Self {
        Fetcher {
            region: region.to_string(),
            scrubber: session.scrubber().clone(),
            fan_out: FAN_OUT,
            limit_key: session.limit_key().to_string(),
            stats: Arc::default(),
        }
    }

    /// The interceptor of this region's client of `service`.
    fn observer(&self, service: &'static str) -> Option<Observer> {
        let (region, limit_key, stats) = (self.region.clone(), self.limit_key.clone(), self.stats.clone());
        Some(Observer { service, region, limit_key, stats })
    }

    /// Waits for the client-side token bucket of `operation` in this region.
    /// Waits for the action's token bucket, then for a place among the calls in flight; the
    /// place is held until the returned permit is dropped (when the answer has arrived).
    async fn acquire(&self, operation: &str) -> tokio::sync::SemaphorePermit<'static> {
        Limiter::global().acquire(&self.limit_key, &self.region, operation).await;
        IN_FLIGHT.acquire().await.expect("the in-flight semaphore is never closed")
    }

    fn failure<E>(&self, operation: &str, error: &SdkError<E, HttpResponse>) -> AwsFailure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        aws_failure(operation, Some(&self.region), error, &self.scrubber)
    }

    /// A paginated call stopped because it would not end.
    fn endless(&self, operation: &str, reason: String) -> AwsFailure {
        let message = format!("pagination stopped: {reason}");
        AwsFailure {
            operation: operation.into(),
            region: Some(self.region.clone()),
            code: Some("EndlessPagination".into()),
            message,
        }
    }

    /// One call per key, `fan_out` at a time. Each answer is kept; the failed calls become one
    /// gap per operation and cause, naming their keys. A refusal that holds for every key
    /// (permissions, credentials) stops the calls not yet made.
    async fn per_item<V, Fut>(&self, keys: Vec<String>, call: impl Fn(String) -> Fut) -> Answers<V>
    where
        Fut: Future<Output = Result<(String, V), AwsFailure>>,
    {
        let total = keys.len();
        let calls: Vec<_> = keys
            .into_iter()
            .map(|key| {
                let named = key.clone();
                call(key).map(move |result| result.map_err(|failure| (named, failure)))
            })
            .collect();
        let mut answers = stream::iter(calls).buffer_unordered(self.fan_out);
        let (mut found, mut failed) = (HashMap::new(), Vec::new());
        while let Some(result) = answers.next().await {
            match result {
                Ok((key, value)) => {
                    found.insert(key, value);
                }
                Err((key, failure)) => {
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

    async fn call<T, E>(
        &self,
        operation: &str,
        request: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, AwsFailure>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let _in_flight = self.acquire(operation).await;
        request.await.map_err(|e| self.failure(operation, &e))
    }
}

/// The answers of one call per item, and what the failed calls lost.
#[derive(Debug)]
pub struct Answers<V> {
    pub found: HashMap<String, V>,
    pub gaps: Vec<AwsFailure>,
}

impl<V> Default for Answers<V> {
    fn default() -> Self {
        Answers { found: HashMap::new(), gaps: Vec::new() }
    }
}

impl<V> Answers<V> {
    /// The answers; the failures join the region's gaps.
    fn kept(self, gaps: &mut Vec<AwsFailure>) -> HashMap<String, V> {
        gaps.extend(self.gaps);
        self.found
    }
}

/// Most keys a gap names.
const NAMED_KEYS: usize = 10;

/// One gap per operation and cause: its first message, how many of the calls failed, which.
fn summarised(failed: Vec<(String, AwsFailure)>, total: usize, unmade: usize) -> Vec<AwsFailure> {
    let mut groups: Vec<(AwsFailure, Vec<String>)> = Vec::new();
    for (key, failure) in failed {
        let same = |(g, _): &&mut (AwsFailure, Vec<String>)| g.operation == failure.operation && g.code == failure.code;
        match groups.iter_mut().find(same) {
            Some((_, keys)) => keys.push(key),
            None => groups.push((failure, vec![key])),
        }
    }
    groups
        .into_iter()
        .map(|(mut failure, mut keys)| {
            keys.sort();
            // the keys come from AWS's answers (ids, ARNs): shown as safely as its messages
            let named =
                keys.iter().take(NAMED_KEYS).map(|k| neutralise(&cut(k.clone(), 256))).collect::<Vec<_>>().join(", ");
            let more = if keys.len() > NAMED_KEYS { ", ..." } else { "" };
            let unmade = if unmade > 0 { format!("; {unmade} more not made") } else { String::new() };
            failure.message = format!("{} ({} of {total} calls: {named}{more}{unmade})", failure.message, keys.len());
            failure
        })
        .collect()
}

/// Every item of every page of a paginated describe call, as model types; each page waits for
/// its token. A paginator that does not end (its tokens cycle) is stopped by a PageGuard.
macro_rules! all_pages {
    ($fetcher:expr, $operation:literal, $request:expr, $items:ident) => {{
        let mut pages = $request.into_paginator().send();
        let mut items = Vec::new();
        let mut guard = $crate::fetch::PageGuard::default();
        loop {
            let in_flight = $fetcher.acquire($operation).await;
            let page = pages.next().await;
            drop(in_flight);
            match page {
                None => break,
                Some(Ok(page)) => {
                    let batch: Vec<_> = page.$items().iter().map(Into::into).collect();
                    if let Err(reason) = guard.check(&batch) {
                        return Err($fetcher.endless($operation, reason));
                    }
                    items.extend(batch)
                }
                Some(Err(error)) => return Err($fetcher.failure($operation, &error)),
            }
        }
        items
    }};
}

/// Calls in flight at once in this process, all collects together: each holds a connection
/// (a file descriptor), and 100 concurrent collects of 20 regions would otherwise open thousands
/// (a container's limit is often 1,024 files). Far above what AWS's token buckets let through.
static IN_FLIGHT: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(MAX_IN_FLIGHT);
pub const MAX_IN_FLIGHT: usize = 384;

/// Pages past any region's size, or empty pages in a row past any filter's gaps: the paginator
/// is not ending (a token that cycles between values is not caught by the SDK's repeat check).
const MAX_PAGES: usize = 20_000;
const MAX_EMPTY_PAGES: usize = 1_000;

/// Watches one paginated call: a page that repeats an earlier one (same size, same first and
/// last item) means its tokens went round in a cycle.
#[derive(Default)]
pub(crate) struct PageGuard {
    seen: HashSet<u64>,
    pages: usize,
    empty_in_a_row: usize,
}

impl PageGuard {
    pub(crate) fn check<T: serde::Serialize>(&mut self, page: &[T]) -> Result<(), String> {
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
pub(crate) use all_pages;

/// Which calls a region needs, from the cloud service types collected: a call that feeds two
/// types is made once, one that feeds none is not made.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    instances: bool,
    instance_details: bool,
    volumes: bool,
    volume_attributes: bool,
    security_groups: bool,
    security_group_rules: bool,
    snapshots: bool,
    addresses: bool,
    auto_scaling_groups: bool,
    auto_scaling_details: bool,
    launch_templates: bool,
    owned_images: bool,
    /// DescribeInstances' instance-id filter; empty: every instance.
    instance_ids: Vec<String>,
}

impl Selection {
    pub fn new(types: &[&str], instance_ids: &[String]) -> Self {
        let has = |t: &str| types.contains(&t);
        let instance = has("Instance");
        Selection {
            instances: instance || has("SecurityGroup") || has("EIP") || has("AutoScalingGroup"),
            instance_details: instance,
            volumes: instance || has("Volume"),
            volume_attributes: has("Volume"),
            security_groups: instance || has("SecurityGroup"),
            security_group_rules: has("SecurityGroup"),
            snapshots: has("Snapshot"),
            addresses: has("EIP"),
            auto_scaling_groups: instance || has("AutoScalingGroup"),
            auto_scaling_details: has("AutoScalingGroup"),
            // an ASG record carries its launch template's record data
            launch_templates: has("LaunchTemplate") || has("AutoScalingGroup"),
            owned_images: has("AMI"),
            instance_ids: instance_ids.to_vec(),
        }
    }
}

/// The call's result when the selection needs it, else nothing (and no call).
async fn when<T: Default>(needed: bool, call: impl Future<Output = Result<T, AwsFailure>>) -> Result<T, AwsFailure> {
    if needed {
        call.await
    } else {
        Ok(T::default())
    }
}

/// Everything the selected EC2 cloud service types need in one region, each API called once.
pub async fn fetch_region(session: &Session, fetcher: &Fetcher, selection: &Selection) -> RegionSnapshot {
    let region = fetcher.region.as_str();
    let ec2 = session.ec2(region, fetcher.observer("ec2"));
    let asg = session.autoscaling(region, fetcher.observer("autoscaling"));
    let elb = session.elbv2(region, fetcher.observer("elasticloadbalancing"));
    let ssm = session.ssm(region, fetcher.observer("ssm"));
    let details = selection.instance_details;
    let instances_and_details = async {
        if !selection.instances {
            return Ok((Vec::new(), Ok(Vec::new()), Ok(Vec::new()), Answers::default()));
        }
        let reservations = fetcher.reservations(&ec2, &selection.instance_ids).await?;
        let instances = || reservations.iter().flat_map(|r| r.instances.iter().flatten());
        let types: BTreeSet<String> = instances().filter_map(|i| i.instance_type.clone()).collect();
        let images: BTreeSet<String> = instances().filter_map(|i| i.image_id.clone()).collect();
        let ids: Vec<String> = instances().filter_map(|i| i.instance_id.clone()).filter(|_| details).collect();
        let protection = fetcher.per_item(ids, |id| fetcher.termination_protection(&ec2, id));
        let (types, images, protection) = tokio::join!(
            when(details, fetcher.instance_types(&ec2, types.into_iter().collect())),
            when(details, fetcher.images(&ec2, images.into_iter().collect())),
            protection
        );
        Ok::<_, AwsFailure>((reservations, types, images, protection))
    };
    let volumes_and_attributes = async {
        let volumes = when(selection.volumes, fetcher.volumes(&ec2)).await?;
        let ids: Vec<String> =
            volumes.iter().filter_map(|v| v.volume_id.clone()).filter(|_| selection.volume_attributes).collect();
        let attributes = fetcher.per_item(ids, |id| fetcher.volume_attribute(&ec2, id)).await;
        Ok::<_, AwsFailure>((volumes, attributes))
    };
    let groups_and_hooks = async {
        let groups = when(selection.auto_scaling_groups, fetcher.auto_scaling_groups(&asg)).await?;
        let names: Vec<String> = groups.iter().filter_map(|g| g.auto_scaling_group_name.clone()).collect();
        let hooks = match selection.auto_scaling_details {
            true => fetcher.lifecycle_hooks(&asg, names).await,
            false => Answers::default(),
        };
        Ok::<_, AwsFailure>((groups, hooks))
    };
    let addresses_and_interfaces = async {
        let addresses = when(selection.addresses, fetcher.addresses(&ec2)).await?;
        let interfaces = fetcher.address_interfaces(&ec2, &addresses).await;
        Ok::<_, AwsFailure>((addresses, interfaces))
    };
    let images_and_permissions = async {
        let images = when(selection.owned_images, fetcher.owned_images(&ec2)).await?;
        let permissions = fetcher.launch_permissions(&ec2, &images).await;
        Ok::<_, AwsFailure>((images, permissions))
    };
    let scaling = selection.auto_scaling_details;
    // one join: the Auto Scaling, ELBv2 and SSM calls must not wait for the slowest EC2 bucket
    let (
        (instances, volumes, security_groups, rules, vpcs, subnets, snapshots, addresses, nat_gateways),
        (owned_images, templates),
        (groups, configurations, policies, notifications, scheduled, load_balancers, target_groups, managed),
    ) = tokio::join!(
        async {
            tokio::join!(
                instances_and_details,
                volumes_and_attributes,
                when(selection.security_groups, fetcher.security_groups(&ec2)),
                when(selection.security_group_rules, fetcher.security_group_rules(&ec2)),
                // the SecurityGroup records leave out the groups of default VPCs: they need to know which
                when(details || selection.security_group_rules, fetcher.vpcs(&ec2)),
                when(details || selection.security_group_rules, fetcher.subnets(&ec2)),
                when(selection.snapshots, fetcher.snapshots(&ec2)),
                addresses_and_interfaces,
                when(selection.addresses, fetcher.nat_gateways(&ec2)),
            )
        },
        async {
            tokio::join!(images_and_permissions, when(selection.launch_templates, fetcher.launch_templates(&ec2)))
        },
        async {
            tokio::join!(
                groups_and_hooks,
                when(selection.auto_scaling_groups, fetcher.launch_configurations(&asg)),
                when(scaling, fetcher.scaling_policies(&asg)),
                when(scaling, fetcher.notification_configurations(&asg)),
                when(scaling, fetcher.scheduled_actions(&asg)),
                when(details, fetcher.load_balancers(&elb)),
                // an ASG record lists its target groups' load balancers
                when(details || scaling, fetcher.target_groups(&elb)),
                when(details, fetcher.instance_information(&ssm)),
            )
        },
    );
    let mut gaps = Vec::new();
    let mut snapshot = RegionSnapshot {
        region: region.to_string(),
        security_groups: kept(security_groups, &mut gaps),
        security_group_rules: kept(rules, &mut gaps),
        vpcs: kept(vpcs, &mut gaps),
        subnets: kept(subnets, &mut gaps),
        snapshots: kept(snapshots, &mut gaps),
        nat_gateways: kept(nat_gateways, &mut gaps),
        launch_configurations: kept(configurations, &mut gaps),
        scaling_policies: kept(policies, &mut gaps),
        notification_configurations: kept(notifications, &mut gaps),
        scheduled_actions: kept(scheduled, &mut gaps),
        instance_information: kept(managed, &mut gaps),
        ..Default::default()
    };
    if let Some((load_balancers, listeners)) = kept(load_balancers.map(Some), &mut gaps) {
        snapshot.load_balancers = load_balancers;
        snapshot.listeners = listeners.kept(&mut gaps);
    }
    if let Some((target_groups, health)) = kept(target_groups.map(Some), &mut gaps) {
        snapshot.target_groups = target_groups;
        snapshot.target_health = health.kept(&mut gaps);
    }
    if let Some((addresses, interfaces)) = kept(addresses.map(Some), &mut gaps) {
        snapshot.addresses = addresses;
        snapshot.address_interfaces = kept(interfaces, &mut gaps);
    }
    if let Some((images, permissions)) = kept(owned_images.map(Some), &mut gaps) {
        snapshot.owned_images = images;
        snapshot.launch_permissions = permissions.kept(&mut gaps);
    }
    if let Some((templates, versions)) = kept(templates.map(Some), &mut gaps) {
        snapshot.launch_templates = templates;
        snapshot.launch_template_versions = versions.kept(&mut gaps);
    }
    if let Some((reservations, types, images, protection)) = kept(instances.map(Some), &mut gaps) {
        snapshot.reservations = reservations;
        snapshot.instance_types = kept(types, &mut gaps);
        snapshot.images = kept(images, &mut gaps);
        snapshot.termination_protection = protection.kept(&mut gaps);
    }
    if let Some((volumes, attributes)) = kept(volumes.map(Some), &mut gaps) {
        snapshot.volumes = volumes;
        snapshot.volume_attributes = attributes.kept(&mut gaps);
    }
    if let Some((groups, hooks)) = kept(groups.map(Some), &mut gaps) {
        snapshot.auto_scaling_groups = groups;
        snapshot.lifecycle_hooks = hooks.kept(&mut gaps);
    }
    snapshot.gaps = gaps;
    snapshot.duplicates = unique::drop_duplicates(&mut snapshot);
    snapshot
}

/// The value of a call that may fail without failing the region; a failure becomes a gap.
fn kept<T: Default>(result: Result<T, AwsFailure>, gaps: &mut Vec<AwsFailure>) -> T {
    result.unwrap_or_else(|gap| {
        gaps.push(gap);
        T::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(operation: &str, code: &str) -> AwsFailure {
        let (operation, region) = (operation.to_string(), Some("us-east-1".to_string()));
        AwsFailure { operation, region, code: Some(code.into()), message: "Request limit exceeded.".into() }
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

    #[test]
    fn failed_calls_become_one_gap_per_operation_and_cause_naming_their_keys() {
        let throttled = "ec2:DescribeInstanceAttribute";
        let failed: Vec<(String, AwsFailure)> = (0..12)
            .map(|i| (format!("i-{i:02}"), failure(throttled, "RequestLimitExceeded")))
            .chain([("i-99".to_string(), failure(throttled, "InternalError"))])
            .collect();
        let gaps = summarised(failed, 40, 3);
        assert_eq!(gaps.len(), 2);
        assert_eq!(
            gaps[0].message,
            "Request limit exceeded. (12 of 40 calls: i-00, i-01, i-02, i-03, i-04, i-05, i-06, i-07, i-08, i-09, ...; \
             3 more not made)"
        );
        assert_eq!(gaps[1].code.as_deref(), Some("InternalError"));
        assert!(gaps[1].message.ends_with("(1 of 40 calls: i-99; 3 more not made)"), "{}", gaps[1].message);
    }
}

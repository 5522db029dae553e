//! Fetching a region snapshot: I/O only. Every call of a region starts at once; the calls that
//! need an earlier list (instance types, images and termination protection after the instances,
//! volume attributes after the volumes, listeners, target health and lifecycle hooks after their
//! parents) start as soon as that list arrives. A failed call leaves a gap in the snapshot, which
//! the assembly reports; everything else is still collected.

// `boto!` ends every conversion with `..Default::default()` so that a shape may keep fields a
// newer SDK has dropped; where a conversion lists every field, that update is empty
#![allow(clippy::needless_update)]

pub mod account;
mod autoscaling;
mod convert;
mod ec2;
mod elbv2;
mod ssm;

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::{stream, StreamExt, TryStreamExt};

use crate::aws::errors::aws_failure;
use crate::aws::limiter::Limiter;
use crate::aws::observer::{CallStats, Observer};
use crate::aws::{Scrubber, Session};
use crate::error::AwsFailure;
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
    async fn acquire(&self, operation: &str) {
        Limiter::global().acquire(&self.limit_key, &self.region, operation).await;
    }

    fn failure<E>(&self, operation: &str, error: &SdkError<E, HttpResponse>) -> AwsFailure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        aws_failure(operation, Some(&self.region), error, &self.scrubber)
    }

    /// One call per key, `fan_out` at a time; the first failure fails them all.
    async fn per_item<K, V, Fut>(&self, keys: Vec<K>, call: impl Fn(K) -> Fut) -> Result<HashMap<K, V>, AwsFailure>
    where
        K: std::hash::Hash + Eq,
        Fut: Future<Output = Result<(K, V), AwsFailure>>,
    {
        let calls: Vec<Fut> = keys.into_iter().map(call).collect();
        stream::iter(calls).buffer_unordered(self.fan_out).try_collect().await
    }

    async fn call<T, E>(
        &self,
        operation: &str,
        request: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, AwsFailure>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.acquire(operation).await;
        request.await.map_err(|e| self.failure(operation, &e))
    }
}

/// Every item of every page of a paginated describe call, as model types; each page waits for
/// its token.
macro_rules! all_pages {
    ($fetcher:expr, $operation:literal, $request:expr, $items:ident) => {{
        let mut pages = $request.into_paginator().send();
        let mut items = Vec::new();
        loop {
            $fetcher.acquire($operation).await;
            match pages.next().await {
                None => break,
                Some(Ok(page)) => items.extend(page.$items().iter().map(Into::into)),
                Some(Err(error)) => return Err($fetcher.failure($operation, &error)),
            }
        }
        items
    }};
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
            launch_templates: has("LaunchTemplate"),
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
            return Ok((Vec::new(), Ok(Vec::new()), Ok(Vec::new()), Vec::new()));
        }
        let reservations = fetcher.reservations(&ec2, &selection.instance_ids).await?;
        let instances = || reservations.iter().flat_map(|r| r.instances.iter().flatten());
        let types: BTreeSet<String> = instances().filter_map(|i| i.instance_type.clone()).collect();
        let images: BTreeSet<String> = instances().filter_map(|i| i.image_id.clone()).collect();
        let ids: Vec<String> = instances().filter_map(|i| i.instance_id.clone()).filter(|_| details).collect();
        let requests: Vec<_> = ids.into_iter().map(|id| fetcher.termination_protection(&ec2, id)).collect();
        let protection = stream::iter(requests).buffer_unordered(fetcher.fan_out).collect::<Vec<_>>();
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
        let requests: Vec<_> = ids.into_iter().map(|id| fetcher.volume_attribute(&ec2, id)).collect();
        let attributes = stream::iter(requests).buffer_unordered(fetcher.fan_out).collect::<Vec<_>>().await;
        Ok::<_, AwsFailure>((volumes, attributes))
    };
    let groups_and_hooks = async {
        let groups = when(selection.auto_scaling_groups, fetcher.auto_scaling_groups(&asg)).await?;
        let names: Vec<String> = groups.iter().filter_map(|g| g.auto_scaling_group_name.clone()).collect();
        let hooks = when(selection.auto_scaling_details, fetcher.lifecycle_hooks(&asg, names)).await;
        Ok::<_, AwsFailure>((groups, hooks))
    };
    let (
        (instances, volumes, security_groups, rules, vpcs, subnets, snapshots, addresses, nat_gateways),
        (owned_images, templates),
    ) = tokio::join!(
        async {
            tokio::join!(
                instances_and_details,
                volumes_and_attributes,
                when(selection.security_groups, fetcher.security_groups(&ec2)),
                when(selection.security_group_rules, fetcher.security_group_rules(&ec2)),
                when(details, fetcher.vpcs(&ec2)),
                when(details, fetcher.subnets(&ec2)),
                when(selection.snapshots, fetcher.snapshots(&ec2)),
                when(selection.addresses, fetcher.addresses(&ec2)),
                when(selection.addresses, fetcher.nat_gateways(&ec2)),
            )
        },
        async {
            tokio::join!(
                when(selection.owned_images, fetcher.owned_images(&ec2)),
                when(selection.launch_templates, fetcher.launch_templates(&ec2))
            )
        },
    );
    let scaling = selection.auto_scaling_details;
    let (groups, configurations, policies, notifications, scheduled, load_balancers, target_groups, managed) = tokio::join!(
        groups_and_hooks,
        when(selection.auto_scaling_groups, fetcher.launch_configurations(&asg)),
        when(scaling, fetcher.scaling_policies(&asg)),
        when(scaling, fetcher.notification_configurations(&asg)),
        when(scaling, fetcher.scheduled_actions(&asg)),
        when(details, fetcher.load_balancers(&elb)),
        when(details, fetcher.target_groups(&elb)),
        when(details, fetcher.instance_information(&ssm)),
    );
    let mut gaps = Vec::new();
    let mut snapshot = RegionSnapshot {
        region: region.to_string(),
        security_groups: kept(security_groups, &mut gaps),
        security_group_rules: kept(rules, &mut gaps),
        vpcs: kept(vpcs, &mut gaps),
        subnets: kept(subnets, &mut gaps),
        snapshots: kept(snapshots, &mut gaps),
        addresses: kept(addresses, &mut gaps),
        nat_gateways: kept(nat_gateways, &mut gaps),
        owned_images: kept(owned_images, &mut gaps),
        launch_configurations: kept(configurations, &mut gaps),
        scaling_policies: kept(policies, &mut gaps),
        notification_configurations: kept(notifications, &mut gaps),
        scheduled_actions: kept(scheduled, &mut gaps),
        instance_information: kept(managed, &mut gaps),
        ..Default::default()
    };
    (snapshot.load_balancers, snapshot.listeners) = kept(load_balancers, &mut gaps);
    (snapshot.target_groups, snapshot.target_health) = kept(target_groups, &mut gaps);
    (snapshot.launch_templates, snapshot.launch_template_versions) = kept(templates, &mut gaps);
    if let Some((reservations, types, images, protection)) = kept(instances.map(Some), &mut gaps) {
        snapshot.reservations = reservations;
        snapshot.instance_types = kept(types, &mut gaps);
        snapshot.images = kept(images, &mut gaps);
        snapshot.termination_protection = each_kept(protection, &mut gaps);
    }
    if let Some((volumes, attributes)) = kept(volumes.map(Some), &mut gaps) {
        snapshot.volumes = volumes;
        snapshot.volume_attributes = each_kept(attributes, &mut gaps);
    }
    if let Some((groups, hooks)) = kept(groups.map(Some), &mut gaps) {
        snapshot.auto_scaling_groups = groups;
        snapshot.lifecycle_hooks = kept(hooks, &mut gaps);
    }
    snapshot.gaps = gaps;
    snapshot
}

/// The successes of per-item calls; each failure becomes a gap.
fn each_kept<K: std::hash::Hash + Eq, V>(
    results: Vec<Result<(K, V), AwsFailure>>,
    gaps: &mut Vec<AwsFailure>,
) -> HashMap<K, V> {
    let mut out = HashMap::new();
    for result in results {
        match result {
            Ok((key, value)) => {
                out.insert(key, value);
            }
            Err(gap) => gaps.push(gap),
        }
    }
    out
}

/// The value of a call that may fail without failing the region; a failure becomes a gap.
fn kept<T: Default>(result: Result<T, AwsFailure>, gaps: &mut Vec<AwsFailure>) -> T {
    result.unwrap_or_else(|gap| {
        gaps.push(gap);
        T::default()
    })
}

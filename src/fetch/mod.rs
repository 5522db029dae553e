//! Fetching a region snapshot: I/O only. Every call of a region starts at once; the calls that
//! need the instances (types, images, termination protection) start when DescribeInstances ends,
//! and those that need load balancers or target groups when those lists arrive. Only a failed
//! DescribeInstances fails the region; any other failed call leaves a gap in the snapshot, which
//! the assembly reports, and the instances are still collected.

pub mod account;
mod autoscaling;
mod convert;
mod ec2;
mod elbv2;
mod ssm;

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::{stream, StreamExt};

use crate::aws::errors::aws_failure;
use crate::aws::{Scrubber, Session};
use crate::error::AwsFailure;
use crate::snapshot::RegionSnapshot;

/// Calls in flight per region for the per-item calls (one per instance, load balancer, ...).
const FAN_OUT: usize = 16;

/// The calls of one region: where they go, how many may run at once, how many were made.
pub struct Fetcher {
    pub region: String,
    scrubber: Scrubber,
    fan_out: usize,
    calls: AtomicU64,
}

impl Fetcher {
    pub fn new(region: &str, scrubber: Scrubber) -> Self {
        Fetcher { region: region.to_string(), scrubber, fan_out: FAN_OUT, calls: AtomicU64::new(0) }
    }

    /// Requests made so far (a paginated list counts once).
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    async fn call<T, E>(
        &self,
        operation: &str,
        request: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, AwsFailure>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.calls.fetch_add(1, Ordering::Relaxed);
        request.await.map_err(|e| aws_failure(operation, Some(&self.region), &e, &self.scrubber))
    }
}

/// Every item of every page of a paginated describe call, as model types.
macro_rules! all_pages {
    ($fetcher:expr, $operation:literal, $request:expr, $items:ident) => {{
        let pages: Vec<_> = $fetcher.call($operation, $request.into_paginator().send().try_collect()).await?;
        pages.iter().flat_map(|page| page.$items()).map(Into::into).collect()
    }};
}
pub(crate) use all_pages;

/// Everything an Instance record needs in one region.
pub async fn fetch_region(session: &Session, fetcher: &Fetcher) -> Result<RegionSnapshot, AwsFailure> {
    let region = fetcher.region.as_str();
    let (ec2, asg, elb, ssm) =
        (session.ec2(region), session.autoscaling(region), session.elbv2(region), session.ssm(region));
    let instances_and_details = async {
        let reservations = fetcher.reservations(&ec2).await?;
        let instances = || reservations.iter().flat_map(|r| r.instances.iter().flatten());
        let types: BTreeSet<String> = instances().filter_map(|i| i.instance_type.clone()).collect();
        let images: BTreeSet<String> = instances().filter_map(|i| i.image_id.clone()).collect();
        let ids: Vec<String> = instances().filter_map(|i| i.instance_id.clone()).collect();
        let requests: Vec<_> = ids.into_iter().map(|id| fetcher.termination_protection(&ec2, id)).collect();
        let protection = stream::iter(requests).buffer_unordered(fetcher.fan_out).collect::<Vec<_>>();
        let (types, images, protection) = tokio::join!(
            fetcher.instance_types(&ec2, types.into_iter().collect()),
            fetcher.images(&ec2, images.into_iter().collect()),
            protection
        );
        Ok::<_, AwsFailure>((reservations, types, images, protection))
    };
    let (
        instances,
        volumes,
        security_groups,
        vpcs,
        subnets,
        groups,
        configurations,
        load_balancers,
        target_groups,
        managed,
    ) = tokio::join!(
        instances_and_details,
        fetcher.volumes(&ec2),
        fetcher.security_groups(&ec2),
        fetcher.vpcs(&ec2),
        fetcher.subnets(&ec2),
        fetcher.auto_scaling_groups(&asg),
        fetcher.launch_configurations(&asg),
        fetcher.load_balancers(&elb),
        fetcher.target_groups(&elb),
        fetcher.instance_information(&ssm),
    );
    let (reservations, types, images, protection) = instances?;
    let mut gaps = Vec::new();
    let mut snapshot = RegionSnapshot {
        region: region.to_string(),
        reservations,
        instance_types: kept(types, &mut gaps),
        images: kept(images, &mut gaps),
        volumes: kept(volumes, &mut gaps),
        security_groups: kept(security_groups, &mut gaps),
        vpcs: kept(vpcs, &mut gaps),
        subnets: kept(subnets, &mut gaps),
        auto_scaling_groups: kept(groups, &mut gaps),
        launch_configurations: kept(configurations, &mut gaps),
        instance_information: kept(managed, &mut gaps),
        ..Default::default()
    };
    (snapshot.load_balancers, snapshot.listeners) = kept(load_balancers, &mut gaps);
    (snapshot.target_groups, snapshot.target_health) = kept(target_groups, &mut gaps);
    for result in protection {
        match result {
            Ok((id, protected)) => {
                snapshot.termination_protection.insert(id, protected);
            }
            Err(gap) => gaps.push(gap),
        }
    }
    snapshot.gaps = gaps;
    Ok(snapshot)
}

/// The value of a call that may fail without failing the region; a failure becomes a gap.
fn kept<T: Default>(result: Result<T, AwsFailure>, gaps: &mut Vec<AwsFailure>) -> T {
    result.unwrap_or_else(|gap| {
        gaps.push(gap);
        T::default()
    })
}

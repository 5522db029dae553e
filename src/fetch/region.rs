//! A region's fetch: every call of the plan starts at once; the calls that need an earlier
//! list (instance types, images and termination protection after the instances, volume
//! attributes after the volumes, listeners, target health and lifecycle hooks after their parents)
//! start as soon as that list arrives. A failed call leaves a gap in the snapshot, which the
//! assembly reports; everything else is still collected. The per-record calls (one per instance,
//! one per volume) are the slowest part of a region, so the fetch delivers as it goes: the lists
//! once they are all in, each per-record answer as it comes.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::mpsc;

use futures::future::BoxFuture;
use tokio::sync::oneshot;

use super::answers::Answers;
use super::memory::{self, Freshness};
use super::plan::Selection;
use super::policy::Fetcher;
use super::unique;
use crate::aws::Session;
use crate::error::AwsFailure;
use crate::snapshot::{Arrival, Call, Gap, RegionSnapshot};

/// The call's result when the selection needs it, else nothing (and no call).
async fn when<T: Default>(needed: bool, call: impl Future<Output = Result<T, AwsFailure>>) -> Result<T, AwsFailure> {
    if needed {
        call.await
    } else {
        Ok(T::default())
    }
}

/// Everything the selected EC2 cloud service types need in one region, each API called once, as
/// one snapshot.
pub async fn fetch_region(session: &Session, fetcher: &Fetcher, selection: &Selection) -> RegionSnapshot {
    let (arrivals, arrived) = mpsc::channel();
    fetch_region_as_it_comes(session, fetcher, selection, arrivals).await;
    let mut snapshot = RegionSnapshot::default();
    arrived.try_iter().for_each(|arrival| {
        snapshot.receive(arrival);
    });
    snapshot
}

/// `fetch_region`, delivered on `arrivals` as it comes: `Arrival::Lists` once every call but the
/// per-record ones has answered, each per-record answer as soon as it arrives (some may come
/// before the lists), then `Arrival::Done`. A send fails only when the receiver is gone, and
/// then the fetch is being cancelled. Boxed: the region's joins make a future of tens of
/// kilobytes, which every future around it would otherwise copy onto the polling thread's stack
/// (in the dev build, past a tokio worker's 2 MiB).
pub fn fetch_region_as_it_comes<'a>(
    session: &'a Session,
    fetcher: &'a Fetcher,
    selection: &'a Selection,
    arrivals: mpsc::Sender<Arrival>,
) -> BoxFuture<'a, ()> {
    Box::pin(every_call(session, fetcher, selection, arrivals))
}

async fn every_call(session: &Session, fetcher: &Fetcher, selection: &Selection, arrivals: mpsc::Sender<Arrival>) {
    let region = fetcher.region.as_str();
    let ec2 = session.ec2(region, fetcher.observer("ec2"));
    let asg = session.autoscaling(region, fetcher.observer("autoscaling"));
    let elb = session.elbv2(region, fetcher.observer("elasticloadbalancing"));
    let ssm = session.ssm(region, fetcher.observer("ssm"));
    let has = |call| selection.has(call);
    // the per-record calls start from the ids of their lists, and run beside the other lists
    let (instance_ids, instances_listed) = oneshot::channel::<Vec<String>>();
    let (volume_ids, volumes_listed) = oneshot::channel::<Vec<String>>();
    let instances_and_details = async {
        if !has(Call::Reservations) {
            return Ok((Vec::new(), Ok(Vec::new()), Ok(Vec::new())));
        }
        let reservations = fetcher.reservations(&ec2, &selection.instance_ids).await?;
        let instances = || reservations.iter().flat_map(|r| r.instances.iter().flatten());
        let types: BTreeSet<String> = instances().filter_map(|i| i.instance_type.clone()).collect();
        let images: BTreeSet<String> = instances().filter_map(|i| i.image_id.clone()).collect();
        let ids = instances().filter_map(|i| i.instance_id.clone()).filter(|_| has(Call::TerminationProtection));
        let _ = instance_ids.send(ids.collect());
        let (types, images) = tokio::join!(
            when(has(Call::InstanceTypes), fetcher.instance_types(&ec2, types.into_iter().collect())),
            when(has(Call::Images), fetcher.images(&ec2, images.into_iter().collect())),
        );
        Ok::<_, AwsFailure>((reservations, types, images))
    };
    let volumes = async {
        let volumes = when(has(Call::Volumes), fetcher.volumes(&ec2)).await?;
        let ids = volumes.iter().filter_map(|v| v.volume_id.clone()).filter(|_| has(Call::VolumeAttributes));
        let _ = volume_ids.send(ids.collect());
        Ok::<_, AwsFailure>(volumes)
    };
    let protection = async {
        // no list, no calls: its failure is the list's gap
        let ids = instances_listed.await.unwrap_or_default();
        let freshness = fetcher.protection_max_age.map(Freshness::For);
        let call = |id| fetcher.termination_protection(&ec2, id);
        let arrived = |id: &str, protected: Option<&bool>| {
            let _ = arrivals.send(Arrival::Protection(id.to_string(), protected.copied()));
        };
        fetcher.remembered(memory::termination_protection(), freshness, ids, call, arrived).await
    };
    let product_codes = async {
        let ids = volumes_listed.await.unwrap_or_default();
        let call = |id| fetcher.volume_attribute(&ec2, id);
        let arrived = |id: &str, attribute: Option<&crate::model::VolumeAttribute>| {
            let _ = arrivals.send(Arrival::ProductCodes(id.to_string(), attribute.cloned()));
        };
        fetcher.remembered(memory::product_codes(), Some(Freshness::Forever), ids, call, arrived).await
    };
    let groups_and_hooks = async {
        let groups = when(has(Call::AutoScalingGroups), fetcher.auto_scaling_groups(&asg)).await?;
        let names: Vec<String> = groups.iter().filter_map(|g| g.auto_scaling_group_name.clone()).collect();
        let hooks = match has(Call::LifecycleHooks) {
            true => fetcher.lifecycle_hooks(&asg, names).await,
            false => Answers::default(),
        };
        Ok::<_, AwsFailure>((groups, hooks))
    };
    let addresses_and_interfaces = async {
        let addresses = when(has(Call::Addresses), fetcher.addresses(&ec2)).await?;
        let interfaces = fetcher.address_interfaces(&ec2, &addresses).await;
        Ok::<_, AwsFailure>((addresses, interfaces))
    };
    let images_and_permissions = async {
        let images = when(has(Call::OwnedImages), fetcher.owned_images(&ec2)).await?;
        let permissions = fetcher.launch_permissions(&ec2, &images).await;
        Ok::<_, AwsFailure>((images, permissions))
    };
    let lists = async {
        // one join: the Auto Scaling, ELBv2 and SSM calls must not wait for the slowest EC2 bucket
        let (
            (instances, volumes, security_groups, rules, vpcs, subnets, snapshots, addresses, nat_gateways),
            (owned_images, templates),
            (groups, configurations, policies, notifications, scheduled, load_balancers, target_groups, managed),
        ) = tokio::join!(
            async {
                tokio::join!(
                    instances_and_details,
                    volumes,
                    when(has(Call::SecurityGroups), fetcher.security_groups(&ec2)),
                    when(has(Call::SecurityGroupRules), fetcher.security_group_rules(&ec2)),
                    when(has(Call::Vpcs), fetcher.vpcs(&ec2)),
                    when(has(Call::Subnets), fetcher.subnets(&ec2)),
                    when(has(Call::Snapshots), fetcher.snapshots(&ec2)),
                    addresses_and_interfaces,
                    when(has(Call::NatGateways), fetcher.nat_gateways(&ec2)),
                )
            },
            async {
                tokio::join!(images_and_permissions, when(has(Call::LaunchTemplates), fetcher.launch_templates(&ec2)))
            },
            async {
                tokio::join!(
                    groups_and_hooks,
                    when(has(Call::LaunchConfigurations), fetcher.launch_configurations(&asg)),
                    when(has(Call::ScalingPolicies), fetcher.scaling_policies(&asg)),
                    when(has(Call::NotificationConfigurations), fetcher.notification_configurations(&asg)),
                    when(has(Call::ScheduledActions), fetcher.scheduled_actions(&asg)),
                    when(has(Call::LoadBalancers), fetcher.load_balancers(&elb)),
                    when(has(Call::TargetGroups), fetcher.target_groups(&elb)),
                    when(has(Call::InstanceInformation), fetcher.instance_information(&ssm)),
                )
            },
        );
        let mut gaps = Vec::new();
        let mut snapshot = RegionSnapshot {
            region: region.to_string(),
            security_groups: kept(Call::SecurityGroups, security_groups, &mut gaps),
            security_group_rules: kept(Call::SecurityGroupRules, rules, &mut gaps),
            vpcs: kept(Call::Vpcs, vpcs, &mut gaps),
            subnets: kept(Call::Subnets, subnets, &mut gaps),
            snapshots: kept(Call::Snapshots, snapshots, &mut gaps),
            nat_gateways: kept(Call::NatGateways, nat_gateways, &mut gaps),
            launch_configurations: kept(Call::LaunchConfigurations, configurations, &mut gaps),
            scaling_policies: kept(Call::ScalingPolicies, policies, &mut gaps),
            notification_configurations: kept(Call::NotificationConfigurations, notifications, &mut gaps),
            scheduled_actions: kept(Call::ScheduledActions, scheduled, &mut gaps),
            instance_information: kept(Call::InstanceInformation, managed, &mut gaps),
            ..Default::default()
        };
        if let Some((load_balancers, listeners)) = kept(Call::LoadBalancers, load_balancers.map(Some), &mut gaps) {
            snapshot.load_balancers = load_balancers;
            snapshot.listeners = listeners.kept(Call::LoadBalancers, &mut gaps);
        }
        if let Some((target_groups, health)) = kept(Call::TargetGroups, target_groups.map(Some), &mut gaps) {
            snapshot.target_groups = target_groups;
            snapshot.target_health = health.kept(Call::TargetGroups, &mut gaps);
        }
        if let Some((addresses, interfaces)) = kept(Call::Addresses, addresses.map(Some), &mut gaps) {
            snapshot.addresses = addresses;
            snapshot.address_interfaces = kept(Call::Addresses, interfaces, &mut gaps);
        }
        if let Some((images, permissions)) = kept(Call::OwnedImages, owned_images.map(Some), &mut gaps) {
            snapshot.owned_images = images;
            snapshot.launch_permissions = permissions.kept(Call::OwnedImages, &mut gaps);
        }
        if let Some((templates, versions)) = kept(Call::LaunchTemplates, templates.map(Some), &mut gaps) {
            snapshot.launch_templates = templates;
            snapshot.launch_template_versions = versions.kept(Call::LaunchTemplates, &mut gaps);
        }
        if let Some((reservations, types, images)) = kept(Call::Reservations, instances.map(Some), &mut gaps) {
            snapshot.reservations = reservations;
            snapshot.instance_types = kept(Call::InstanceTypes, types, &mut gaps);
            snapshot.images = kept(Call::Images, images, &mut gaps);
        }
        snapshot.volumes = kept(Call::Volumes, volumes, &mut gaps);
        if let Some((groups, hooks)) = kept(Call::AutoScalingGroups, groups.map(Some), &mut gaps) {
            snapshot.auto_scaling_groups = groups;
            snapshot.lifecycle_hooks = hooks.kept(Call::LifecycleHooks, &mut gaps);
        }
        snapshot.gaps = gaps;
        snapshot.duplicates = unique::drop_duplicates(&mut snapshot);
        let _ = arrivals.send(Arrival::Lists(Box::new(snapshot)));
    };
    let per_record = async {
        let (protection, product_codes) = tokio::join!(protection, product_codes);
        let mut gaps = Vec::new();
        // their answers went out as they came
        protection.kept(Call::TerminationProtection, &mut gaps);
        product_codes.kept(Call::VolumeAttributes, &mut gaps);
        let _ = arrivals.send(Arrival::Done(gaps));
    };
    tokio::join!(lists, per_record);
}

/// The value of a call that may fail without failing the region; a failure becomes a gap of
/// `call`.
fn kept<T: Default>(call: Call, result: Result<T, AwsFailure>, gaps: &mut Vec<Gap>) -> T {
    result.unwrap_or_else(|failure| {
        gaps.push(Gap { call, failure });
        T::default()
    })
}

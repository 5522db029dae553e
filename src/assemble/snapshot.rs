//! The EC2 Snapshot cloud service: one record per EBS snapshot the account owns.

use serde_json::json;

use super::cloud_service::{CloudService, Responses};
use super::data::{insert_kms_key, named_data};
use super::held_back::account_or_held_back;
use super::index::RegionIndex;
use super::links::{cloudtrail, console_link, ec2_arn};
use super::record::{each, Record};
use super::time::cloudforet_time;
use crate::model::tag_map;
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "Snapshot";

pub struct Snapshot;

impl CloudService for Snapshot {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[Call::Snapshots]
    }

    fn definition(&self) -> &'static str {
        include_str!("cloud_service_types/Snapshot.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("metrics/Snapshot.json")
    }

    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        responses(snapshot, index)
    }
}

fn responses<'a>(snapshot: &'a RegionSnapshot, _index: &'a RegionIndex<'a>) -> Responses<'a> {
    let region = snapshot.region.as_str();
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.snapshots.len()) {
        Ok(account) => account,
        Err(held_back) => return Box::new(held_back.into_iter()),
    };
    each(
        CLOUD_SERVICE_TYPE,
        region,
        snapshot.snapshots.iter(),
        |s| s.snapshot_id.as_deref(),
        move |&item| {
            let id = item.snapshot_id.as_deref().unwrap_or_default();
            let arn = ec2_arn(region, account, "snapshot", id);
            let (name, mut data) = named_data(item, item.tags.as_ref());
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::EC2::Snapshot", id));
            data.insert("arn".into(), arn.clone().into());
            insert_kms_key(&mut data, item.kms_key_id.as_deref());
            // present even while the snapshot is pending: the console's column reads it
            data.insert("CompletionTime".into(), json!(item.completion_time.as_deref().map(cloudforet_time)));
            Ok(Record::new(
                region,
                account,
                arn,
                console_link(region, &format!("Snapshots:visibility=owned-by-me;snapshotId={id};sort=snapshotId")),
                data,
            )
            .named(name)
            .tagged(tag_map(item.tags.as_ref()))
            .sized(None, item.volume_size.map(f64::from)))
        },
    )
}

//! The EC2 Snapshot cloud service: one record per EBS snapshot the account owns.

use serde_json::json;

use super::index::RegionIndex;
use super::record::{
    account_or_held_back, cloudtrail, console_link, each, ec2_arn, insert_kms_key, named_data, Record,
};
use super::response::Response;
use super::time::cloudforet_time;
use crate::model::tag_map;
use crate::snapshot::RegionSnapshot;

pub const CLOUD_SERVICE_TYPE: &str = "Snapshot";

pub fn responses(snapshot: &RegionSnapshot, _index: &RegionIndex<'_>) -> Vec<Response> {
    let region = snapshot.region.as_str();
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.snapshots.len()) {
        Ok(account) => account,
        Err(held_back) => return held_back,
    };
    each(
        &snapshot.snapshots,
        CLOUD_SERVICE_TYPE,
        region,
        |s| s.snapshot_id.as_deref(),
        |item| {
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

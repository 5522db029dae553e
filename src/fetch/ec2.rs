//! EC2 describe calls of a region (their items become model types in from_sdk/ec2.rs, generated).

use aws_sdk_ec2::types as sdk;
use aws_sdk_ec2::Client;
use futures::{stream, StreamExt, TryStreamExt};

use super::answers::Answers;
use super::convert::exact;
use super::policy::Fetcher;
use crate::error::AwsFailure;
use crate::model::{ec2 as m, VolumeAttribute};

/// States the collector reports; terminated instances are gone from the inventory.
const STATES: &[&str] = &["pending", "running", "shutting-down", "stopping", "stopped"];
/// Items per request where the API takes a list of ids or filter values.
const IDS_PER_CALL: usize = 100;

impl Fetcher {
    /// The live instances, or only those of `instance_ids` when it is not empty.
    pub async fn reservations(&self, ec2: &Client, instance_ids: &[String]) -> Result<Vec<m::Reservation>, AwsFailure> {
        let states = sdk::Filter::builder()
            .name("instance-state-name")
            .set_values(Some(STATES.iter().map(|s| s.to_string()).collect()))
            .build();
        let mut request = ec2.describe_instances().filters(states).max_results(1000);
        if !instance_ids.is_empty() {
            let ids = sdk::Filter::builder().name("instance-id").set_values(Some(instance_ids.to_vec())).build();
            request = request.filters(ids);
        }
        self.all_pages("ec2:DescribeInstances", request.into_paginator().send(), |page| page.reservations).await
    }

    pub async fn instance_types(
        &self,
        ec2: &Client,
        types: Vec<String>,
    ) -> Result<Vec<m::InstanceTypeInfo>, AwsFailure> {
        let pages: Vec<Vec<m::InstanceTypeInfo>> = stream::iter(chunks(types))
            .map(|chunk| self.instance_types_of(ec2, chunk))
            .buffered(self.fan_out)
            .try_collect()
            .await?;
        Ok(pages.into_iter().flatten().collect())
    }

    /// One chunk of types; a type AWS does not know (InvalidInstanceType fails the whole call) is
    /// left out by asking for the chunk's types one by one, as a full listing would leave it out.
    async fn instance_types_of(
        &self,
        ec2: &Client,
        chunk: Vec<String>,
    ) -> Result<Vec<m::InstanceTypeInfo>, AwsFailure> {
        let ask = |types: Vec<String>| async move {
            let request = ec2
                .describe_instance_types()
                .set_instance_types(Some(types.iter().map(|t| t.as_str().into()).collect()));
            let pages: Vec<_> =
                self.call("ec2:DescribeInstanceTypes", || request.into_paginator().send().try_collect()).await?;
            Ok::<Vec<m::InstanceTypeInfo>, AwsFailure>(
                pages.into_iter().flat_map(|p| p.instance_types.unwrap_or_default()).map(Into::into).collect(),
            )
        };
        match ask(chunk.clone()).await {
            Err(failure) if failure.code.as_deref() == Some("InvalidInstanceType") && chunk.len() > 1 => {
                let mut known = Vec::new();
                for one in chunk {
                    match ask(vec![one]).await {
                        Ok(info) => known.extend(info),
                        Err(f) if f.code.as_deref() == Some("InvalidInstanceType") => {}
                        Err(f) => return Err(f),
                    }
                }
                Ok(known)
            }
            Err(failure) if failure.code.as_deref() == Some("InvalidInstanceType") => Ok(Vec::new()),
            other => other,
        }
    }

    /// By filter rather than by ImageIds: a deregistered AMI is then simply absent instead of
    /// failing the whole call with InvalidAMIID.NotFound.
    pub async fn images(&self, ec2: &Client, image_ids: Vec<String>) -> Result<Vec<m::Image>, AwsFailure> {
        let requests = chunks(image_ids).into_iter().map(|chunk| {
            let filter = sdk::Filter::builder().name("image-id").set_values(Some(chunk)).build();
            let request = ec2.describe_images().filters(filter).include_deprecated(true).include_disabled(true);
            self.call("ec2:DescribeImages", || request.send())
        });
        let outputs: Vec<_> = stream::iter(requests.collect::<Vec<_>>()).buffered(self.fan_out).try_collect().await?;
        Ok(outputs.into_iter().flat_map(|o| o.images.unwrap_or_default()).map(Into::into).collect())
    }

    pub async fn termination_protection(
        &self,
        ec2: &Client,
        instance_id: String,
    ) -> Result<(String, bool), AwsFailure> {
        let request = ec2
            .describe_instance_attribute()
            .instance_id(&instance_id)
            .attribute(sdk::InstanceAttributeName::DisableApiTermination);
        let output = self.call("ec2:DescribeInstanceAttribute", || request.send()).await?;
        let protected = output.disable_api_termination().and_then(|v| v.value).unwrap_or(false);
        Ok((instance_id, protected))
    }

    pub async fn volumes(&self, ec2: &Client) -> Result<Vec<m::Volume>, AwsFailure> {
        self.all_pages("ec2:DescribeVolumes", ec2.describe_volumes().max_results(500).into_paginator().send(), |page| {
            page.volumes
        })
        .await
    }

    pub async fn security_groups(&self, ec2: &Client) -> Result<Vec<m::SecurityGroup>, AwsFailure> {
        self.all_pages(
            "ec2:DescribeSecurityGroups",
            ec2.describe_security_groups().max_results(1000).into_paginator().send(),
            |page| page.security_groups,
        )
        .await
    }

    pub async fn vpcs(&self, ec2: &Client) -> Result<Vec<m::Vpc>, AwsFailure> {
        self.all_pages("ec2:DescribeVpcs", ec2.describe_vpcs().max_results(1000).into_paginator().send(), |page| {
            page.vpcs
        })
        .await
    }

    pub async fn subnets(&self, ec2: &Client) -> Result<Vec<m::Subnet>, AwsFailure> {
        self.all_pages(
            "ec2:DescribeSubnets",
            ec2.describe_subnets().max_results(1000).into_paginator().send(),
            |page| page.subnets,
        )
        .await
    }
}

fn chunks(ids: Vec<String>) -> Vec<Vec<String>> {
    ids.chunks(IDS_PER_CALL).map(<[String]>::to_vec).collect()
}

impl Fetcher {
    pub async fn volume_attribute(
        &self,
        ec2: &Client,
        volume_id: String,
    ) -> Result<(String, VolumeAttribute), AwsFailure> {
        let request =
            ec2.describe_volume_attribute().volume_id(&volume_id).attribute(sdk::VolumeAttributeName::ProductCodes);
        let output = self.call("ec2:DescribeVolumeAttribute", || request.send()).await?;
        let attribute = VolumeAttribute {
            product_codes: output.product_codes.map(|v| exact(v, Into::into)),
            volume_id: output.volume_id,
        };
        Ok((volume_id, attribute))
    }

    pub async fn snapshots(&self, ec2: &Client) -> Result<Vec<m::Snapshot>, AwsFailure> {
        self.all_pages(
            "ec2:DescribeSnapshots",
            ec2.describe_snapshots().owner_ids("self").max_results(1000).into_paginator().send(),
            |page| page.snapshots,
        )
        .await
    }

    pub async fn addresses(&self, ec2: &Client) -> Result<Vec<m::Address>, AwsFailure> {
        let output = self.call("ec2:DescribeAddresses", || ec2.describe_addresses().send()).await?;
        Ok(exact(output.addresses.unwrap_or_default(), Into::into))
    }

    /// The network interfaces the addresses sit on (instances', detached ones, NAT gateways' and
    /// load balancers'): their association names the address's public DNS name.
    pub async fn address_interfaces(
        &self,
        ec2: &Client,
        addresses: &[m::Address],
    ) -> Result<Vec<m::NetworkInterface>, AwsFailure> {
        let ids: Vec<String> =
            addresses.iter().filter_map(|a| a.network_interface_id.clone()).filter(|id| !id.is_empty()).collect();
        let mut interfaces = Vec::new();
        for chunk in ids.chunks(200) {
            let request = ec2.describe_network_interfaces().set_network_interface_ids(Some(chunk.to_vec()));
            let output = self.call("ec2:DescribeNetworkInterfaces", || request.send()).await?;
            interfaces.extend(output.network_interfaces.unwrap_or_default().into_iter().map(Into::into));
        }
        Ok(interfaces)
    }

    pub async fn nat_gateways(&self, ec2: &Client) -> Result<Vec<m::NatGateway>, AwsFailure> {
        self.all_pages(
            "ec2:DescribeNatGateways",
            ec2.describe_nat_gateways().max_results(1000).into_paginator().send(),
            |page| page.nat_gateways,
        )
        .await
    }

    pub async fn security_group_rules(&self, ec2: &Client) -> Result<Vec<m::SecurityGroupRule>, AwsFailure> {
        let request = ec2.describe_security_group_rules().max_results(1000);
        self.all_pages("ec2:DescribeSecurityGroupRules", request.into_paginator().send(), |page| {
            page.security_group_rules
        })
        .await
    }

    pub async fn owned_images(&self, ec2: &Client) -> Result<Vec<m::Image>, AwsFailure> {
        let request = ec2.describe_images().owners("self").include_deprecated(true).include_disabled(true);
        self.all_pages("ec2:DescribeImages", request.into_paginator().send(), |page| page.images).await
    }

    /// DescribeImageAttribute(launchPermission) of each of the account's AMIs: who may launch it.
    pub async fn launch_permissions(&self, ec2: &Client, images: &[m::Image]) -> Answers<Vec<m::LaunchPermission>> {
        let ids: Vec<String> = images.iter().filter_map(|i| i.image_id.clone()).collect();
        self.per_item(ids, |id| async move {
            let request =
                ec2.describe_image_attribute().image_id(&id).attribute(sdk::ImageAttributeName::LaunchPermission);
            let output = self.call("ec2:DescribeImageAttribute", || request.send()).await?;
            let permissions = exact(output.launch_permissions.unwrap_or_default(), Into::into);
            Ok::<_, AwsFailure>((id, permissions))
        })
        .await
    }

    /// Launch templates, and the first page of each one's versions without a version filter: the
    /// current collector describes a template by the first version listed (its record id names it).
    pub async fn launch_templates(
        &self,
        ec2: &Client,
    ) -> Result<(Vec<m::LaunchTemplate>, Answers<Vec<m::LaunchTemplateVersion>>), AwsFailure> {
        let templates: Vec<m::LaunchTemplate> = self
            .all_pages(
                "ec2:DescribeLaunchTemplates",
                ec2.describe_launch_templates().max_results(200).into_paginator().send(),
                |page| page.launch_templates,
            )
            .await?;
        let ids: Vec<String> = templates.iter().filter_map(|t| t.launch_template_id.clone()).collect();
        let versions = self
            .per_item(ids, |id| async move {
                let request = ec2.describe_launch_template_versions().launch_template_id(&id);
                let output = self.call("ec2:DescribeLaunchTemplateVersions", || request.send()).await?;
                Ok::<_, AwsFailure>((id, exact(output.launch_template_versions.unwrap_or_default(), Into::into)))
            })
            .await;
        Ok((templates, versions))
    }
}

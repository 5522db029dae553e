//! `data.os`: type from the instance platform, distribution from the AMI name, details from
//! Systems Manager when the instance is managed.

use serde::Serialize;

use crate::model::ec2::{Image, Instance};
use crate::model::ssm::InstanceInformation;

#[derive(Debug, Serialize)]
pub struct Os {
    pub os_distro: Option<String>,
    pub os_arch: String,
    pub os_type: String,
    pub details: String,
}

pub fn os(instance: &Instance, image: Option<&Image>, managed: Option<&InstanceInformation>) -> Os {
    let os_type = instance.platform.as_deref().map_or_else(|| "LINUX".to_string(), str::to_uppercase);
    let image_name = image.and_then(|i| i.name.as_deref()).filter(|n| !n.is_empty());
    let os_distro = match image_name {
        None => Some(os_type.to_lowercase()),
        Some(name) => match os_type.as_str() {
            "LINUX" => Some(linux_distro(name).to_string()),
            "WINDOWS" => Some(windows_distro(name)),
            _ => None,
        },
    };
    let os_arch =
        image.and_then(|i| i.architecture.clone()).or_else(|| instance.architecture.clone()).unwrap_or_default();
    Os { os_distro, os_arch, os_type, details: details(instance, managed) }
}

/// SSM's platform name and version when SSM manages the instance, else the EC2 platform details.
fn details(instance: &Instance, managed: Option<&InstanceInformation>) -> String {
    let ssm = managed.and_then(|m| {
        let name = m.platform_name.as_deref().filter(|n| !n.is_empty())?;
        Some(match m.platform_version.as_deref().filter(|v| !v.is_empty()) {
            Some(version) => format!("{name} {version}"),
            None => name.to_string(),
        })
    });
    ssm.or_else(|| instance.platform_details.clone()).unwrap_or_else(|| "Linux/UNIX".to_string())
}

/// First match in the AMI name, case-insensitive.
pub fn linux_distro(image_name: &str) -> &'static str {
    const DISTROS: &[(&str, &str)] = &[
        ("suse", "suse"),
        ("rhel", "redhat"),
        ("red hat", "redhat"),
        ("centos", "centos"),
        ("fedora", "fedora"),
        ("ubuntu", "ubuntu"),
        ("debian", "debian"),
        ("amazon", "amazonlinux"),
        ("amzn", "amazonlinux"),
        ("al2023", "amazonlinux"),
    ];
    let name = image_name.to_lowercase();
    DISTROS.iter().find(|(needle, _)| name.contains(needle)).map_or("linux", |(_, distro)| distro)
}

/// `win<year>[r2]` from a Windows AMI name (`Windows_Server-2012-R2_RTM-...` -> `win2012r2`).
pub fn windows_distro(image_name: &str) -> String {
    const YEARS: &[&str] = &["2008", "2012", "2016", "2019", "2022", "2025"];
    let tokens: Vec<&str> = image_name.split('-').collect();
    match YEARS.iter().find(|year| tokens.contains(year)) {
        Some(year) if tokens.iter().any(|t| t.starts_with("R2")) => format!("win{year}r2"),
        Some(year) => format!("win{year}"),
        None => "windows".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributions_from_ami_names() {
        assert_eq!(linux_distro("amzn-ami-hvm-2017.09.1.20171103-x86_64-gp2"), "amazonlinux");
        assert_eq!(linux_distro("al2023-ami-2023.4.20240416.0-kernel-6.1-x86_64"), "amazonlinux");
        assert_eq!(linux_distro("ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-amd64-server"), "ubuntu");
        assert_eq!(linux_distro("Ubuntu-22.04"), "ubuntu");
        assert_eq!(linux_distro("CentOS-7-x86_64"), "centos");
        assert_eq!(linux_distro("debian-12-amd64"), "debian");
        assert_eq!(linux_distro("RHEL-9.2.0_HVM"), "redhat");
        assert_eq!(linux_distro("my-golden-image"), "linux");
        assert_eq!(windows_distro("Windows_Server-2012-R2_RTM-English-64Bit-Base-2017.10.13"), "win2012r2");
        assert_eq!(windows_distro("Windows_Server-2022-English-Full-Base-2024.05.15"), "win2022");
        assert_eq!(windows_distro("Windows_Server-2019-English-Full-Base"), "win2019");
        assert_eq!(windows_distro("my-windows"), "windows");
    }
}

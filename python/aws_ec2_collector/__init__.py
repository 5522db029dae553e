"""Cloudforet (SpaceONE) AWS EC2 inventory collector. The work is done by the native core
`aws_ec2_collector._core` (Rust); `aws_ec2_collector.routes` adapts it to the plugin server."""
from ._core import (
    AwsError,
    CollectorError,
    CredentialsRejected,
    InvalidArgument,
    RecordStream,
    __version__,
    collect,
    get_tasks,
    plugin_metadata,
    verify,
)

__all__ = [
    "AwsError",
    "CollectorError",
    "CredentialsRejected",
    "InvalidArgument",
    "RecordStream",
    "__version__",
    "collect",
    "get_tasks",
    "plugin_metadata",
    "verify",
]

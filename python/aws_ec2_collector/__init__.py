"""Cloudforet (SpaceONE) AWS EC2 inventory collector. The work is done by the native core
`aws_ec2_collector._core` (Rust); `aws_ec2_collector.routes` adapts it to the plugin server, and
`aws_ec2_collector.errors` holds the exceptions it raises."""
from ._core import (
    RecordStream,
    __version__,
    collect,
    get_tasks,
    plugin_metadata,
    verify,
)
from .errors import AwsError, CollectorError, CredentialsRejected, InvalidArgument

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

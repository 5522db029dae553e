"""The exceptions of the collector, with their details as typed attributes.

The native core raises them (src/bindings/errors.rs builds each with its constructor's arguments);
Python code catches them from here. Each constructor takes the message first (what `str(e)` is),
then the attributes, positionally or by keyword: `InvalidArgument(message, field, reason)`,
`AwsError(message, operation, region, code)`.
"""


class CollectorError(Exception):
    """Base class of every error the native core raises; on its own, a bug of the core (a caught
    panic, a broken invariant): "internal error: ..."."""


class InvalidArgument(CollectorError):
    """A bad input. `field` is its dotted name ("secret_data.aws_access_key_id"), `reason` what is
    wrong with it; the message is "invalid {field}: {reason}"."""

    def __init__(self, message: str, field: str, reason: str) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason


class AwsError(CollectorError):
    """An AWS call failed after its retries: `operation` ("ec2:DescribeInstances"), the `region`
    it went to and AWS's error `code` (or the cause's: "Timeout", ...), when known. The message
    never contains a secret."""

    def __init__(self, message: str, operation: str, region: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.operation = operation
        self.region = region
        self.code = code


class CredentialsRejected(AwsError):
    """AWS refused the credentials of secret_data (or the role), not one action."""

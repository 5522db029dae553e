"""Bad input through the real plugin server, over gRPC: missing, empty, wrongly typed and oversized
secret_data, options, task_options and filters, malformed role ARNs and external ids, unknown and
duplicate regions. Each must come back as INVALID_ARGUMENT naming the field (the `key = ...` of
the spaceone error), short, without a traceback or a secret, and must not reach AWS.

The plugin server of this module has every AWS endpoint pointed at `recording_aws` (conftest),
which records each request it gets: a bad request must leave it empty. Two positive controls show
that a valid request does arrive there, so the matrix can fail. Requests the gRPC layer refuses
before the plugin sees them (over the message limit, nested deeper than protobuf decodes) are
shown to leave the server serving. Unknown regions need AWS's list of regions, so they are asked
of the moto-backed session server.
"""
import re
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import grpc
import pytest
from spaceone.api.inventory.plugin import collector_pb2, job_pb2

from demo.grpc_client import PluginClient, struct, to_dict
from demo.servers import PluginServer

TIMEOUT = 60
ABSENT = object()  # the request field is not set at all
DROP = object()  # secret(...) removes the key

SECRET = {"aws_access_key_id": "AKIABADINPUT00000001",
          "aws_secret_access_key": "bad/input+secret=value/0000000000000000"}
ROLE = "arn:aws:iam::123456789012:role/reader"
OPTIONS = {"region_filter": ["us-east-1"]}
US = {"resource_type": "inventory.CloudService", "service": "EC2", "region": "us-east-1"}
SECRET_KEYS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token", "external_id")
BIG = 10_000  # characters: above every field's limit, far below gRPC's message limit
RPCS = ("verify", "get_tasks", "collect")


def changed(base, changes):
    """`base` with `changes` (a DROP value removes the key)."""
    out = dict(base)
    for key, value in changes.items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def secret(**changes):
    return changed(SECRET, changes)


def options(**changes):
    return dict(OPTIONS, **changes)


Case = namedtuple("Case", "id field secret_data options task_options rpcs")


def case(id, field, secret_data=SECRET, options=OPTIONS, task_options=US, rpcs=RPCS):
    return Case(id, field, secret_data, options, task_options, rpcs)


def task(**changes):
    return changed(US, changes)


def region_task(regions):
    return {"resource_type": "inventory.Region", "regions": regions}


AK, SK, ST = "secret_data.aws_access_key_id", "secret_data.aws_secret_access_key", "secret_data.aws_session_token"
RA, EI = "secret_data.role_arn", "secret_data.external_id"
RF, CST, IDS = "options.region_filter", "options.cloud_service_types", "options.instance_ids"
SF, VP = "options.service_filter", "options.vulnerable_ports"
CT, RT = "options.call_timeout_seconds", "options.region_timeout_seconds"

CASES = [
    # secret_data: missing, empty, wrongly typed, oversized
    case("secret_data-absent", "secret_data", secret_data=ABSENT),
    case("secret_data-empty", AK, secret_data={}),
    case("access_key-missing", AK, secret_data=secret(aws_access_key_id=DROP)),
    case("secret_key-missing", SK, secret_data=secret(aws_secret_access_key=DROP)),
    case("access_key-empty", AK, secret_data=secret(aws_access_key_id="")),
    case("access_key-blank", AK, secret_data=secret(aws_access_key_id="   ")),
    case("access_key-null", AK, secret_data=secret(aws_access_key_id=None)),
    case("access_key-number", AK, secret_data=secret(aws_access_key_id=5)),
    case("access_key-bool", AK, secret_data=secret(aws_access_key_id=True)),
    case("access_key-list", AK, secret_data=secret(aws_access_key_id=[SECRET["aws_access_key_id"]])),
    case("access_key-object", AK, secret_data=secret(aws_access_key_id={"id": SECRET["aws_access_key_id"]})),
    case("access_key-trailing-newline", AK, secret_data=secret(aws_access_key_id=SECRET["aws_access_key_id"] + "\n")),
    case("access_key-leading-space", AK, secret_data=secret(aws_access_key_id=" " + SECRET["aws_access_key_id"])),
    case("access_key-oversized", AK, secret_data=secret(aws_access_key_id="A" * 129)),
    case("access_key-huge", AK, secret_data=secret(aws_access_key_id="A" * 1_000_000)),
    case("secret_key-empty", SK, secret_data=secret(aws_secret_access_key="")),
    case("secret_key-number", SK, secret_data=secret(aws_secret_access_key=12345678)),
    case("secret_key-list", SK, secret_data=secret(aws_secret_access_key=["s"])),
    case("secret_key-oversized", SK, secret_data=secret(aws_secret_access_key="s" * 257)),
    case("session_token-number", ST, secret_data=secret(aws_session_token=1)),
    case("session_token-object", ST, secret_data=secret(aws_session_token={"t": "x"})),
    case("session_token-oversized", ST, secret_data=secret(aws_session_token="t" * 8193)),
    # characters an HTTP header cannot carry (a control character made the SDK panic), non-ASCII,
    # only whitespace: named, before any request is built
    case("access_key-control-char", AK, secret_data=secret(aws_access_key_id="AKIABADINPUT\x0100001")),
    case("access_key-nul", AK, secret_data=secret(aws_access_key_id="AKIABADINPUT\x0000001")),
    case("access_key-newline-inside", AK, secret_data=secret(aws_access_key_id="AKIABADINPUT\r\n00001")),
    case("access_key-non-ascii", AK, secret_data=secret(aws_access_key_id="AKIABADINPUTÉ00001")),
    case("access_key-space-inside", AK, secret_data=secret(aws_access_key_id="AKIABAD INPUT00001")),
    case("secret_key-control-char", SK, secret_data=secret(aws_secret_access_key="bad/input+\x1bsecret=value/000")),
    case("secret_key-del", SK, secret_data=secret(aws_secret_access_key="bad/input+\x7fsecret=value/000")),
    case("secret_key-non-ascii", SK, secret_data=secret(aws_secret_access_key="bad/input+sécret=value/000")),
    case("secret_key-blank", SK, secret_data=secret(aws_secret_access_key=" \t ")),
    case("session_token-control-char", ST, secret_data=secret(aws_session_token="FwoGZXIvYXdz\x01token0000")),
    case("session_token-newline-inside", ST, secret_data=secret(aws_session_token="FwoGZXIvYXdz\ntoken0000")),
    case("session_token-non-ascii", ST, secret_data=secret(aws_session_token="FwoGZXIvYXdz€token0000")),
    case("session_token-blank", ST, secret_data=secret(aws_session_token="   ")),
    # malformed role ARNs and external ids
    case("role_arn-number", RA, secret_data=secret(role_arn=5)),
    case("role_arn-list", RA, secret_data=secret(role_arn=[ROLE])),
    case("role_arn-not-an-arn", RA, secret_data=secret(role_arn="reader")),
    case("role_arn-short-account", RA, secret_data=secret(role_arn="arn:aws:iam::12345678901:role/reader")),
    case("role_arn-long-account", RA, secret_data=secret(role_arn="arn:aws:iam::1234567890123:role/reader")),
    case("role_arn-account-not-digits", RA, secret_data=secret(role_arn="arn:aws:iam::12345678901x:role/reader")),
    case("role_arn-user", RA, secret_data=secret(role_arn="arn:aws:iam::123456789012:user/reader")),
    case("role_arn-no-name", RA, secret_data=secret(role_arn="arn:aws:iam::123456789012:role/")),
    case("role_arn-other-service", RA, secret_data=secret(role_arn="arn:aws:s3:::reader")),
    case("role_arn-with-region", RA, secret_data=secret(role_arn="arn:aws:iam:us-east-1:123456789012:role/reader")),
    case("role_arn-assumed-role", RA,
         secret_data=secret(role_arn="arn:aws:sts::123456789012:assumed-role/reader/session")),
    case("role_arn-space-in-name", RA, secret_data=secret(role_arn="arn:aws:iam::123456789012:role/read er")),
    case("role_arn-newline-in-name", RA, secret_data=secret(role_arn="arn:aws:iam::123456789012:role/read\ner")),
    case("role_arn-name-over-64", RA, secret_data=secret(role_arn="arn:aws:iam::123456789012:role/" + "r" * 65)),
    case("role_arn-oversized", RA, secret_data=secret(role_arn="arn:aws:iam::123456789012:role/" + "r" * 2048)),
    case("external_id-without-role_arn", EI, secret_data=secret(external_id="bad-input-external-id")),
    case("external_id-number", EI, secret_data=secret(role_arn=ROLE, external_id=42)),
    case("external_id-list", EI, secret_data=secret(role_arn=ROLE, external_id=["bad-input-external-id"])),
    case("external_id-one-character", EI, secret_data=secret(role_arn=ROLE, external_id="x")),
    case("external_id-space", EI, secret_data=secret(role_arn=ROLE, external_id="bad input external id")),
    case("external_id-oversized", EI, secret_data=secret(role_arn=ROLE, external_id="e" * 1225)),
    # options
    case("options-absent", "options", options=ABSENT),
    case("region_filter-number", RF, options=options(region_filter=42)),
    case("region_filter-string", RF, options=options(region_filter="us-east-1")),
    case("region_filter-object", RF, options=options(region_filter={"us-east-1": True})),
    case("region_filter-bool", RF, options=options(region_filter=True)),
    case("region_filter-item-number", RF + "[0]", options=options(region_filter=[1])),
    case("region_filter-item-null", RF + "[0]", options=options(region_filter=[None])),
    case("region_filter-item-list", RF + "[0]", options=options(region_filter=[["us-east-1"]])),
    case("region_filter-item-empty", RF + "[0]", options=options(region_filter=[""])),
    case("region_filter-not-a-region", RF + "[0]", options=options(region_filter=["mars"])),
    case("region_filter-upper-case", RF + "[0]", options=options(region_filter=["US-EAST-1"])),
    case("region_filter-underscores", RF + "[0]", options=options(region_filter=["us_east_1"])),
    case("region_filter-trailing-space", RF + "[0]", options=options(region_filter=["us-east-1 "])),
    case("region_filter-second-bad", RF + "[1]", options=options(region_filter=["us-east-1", "bogus"])),
    case("region_filter-item-oversized", RF + "[0]", options=options(region_filter=["r" * BIG])),
    case("region_filter-too-many", RF, options=options(region_filter=["us-east-1"] * 1001)),
    case("service_filter-string", SF, options=options(service_filter="EC2")),
    case("service_filter-unknown", SF + "[0]", options=options(service_filter=["S3"])),
    case("service_filter-lower-case", SF + "[1]", options=options(service_filter=["EC2", "ec2"])),
    case("service_filter-item-number", SF + "[0]", options=options(service_filter=[2])),
    case("service_filter-item-oversized", SF + "[0]", options=options(service_filter=["S" * BIG])),
    case("cloud_service_types-string", CST, options=options(cloud_service_types="Instance")),
    case("cloud_service_types-unknown", CST + "[0]", options=options(cloud_service_types=["EBS"])),
    case("cloud_service_types-item-null", CST + "[0]", options=options(cloud_service_types=[None])),
    case("cloud_service_types-second-number", CST + "[1]", options=options(cloud_service_types=["Instance", 5])),
    case("cloud_service_types-item-oversized", CST + "[0]", options=options(cloud_service_types=["T" * BIG])),
    case("cloud_service_types-too-many", CST, options=options(cloud_service_types=["Instance"] * 1001)),
    case("instance_ids-string", IDS, options=options(instance_ids="i-0abc")),
    case("instance_ids-volume-id", IDS + "[0]", options=options(instance_ids=["vol-0abc"])),
    case("instance_ids-prefix-only", IDS + "[0]", options=options(instance_ids=["i-"])),
    case("instance_ids-not-hex", IDS + "[0]", options=options(instance_ids=["i-xyz"])),
    case("instance_ids-item-number", IDS + "[0]", options=options(instance_ids=[7])),
    case("instance_ids-item-oversized", IDS + "[0]", options=options(instance_ids=["i-" + "0" * BIG])),
    case("instance_ids-too-many", IDS, options=options(instance_ids=["i-0abc"] * 1001)),
    case("vulnerable_ports-list", VP, options=options(vulnerable_ports=[22])),
    case("vulnerable_ports-number", VP, options=options(vulnerable_ports=22)),
    # any whole number is a port here, as for the current collector (-1 or 99999 just match no rule)
    case("vulnerable_ports-empty-piece", VP, options=options(vulnerable_ports="22,")),
    case("vulnerable_ports-not-a-number", VP, options=options(vulnerable_ports="22,ssh")),
    case("vulnerable_ports-blank-piece", VP, options=options(vulnerable_ports="22, ,80")),
    case("vulnerable_ports-oversized", VP, options=options(vulnerable_ports="1" * BIG)),
    case("call_timeout-string", CT, options=options(call_timeout_seconds="30")),
    case("call_timeout-zero", CT, options=options(call_timeout_seconds=0)),
    case("call_timeout-negative", CT, options=options(call_timeout_seconds=-1)),
    case("call_timeout-over-max", CT, options=options(call_timeout_seconds=601)),
    case("call_timeout-bool", CT, options=options(call_timeout_seconds=True)),
    case("call_timeout-list", CT, options=options(call_timeout_seconds=[30])),
    case("call_timeout-oversized", CT, options=options(call_timeout_seconds="9" * BIG)),
    # numbers at their extremes (a Struct carries doubles: NaN and infinities too)
    case("call_timeout-tiny", CT, options=options(call_timeout_seconds=1e-300)),
    case("call_timeout-below-min", CT, options=options(call_timeout_seconds=0.01)),
    case("call_timeout-huge", CT, options=options(call_timeout_seconds=1e308)),
    case("call_timeout-huge-int", CT, options=options(call_timeout_seconds=10 ** 30)),
    case("call_timeout-negative-zero", CT, options=options(call_timeout_seconds=-0.0)),
    case("call_timeout-nan", CT, options=options(call_timeout_seconds=float("nan"))),
    case("call_timeout-infinity", CT, options=options(call_timeout_seconds=float("inf"))),
    case("call_timeout-nan-string", CT, options=options(call_timeout_seconds="NaN")),
    case("call_timeout-infinity-string", CT, options=options(call_timeout_seconds="Infinity")),
    case("region_timeout-nan", RT, options=options(region_timeout_seconds=float("nan"))),
    case("region_timeout-minus-infinity", RT, options=options(region_timeout_seconds=float("-inf"))),
    case("region_timeout-tiny", RT, options=options(region_timeout_seconds=5e-324)),
    case("region_timeout-string", RT, options=options(region_timeout_seconds="1h")),
    case("region_timeout-zero", RT, options=options(region_timeout_seconds=0)),
    case("region_timeout-over-max", RT, options=options(region_timeout_seconds=86401)),
    case("region_timeout-object", RT, options=options(region_timeout_seconds={"seconds": 60})),
    case("api_bucket_share-zero", "options.api_bucket_share", options=options(api_bucket_share=0)),
    case("api_bucket_share-over-one", "options.api_bucket_share", options=options(api_bucket_share=1.5)),
    case("api_bucket_share-string", "options.api_bucket_share", options=options(api_bucket_share="half")),
    case("api_bucket_share-nan", "options.api_bucket_share", options=options(api_bucket_share=float("nan"))),
    # task_options (collect only)
    case("resource_type-missing", "task_options.resource_type", task_options=task(resource_type=DROP),
         rpcs=("collect",)),
    case("resource_type-unknown", "task_options.resource_type",
         task_options=task(resource_type="inventory.Namespace"), rpcs=("collect",)),
    case("resource_type-number", "task_options.resource_type", task_options=task(resource_type=3),
         rpcs=("collect",)),
    case("resource_type-list", "task_options.resource_type",
         task_options=task(resource_type=["inventory.CloudService"]), rpcs=("collect",)),
    case("region-missing", "task_options.region", task_options=task(region=DROP), rpcs=("collect",)),
    case("region-empty", "task_options.region", task_options=task(region=""), rpcs=("collect",)),
    case("region-number", "task_options.region", task_options=task(region=1), rpcs=("collect",)),
    case("region-list", "task_options.region", task_options=task(region=["us-east-1"]), rpcs=("collect",)),
    case("region-not-a-region", "task_options.region", task_options=task(region="moon-base"), rpcs=("collect",)),
    case("region-oversized", "task_options.region", task_options=task(region="r" * BIG), rpcs=("collect",)),
    case("service-unknown", "task_options.service", task_options=task(service="S3"), rpcs=("collect",)),
    case("service-number", "task_options.service", task_options=task(service=2), rpcs=("collect",)),
    case("service-oversized", "task_options.service", task_options=task(service="S" * BIG), rpcs=("collect",)),
    case("regions-missing", "task_options.regions", task_options={"resource_type": "inventory.Region"},
         rpcs=("collect",)),
    case("regions-string", "task_options.regions", task_options=region_task("us-east-1"), rpcs=("collect",)),
    case("regions-item-number", "task_options.regions[0]", task_options=region_task([1]), rpcs=("collect",)),
    case("regions-second-bad", "task_options.regions[1]", task_options=region_task(["us-east-1", "x"]),
         rpcs=("collect",)),
    case("regions-too-many", "task_options.regions", task_options=region_task(["us-east-1"] * 1001),
         rpcs=("collect",)),
]


@pytest.fixture(scope="module")
def recording(recording_aws, log_dir):
    """A plugin server whose every AWS call goes to `recording_aws`, and a client of it."""
    with PluginServer(log_dir / "bad-input", recording_aws.endpoint) as server:
        with PluginClient(server.target, timeout=TIMEOUT) as client:
            client.wait_ready()
            yield client


def call(client, rpc, secret_data=SECRET, options=OPTIONS, task_options=None, timeout=TIMEOUT):
    """One RPC with the request built field by field (ABSENT leaves a field unset)."""
    fields = {}
    if options is not ABSENT:
        fields["options"] = struct(options)
    if secret_data is not ABSENT and rpc != "init":
        fields["secret_data"] = struct(secret_data)
    if rpc == "init":
        return client.collector.init(collector_pb2.InitRequest(**fields), timeout=timeout)
    if rpc == "verify":
        return client.collector.verify(collector_pb2.VerifyRequest(**fields), timeout=timeout)
    if rpc == "get_tasks":
        return client.job.get_tasks(job_pb2.GetTaskRequest(**fields), timeout=timeout)
    if task_options is not None:
        fields["task_options"] = struct(task_options)
    return list(client.collector.collect(collector_pb2.CollectRequest(**fields), timeout=timeout))


def rpc_error(fn, recorder=None):
    """The status code and message of a call that must fail; if it succeeds instead, the test
    fails showing what came back and what reached AWS."""
    try:
        result = fn()
    except grpc.RpcError as e:
        return e.code(), e.details() or ""
    reached = f"; AWS got {recorder.actions()}" if recorder else ""
    pytest.fail(f"accepted: returned {' '.join(str(result).split())[:300]}{reached}")


def key_of(details):
    """The field a spaceone error names: `(key = FIELD, ...)` or `(key = FIELD)`."""
    found = re.search(r"\(key = ([^,)]*)", details)
    return found and found[1]


def secret_values(secret_data):
    if not isinstance(secret_data, dict):
        return []
    return [v for k, v in secret_data.items() if k in SECRET_KEYS and isinstance(v, str) and len(v.strip()) >= 4]


def assert_refused(code, details, field, secret_data=SECRET, recorder=None):
    reached = f"; AWS got {recorder.actions()}" if recorder else ""
    assert code == grpc.StatusCode.INVALID_ARGUMENT, f"{code.name}: {details[:300]}{reached}"
    assert key_of(details) == field, details[:300]
    assert details.startswith("ERROR_"), details[:300]
    assert "Traceback" not in details and "panicked" not in details
    assert len(details) <= 2000, f"{len(details)} characters: {details[:300]}"
    leaked = [v[:12] for v in secret_values(secret_data) if v in details]
    assert not leaked, f"secret values in the error: {leaked}"


@pytest.mark.parametrize("rpc, case", [(rpc, c) for c in CASES for rpc in c.rpcs],
                         ids=[f"{rpc}-{c.id}" for c in CASES for rpc in c.rpcs])
def test_bad_input_is_named_and_never_reaches_aws(recording, recording_aws, rpc, case):
    recording_aws.clear()
    code, details = rpc_error(lambda: call(recording, rpc, case.secret_data, case.options, case.task_options),
                              recording_aws)
    assert_refused(code, details, case.field, case.secret_data, recording_aws)
    assert recording_aws.actions() == [], "a refused request reached AWS"


def test_init_without_options_is_named(recording, recording_aws):
    recording_aws.clear()
    code, details = rpc_error(lambda: call(recording, "init", options=ABSENT))
    assert_refused(code, details, "options")
    assert recording_aws.actions() == []


def test_a_valid_verify_does_reach_the_recorder(recording, recording_aws):
    """Positive control of the matrix above: the same server, a well-formed request, and the
    recorder sees it (and its refusal comes back as rejected credentials)."""
    recording_aws.clear()
    code, details = rpc_error(lambda: call(recording, "verify"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert details.startswith("ERROR_AWS_CREDENTIALS:") and "InvalidClientTokenId" in details
    assert recording_aws.actions() == ["GetCallerIdentity"]  # the credentials first, then the regions
    assert SECRET["aws_access_key_id"] in recording_aws.requests[0]["headers"]["authorization"]
    assert SECRET["aws_secret_access_key"] not in details


def test_a_valid_collect_does_reach_the_recorder(recording, recording_aws):
    recording_aws.clear()
    responses = [r for r in recording.collect(OPTIONS, SECRET, US)]
    assert responses and {r["state"] for r in responses} == {"FAILURE"}
    # the region check and the account lookup go beside the region's lists (none needs another's
    # answer); refused credentials stop the collect there: no call twice, none that needs a list
    actions = recording_aws.actions()
    assert {"DescribeRegions", "GetCallerIdentity"} <= set(actions) and len(actions) == len(set(actions)), actions
    assert not set(actions) & {"DescribeInstanceAttribute", "DescribeVolumeAttribute", "DescribeInstanceTypes",
                               "DescribeListeners", "DescribeTargetHealth", "DescribeLifecycleHooks"}, actions
    assert len([r for r in responses if r["state"] == "FAILURE"]) == 1, responses
    assert all(SECRET["aws_secret_access_key"] not in str(r) for r in responses)


def test_duplicate_regions_are_planned_and_collected_once(client, secret, recording, recording_aws):
    """A region listed twice is not an error (docs/compatibility.md: collected once, see
    test_types.py::test_a_region_listed_twice_is_collected_once): get_tasks plans it once (after
    checking the regions exist, against moto), and a Region task lists it once without AWS."""
    recording_aws.clear()
    regions = ["us-east-1", "ap-northeast-2", "us-east-1", "ap-northeast-2"]
    tasks = [t["task_options"] for t in client.get_tasks({"region_filter": regions}, secret)["tasks"]]
    assert [t["region"] for t in tasks if t["resource_type"] == "inventory.CloudService"] == regions[:2]
    assert [t["regions"] for t in tasks if t["resource_type"] == "inventory.Region"] == [regions[:2]]
    responses = list(recording.collect(OPTIONS, SECRET, region_task(regions)))
    assert [r["resource"]["region_code"] for r in responses] == regions[:2]
    assert recording_aws.actions() == []


def test_an_empty_cloud_service_types_list_means_every_type(recording, recording_aws):
    """The options schema says of cloud_service_types "empty: all of them" (as instance_ids and
    region_filter do): an emptied list in the console must not collect nothing."""
    recording_aws.clear()
    kinds = {"resource_type": "inventory.CloudServiceType", "services": ["EC2"]}
    every = list(recording.collect(OPTIONS, SECRET, kinds))
    assert len(every) == 8
    emptied = list(recording.collect(options(cloud_service_types=[]), SECRET, kinds))
    assert [r["resource"]["name"] for r in emptied] == [r["resource"]["name"] for r in every]
    assert recording_aws.actions() == []


def test_a_request_over_the_grpc_message_limit_is_refused_and_the_server_keeps_serving(recording, recording_aws):
    """Over 4 MB, gRPC itself refuses the request before the plugin sees it."""
    recording_aws.clear()
    code, details = rpc_error(lambda: call(recording, "verify", options=options(padding="p" * 5_000_000)))
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED, details
    assert recording_aws.actions() == []
    assert call(recording, "init")  # still serving


def _varint(n):
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def _field(number, payload):
    """A length-delimited protobuf field."""
    return bytes([(number << 3) | 2]) + _varint(len(payload)) + payload


def _nested_options(depth):
    """The serialized Struct {"x": [[[...]]], "region_filter": ["us-east-1"]}, "x" nested `depth`
    lists deep, written by hand: the Python protobuf client cannot build one that deep."""
    value = _field(6, b"")  # Value{list_value: []}
    for _ in range(depth):
        value = _field(6, _field(1, value))  # Value{list_value: ListValue{values: [value]}}
    nested = _field(1, _field(1, b"x") + _field(2, value))  # Struct.fields["x"]
    return nested + struct(OPTIONS).SerializeToString()  # concatenated Structs merge


@pytest.mark.parametrize("depth", [90, 5000])
def test_deeply_nested_options_never_crash_the_server(recording, recording_aws, depth):
    """Nesting the native core would follow recursively: protobuf decodes about a hundred levels
    and refuses deeper requests itself (INTERNAL, "Exception deserializing request!"); what it
    decodes reaches the core, which refuses more than 64 levels naming the field. Either way the
    server keeps serving and nothing reaches AWS."""
    recording_aws.clear()
    get_tasks = recording.channel.unary_unary("/spaceone.api.inventory.plugin.Job/get_tasks",
                                              request_serializer=lambda b: b, response_deserializer=lambda b: b)
    request = job_pb2.GetTaskRequest(secret_data=struct(SECRET)).SerializeToString()
    request += _field(job_pb2.GetTaskRequest.DESCRIPTOR.fields_by_name["options"].number, _nested_options(depth))
    with pytest.raises(grpc.RpcError) as refused:
        get_tasks(request, timeout=TIMEOUT)
    if depth > 100:  # protobuf's own limit
        assert refused.value.code() == grpc.StatusCode.INTERNAL, refused.value.details()
    else:  # the core's: deeper than 64 levels
        assert_refused(refused.value.code(), refused.value.details(), "options")
    assert recording_aws.actions() == []
    assert call(recording, "init")  # still serving


UNKNOWN_REGIONS = ["us-east-9", "xx-nowhere-1"]
REFUSAL_TIMEOUT = 15  # a refusal needs at most one cheap AWS call (the account's regions)


@pytest.mark.parametrize("region", UNKNOWN_REGIONS)
@pytest.mark.parametrize("rpc", ("verify", "get_tasks"))
def test_an_unknown_region_is_refused(client, secret, rpc, region):
    """Well-formed codes of regions AWS does not have (DescribeRegions with AllRegions does not
    list them): refused as INVALID_ARGUMENT naming the field, not planned as a task."""
    opts = {"region_filter": ["us-east-1", region]}
    code, details = rpc_error(lambda: call(client, rpc, secret, opts, US, timeout=REFUSAL_TIMEOUT))
    assert_refused(code, details, RF + "[1]", secret)


def assert_collect_refused(responses, field, region):
    """A collect streams, so it refuses with its one FAILURE naming the field, and no record."""
    responses = [to_dict(r) for r in responses]
    failures = [r for r in responses if r["state"] == "FAILURE"]
    assert len(failures) == 1 and not any(r["resource_type"] == "inventory.CloudService" for r in responses), responses
    assert failures[0]["message"].startswith(f"invalid {field}: \"{region}\" is not an AWS region"), failures[0]["message"]


@pytest.mark.parametrize("region", UNKNOWN_REGIONS)
def test_a_collect_of_an_unknown_region_is_refused(client, secret, region):
    responses = call(client, "collect", secret, {"region_filter": ["us-east-1", region]}, timeout=REFUSAL_TIMEOUT)
    assert_collect_refused(responses, RF + "[1]", region)


@pytest.mark.parametrize("region", UNKNOWN_REGIONS)
def test_an_unknown_region_task_is_refused(client, secret, region):
    # without a region filter (a task outside one is refused before any call, test_hostile.py)
    responses = call(client, "collect", secret, {}, task(region=region), timeout=REFUSAL_TIMEOUT)
    assert_collect_refused(responses, "task_options.region", region)


def test_a_deeply_nested_secret_file_is_a_clear_error(tmp_path, recording_aws):
    """`ec2-collector --secret-file` with JSON nested deeper than Python's json module follows:
    exit 2 with a message naming the file, not a traceback; nothing reaches AWS."""
    from demo.servers import aws_env, venv_bin

    deep = tmp_path / "deep.json"
    deep.write_text('{"aws_access_key_id": ' + "[" * 5000 + "]" * 5000 + "}")
    script = venv_bin("ec2-collector")
    command = [script] if Path(script).exists() else [sys.executable, "-m", "aws_ec2_collector.cli"]
    recording_aws.clear()
    proc = subprocess.run(command + ["collect", "--region", "us-east-1", "--secret-file", str(deep)],
                          env=aws_env(recording_aws.endpoint), cwd=tmp_path, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr[-600:]
    assert proc.returncode == 2 and f"error: --secret-file {deep}:" in proc.stderr, proc.stderr[-600:]
    assert recording_aws.actions() == []

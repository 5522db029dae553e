"""The fake AWS's fault injection (bench/fake_aws.py, /__bench/faults) seen through boto3: each
kind answers as the services do (codes, HTTP statuses, error layouts) or breaks the connection as
it says, rules match by service, action and region, `after` and `count` pick the calls, bad rules
are refused naming the field, and a held request frees its connection when the client gives up.
tests/e2e/test_aws_faults.py runs the collector against these faults."""
import json
import socket
import time
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError
from botocore.parsers import ResponseParserError

from demo.servers import FakeAwsServer

REGION, OTHER = "us-east-1", "ap-northeast-2"
FIRST = [{"kind": "access_denied", "service": "sts"}]  # set at start by --faults


class Fake(FakeAwsServer):
    """The fake with two small regions and FIRST set at its start; `rules` answers refusals too."""

    def __init__(self, log_dir):
        super().__init__(log_dir, regions={REGION: 3, OTHER: 3}, faults=FIRST)

    def rules(self, method, body=None, path="faults"):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(f"{self.endpoint}/__bench/{path}", data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return json.load(r)
        except urllib.error.HTTPError as e:
            return {"status": e.code, **json.load(e)}


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    with Fake(tmp_path_factory.mktemp("fake-faults")) as server:
        yield server


@pytest.fixture
def inject(fake):
    def set_rules(*rules):
        answer = fake.rules("POST", list(rules))
        assert "status" not in answer, answer
        return answer
    yield set_rules
    fake.rules("DELETE")


def client(fake, service, region=REGION, read_timeout=5):
    return boto3.client(service, endpoint_url=fake.endpoint, region_name=region, aws_access_key_id="AKIATEST",
                        aws_secret_access_key="test",
                        config=Config(retries={"mode": "standard", "total_max_attempts": 1}, read_timeout=read_timeout,
                                      connect_timeout=2))


CALLS = {"ec2": lambda c: c.describe_vpcs(), "autoscaling": lambda c: c.describe_auto_scaling_groups(),
         "elbv2": lambda c: c.describe_load_balancers(), "ssm": lambda c: c.describe_instance_information(),
         "sts": lambda c: c.get_caller_identity()}
SIGNING = {"elbv2": "elasticloadbalancing"}


def error_of(fake, service, region=REGION):
    with pytest.raises(ClientError) as e:
        CALLS[service](client(fake, service, region))
    response = e.value.response
    metadata = response["ResponseMetadata"]
    return response["Error"], metadata["HTTPStatusCode"], metadata["HTTPHeaders"]


def test_the_first_rules_come_from_the_command_line(fake):
    assert [(r["kind"], r["service"]) for r in fake.rules("GET")["rules"]] == [("access_denied", "sts")]
    code, status = error_of(fake, "sts")[0]["Code"], error_of(fake, "sts")[1]
    assert (code, status) == ("AccessDenied", 403)
    fake.rules("DELETE")
    assert CALLS["sts"](client(fake, "sts"))["Account"] == "123456789012"


@pytest.mark.parametrize("kind, service, code, status", [
    ("http500", "ec2", "InternalError", 500),
    ("http500", "autoscaling", "InternalFailure", 500),
    ("http500", "ssm", "InternalServerError", 500),
    ("http503", "ec2", "Unavailable", 503),
    ("http503", "elbv2", "ServiceUnavailable", 503),
    ("throttle", "ec2", "RequestLimitExceeded", 503),
    ("throttle", "elbv2", "Throttling", 400),
    ("throttle", "ssm", "ThrottlingException", 400),
    ("expired", "ec2", "RequestExpired", 400),
    ("expired", "autoscaling", "ExpiredToken", 403),
    ("expired", "ssm", "ExpiredTokenException", 400),
    ("access_denied", "ec2", "UnauthorizedOperation", 403),
    ("access_denied", "elbv2", "AccessDenied", 403),
    ("access_denied", "ssm", "AccessDeniedException", 400),
    ("unreachable_region", "ec2", "AuthFailure", 401),
    ("unreachable_region", "elbv2", "InvalidClientTokenId", 403),
    ("unreachable_region", "ssm", "UnrecognizedClientException", 400),
])
def test_error_kinds_answer_as_the_service_does(fake, inject, kind, service, code, status):
    inject({"kind": kind, "service": SIGNING.get(service, service), "region": REGION, "retry_after_ms": 25})
    error, got_status, headers = error_of(fake, service)
    assert (error["Code"], got_status) == (code, status)
    assert error["Message"] and headers["x-amz-retry-after"] == "25"
    if kind == "access_denied":
        assert f"is not authorized to perform: {SIGNING.get(service, service)}:" in error["Message"]
    if service in ("autoscaling", "elbv2"):  # Query layout: Sender for client errors, Receiver for server ones
        assert error["Type"] == ("Receiver" if status >= 500 else "Sender")


def test_rules_match_service_action_region_after_and_count(fake, inject):
    inject({"kind": "access_denied", "service": "ec2", "action": ["DescribeVpcs"], "region": REGION,
            "after": 1, "count": 2})
    ec2 = client(fake, "ec2")
    outcomes = []
    for _ in range(4):
        try:
            ec2.describe_vpcs()
            outcomes.append("ok")
        except ClientError as e:
            outcomes.append(e.response["Error"]["Code"])
    assert outcomes == ["ok", "UnauthorizedOperation", "UnauthorizedOperation", "ok"]
    ec2.describe_subnets()  # another action
    client(fake, "ec2", OTHER).describe_vpcs()  # another region
    (state,) = fake.rules("GET")["rules"]
    assert (state["seen"], state["hits"]) == (4, 2)


@pytest.mark.parametrize("rules, field", [
    ([{"kind": "meteor"}], "kind"),
    ([{"kind": "reset", "count": 0}], "count"),
    ([{"kind": "reset", "after": -1}], "after"),
    ([{"kind": "reset", "variant": "garbage"}], "variant"),
    ([{"kind": "reset", "service": "s3"}], "service"),
    ([{"kind": "reset", "action": []}], "action"),
    ([{"kind": "unreachable_region"}], "region"),
    ([{"kind": "reset", "when": "now"}], "unknown field"),
    ({"kind": "reset"}, "list"),
])
def test_a_bad_rule_is_refused_naming_the_field(fake, inject, rules, field):
    inject({"kind": "reset", "service": "sts"})
    answer = fake.rules("POST", rules)
    assert answer["status"] == 400 and field in answer["error"]
    assert [r["kind"] for r in fake.rules("GET")["rules"]] == ["reset"], "a refused list left the rules as they were"


def test_resets_close_the_connection_without_a_response(fake, inject):
    inject({"kind": "reset", "service": "ec2", "count": 1}, {"kind": "reset", "variant": "close", "service": "ssm",
                                                              "count": 1})
    with pytest.raises(ConnectionClosedError):
        client(fake, "ec2").describe_vpcs()
    with pytest.raises(ConnectionClosedError):
        client(fake, "ssm").describe_instance_information()
    assert client(fake, "ec2").describe_vpcs()["Vpcs"]


def test_an_unreachable_region_can_reset_every_connection(fake, inject):
    inject({"kind": "unreachable_region", "region": OTHER, "variant": "reset"})
    for service in ("ec2", "ssm", "sts"):
        with pytest.raises(ConnectionClosedError):
            CALLS[service](client(fake, service, OTHER))
    assert client(fake, "ec2").describe_vpcs()["Vpcs"]


def raw(fake, service, action):
    """(status, headers, body) of one signed-looking request, read off the socket as sent."""
    if service == "ssm":  # awsJson1.1
        body, kind = b"{}", f"application/x-amz-json-1.1\r\nX-Amz-Target: AmazonSSM.{action}"
    else:
        body, kind = f"Action={action}&Version=2016-11-15".encode(), "application/x-www-form-urlencoded"
    request = (f"POST / HTTP/1.1\r\nHost: x\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIATEST/20240501/"
               f"{REGION}/{service}/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Type: {kind}\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", fake.port), timeout=5) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, payload = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, payload


def test_bodies_broken_or_cut(fake, inject):
    _, _, whole = raw(fake, "ec2", "DescribeVpcs")
    inject({"kind": "truncated", "service": "ec2", "count": 1})
    status, headers, body = raw(fake, "ec2", "DescribeVpcs")  # the server closes after half the body
    assert status == 200 and int(headers["content-length"]) == len(whole)
    assert len(body) == len(whole) // 2 and body.startswith(b'<?xml version="1.0"')
    inject({"kind": "truncated", "variant": "cut", "service": "ec2", "count": 1},
           {"kind": "malformed", "service": "ec2", "count": 1},
           {"kind": "malformed", "variant": "garbage", "service": "ec2", "count": 1})
    for _ in range(3):
        with pytest.raises(ResponseParserError):
            client(fake, "ec2").describe_vpcs()
    status, _, whole = raw(fake, "ssm", "DescribeInstanceInformation")
    assert status == 200 and json.loads(whole)["InstanceInformationList"]
    inject({"kind": "malformed", "service": "ssm", "count": 1})
    status, _, body = raw(fake, "ssm", "DescribeInstanceInformation")
    assert status == 200 and body.startswith(whole[:len(whole) // 2 - 60])
    with pytest.raises(ValueError):
        json.loads(body)


def test_a_held_request_answers_late_or_never(fake, inject):
    inject({"kind": "timeout", "service": "ec2", "action": "DescribeVpcs", "delay_s": 0.5, "count": 1})
    started = time.monotonic()
    assert client(fake, "ec2").describe_vpcs()["Vpcs"]
    assert time.monotonic() - started >= 0.5
    inject({"kind": "timeout", "service": "ec2", "action": "DescribeVpcs", "count": 1})
    with pytest.raises(ReadTimeoutError):
        client(fake, "ec2", read_timeout=1).describe_vpcs()
    assert client(fake, "ec2").describe_vpcs()["Vpcs"]  # the fake is not stuck on the abandoned one


def test_the_call_log_and_report_count_the_faults(fake, inject):
    before = fake.rules("GET", path="report")["faults"]
    inject({"kind": "http500", "service": "ec2", "action": "DescribeSubnets", "count": 2})
    ec2 = client(fake, "ec2")
    for _ in range(3):
        try:
            ec2.describe_subnets()
        except ClientError:
            pass
    assert fake.rules("GET", path="report")["faults"] - before == 2
    calls = [json.loads(line) for line in (fake.log_dir / "calls.jsonl").read_text().splitlines()]
    assert [(c["action"], c["fault"], c["status"]) for c in calls[-3:]] == [
        ("DescribeSubnets", "http500", 500), ("DescribeSubnets", "http500", 500), ("DescribeSubnets", None, 200)]

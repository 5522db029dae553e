"""Hostile answers: what a proxy, a WAF or a compromised endpoint standing in for AWS sends back,
through the real plugin server over gRPC, against the benchmark's fake AWS (bench/fake_aws.py) with
its fault rules (POST /__bench/faults): error messages and codes that try to forge log lines or drive
a terminal, errors that echo the request (and with it the credentials), malformed region lists,
answers that pause mid-body.

Each test reads the plugin server's log from where it stood before the test.
"""
import json
import re
import time
from urllib.parse import quote, quote_plus

import grpc
import pytest

from demo.servers import FakeAwsServer, serving

US = "us-east-1"
OPTIONS = {"region_filter": [US]}
TASK = {"resource_type": "inventory.CloudService", "service": "EC2", "region": US}
KEYS = {"aws_access_key_id": "AKIAHOSTILE000000001", "aws_secret_access_key": "hostile/secret+key=0123456789abcdefghij"}
ROLE = {"role_arn": "arn:aws:iam::123456789012:role/reader", "external_id": "ext:hostile/id+with=chars@1"}
TOKEN = {"aws_session_token": "FwoGZXIvYXdzEHostile/session+token=0123456789//abc"}
DEADLINE = 60
FORGED = "denied\n1999-01-01 10:00:00,000 INFO routes.py forged line\r\x1b[31mred\x1b[0m\x07\u202eevil\u2028end"


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    with FakeAwsServer(tmp_path_factory.mktemp("hostile-aws"), regions={US: 2}, latency_ms=0,
                       throttle=False) as server:
        yield server


@pytest.fixture(scope="module")
def plugin(fake, tmp_path_factory):
    with serving(tmp_path_factory.mktemp("hostile-plugin"), fake.endpoint, DEADLINE) as running:
        yield running


class Run:
    """Calls through the plugin with fault rules set; what came back and what the server logged."""

    def __init__(self, fake, plugin):
        (self.fake, (self.server, self.client)) = fake, plugin

    def __call__(self, rules, rpc, options=OPTIONS, secret=KEYS, task=None):
        self.fake.inject(rules)
        start = self.server.log_path.stat().st_size
        responses, error = [], None
        try:
            if rpc == "verify":
                responses = [self.client.verify(options, secret)]
            elif rpc == "get_tasks":
                responses = [self.client.get_tasks(options, secret)]
            else:
                responses = list(self.client.collect(options, secret, task))
        except grpc.RpcError as e:
            error = e
        finally:
            self.fake.inject([])
        time.sleep(0.3)  # the server's last lines
        with open(self.server.log_path, "rb") as f:
            f.seek(start)
            log = f.read().decode("utf-8", "replace")
        return responses, error, log


@pytest.fixture
def run(fake, plugin):
    yield Run(fake, plugin)
    fake.inject([])


def failures(responses):
    return [r for r in responses if r.get("state") == "FAILURE"]


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def assert_neutral(text, where, log=False):
    """No control character (a log's own line ends aside) and no line that the forged text began."""
    found = CONTROL.search(text) or (not log and re.search("\n", text))
    assert not found, f"{where}: control character {found[0]!r} in ...{text[max(0, found.start() - 80):found.end() + 40]!r}"
    forged = [line for line in text.splitlines() if line.startswith("1999-01-01") or line.startswith("[31m")]
    assert not forged, f"{where}: forged lines {forged}"


# --- 1. AWS's text never forges a log line ---------------------------------------------------------

HOSTILE_RULES = [
    {"kind": "error", "service": "ec2", "action": "DescribeVolumes", "code": "InvalidRequest", "message": FORGED},
    # a code no AWS service sends: newline, escape, a megabyte
    {"kind": "error", "service": "ec2", "action": "DescribeSnapshots", "code": "Bad\nCode\x1b[2J" + "x" * 5000,
     "message": FORGED},
    # the JSON layout carries any character; SSM's failure is a WARNING line, not a FAILURE
    {"kind": "error", "service": "ssm", "code": "ValidationException", "message": FORGED * 3},
    # the Query layout
    {"kind": "error", "service": "autoscaling", "code": "ValidationError", "message": FORGED},
]


def test_aws_text_never_forges_a_log_line_nor_carries_an_escape(run):
    responses, error, log = run(HOSTILE_RULES, "collect")
    assert error is None, error
    failed = {f["resource"]["operation"]: f for f in failures(responses)}
    assert {"ec2:DescribeVolumes", "ec2:DescribeSnapshots", "autoscaling:DescribeAutoScalingGroups"} <= set(failed)
    for f in failures(responses):
        message = f["message"]
        assert_neutral(message + (f["resource"].get("code") or ""), f"FAILURE {f['resource']['operation']}")
        assert len(message) <= 1500 and len(f["resource"].get("code") or "") <= 150, (len(message), f)
    volumes = failed["ec2:DescribeVolumes"]["message"]
    assert "denied\\n1999-01-01" in volumes and "\\u{1b}[31m" in volumes, volumes  # shown, escaped
    assert "ssm:DescribeInstanceInformation" in log and "forged line" in log, log[-2000:]
    assert_neutral(log, "the plugin server's log", log=True)


@pytest.mark.parametrize("rpc", ["verify", "get_tasks"])
def test_aws_text_in_an_rpc_error_is_neutralised(run, rpc):
    rule = {"kind": "error", "service": "sts", "code": "AccessDenied\r\nX-Forged: 1", "status": 403,
            "message": FORGED}
    _, error, log = run([rule, {**rule, "service": "ec2"}], rpc, options={})
    assert error is not None, "the call succeeded"
    assert "forged line" in error.details(), error.details()
    assert_neutral(error.details(), f"{rpc}'s error")
    assert_neutral(log, "the plugin server's log", log=True)


# --- 2. no secret in any encoding ----------------------------------------------------------------

def encodings(value):
    """The forms a secret can come back in: raw, URL-encoded, JSON- and XML-escaped, its end."""
    forms = {value, quote(value, safe=""), quote(value, safe="").lower(), quote(value), quote_plus(value),
             json.dumps(value)[1:-1], json.dumps(value)[1:-1].replace("/", "\\/"),
             value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), value[-12:]}
    return {f for f in forms if len(f) >= 8}


ECHO = {"kind": "error", "code": "RequestBlocked", "status": 403,
        "message": "blocked by the web application firewall: {headers}\n\n{body}"}
SECRETS = {"role-with-external-id": {**KEYS, **ROLE}, "session-token": {**KEYS, **TOKEN}}


@pytest.mark.parametrize("rpc", ["verify", "get_tasks", "collect"])
@pytest.mark.parametrize("name", sorted(SECRETS))
def test_no_secret_in_any_encoding_when_aws_echoes_the_request(run, fake, rpc, name):
    secret = SECRETS[name]
    mark = len(fake.call_log())
    # without a region filter, get_tasks must list the regions: the refusal fails it
    options = OPTIONS if rpc == "collect" else {}
    responses, error, log = run([ECHO], rpc, options=options, secret=secret, task=TASK if rpc == "collect" else None)
    echoed = [c for c in fake.call_log()[mark:] if c.get("fault") == "error"]
    assert echoed, "nothing was echoed: the test proves nothing"
    if rpc == "collect":
        assert error is None and failures(responses), (error, responses)
        texts = [json.dumps(responses, ensure_ascii=False)] + [f["message"] for f in failures(responses)]
        assert any("blocked by the web application firewall" in t for t in texts), texts[:2]
    else:
        assert error is not None and "RequestBlocked" in error.details(), error
        texts = [error.details()]
    for key, value in secret.items():
        if key == "role_arn":
            continue
        for form in encodings(value):
            for text in texts:
                assert form not in text, f"{key} as {form!r} in an answer: {text[:400]}"
            assert form not in log, f"{key} as {form!r} in the plugin server's log"


def test_importing_the_core_disables_core_dumps():
    """A core dump of a process holding credentials would write them to disk: the module sets the
    soft RLIMIT_CORE to 0 when imported (the hard limit stays)."""
    import subprocess
    import sys
    probe = ("import resource; soft, hard = resource.getrlimit(resource.RLIMIT_CORE); "
             "resource.setrlimit(resource.RLIMIT_CORE, (hard if hard != resource.RLIM_INFINITY else 1 << 20, hard)); "
             "before = resource.getrlimit(resource.RLIMIT_CORE)[0]; import aws_ec2_collector._core; "
             "print(before, resource.getrlimit(resource.RLIMIT_CORE)[0], resource.getrlimit(resource.RLIMIT_CORE)[1] == hard)")
    before, after, hard_kept = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                              check=True).stdout.split()
    assert int(before) > 0 and int(after) == 0 and hard_kept == "True"


# --- 5. unknown option keys --------------------------------------------------------------------

@pytest.mark.parametrize("rpc", ["verify", "get_tasks", "collect"])
def test_an_unknown_option_key_is_accepted_with_a_warning_naming_the_closest_key(run, rpc):
    options = {"region_filter": [US], "region_filtr": ["eu-west-1"], "zzz_unrelated": 1}
    responses, error, log = run([], rpc, options=options, task=TASK if rpc == "collect" else None)
    assert error is None, error.details()
    if rpc == "collect":
        assert any(r["state"] == "SUCCESS" and r["resource_type"] == "inventory.CloudService" for r in responses)
    warnings = [line for line in log.splitlines() if "[WARNING]" in line and "unknown keys" in line]
    assert len(warnings) == 1, log[-3000:]
    assert "region_filtr (did you mean region_filter?)" in warnings[0] and "zzz_unrelated" in warnings[0], warnings


# --- 6. a task outside the options ---------------------------------------------------------------

def test_a_region_task_outside_the_region_filter_is_refused(run, fake):
    mark = len(fake.call_log())
    _, error, _ = run([], "collect", options={"region_filter": ["ap-northeast-2"]}, task=TASK)
    assert error is not None and error.code() == grpc.StatusCode.INVALID_ARGUMENT, error
    assert "key = task_options.region" in error.details() and "options.region_filter" in error.details(), error.details()
    assert fake.call_log()[mark:] == [], "a refused task reached AWS"


# --- 7. region names from AWS ------------------------------------------------------------------

MALFORMED_REGIONS = ["eu west 1", "us-east-1\n1999-01-01 10:00:00,000 INFO forged line", "../../etc/passwd",
                     "r" * 300, "", "US-EAST-1", "us-east-1\u2028"]


@pytest.mark.parametrize("rpc", ["get_tasks", "collect"])
def test_malformed_region_names_from_aws_never_become_tasks(run, rpc):
    rule = {"kind": "regions", "service": "ec2", "action": "DescribeRegions",
            "names": [US] + MALFORMED_REGIONS + ["ap-northeast-2", US]}
    responses, error, log = run([rule], rpc, options={})
    assert error is None, error.details()
    if rpc == "get_tasks":
        planned = [t["task_options"].get("region") for t in responses[0]["tasks"]
                   if t["task_options"]["resource_type"] == "inventory.CloudService"]
        assert planned == ["ap-northeast-2", US], planned
    else:
        regions = [r["resource"]["region_code"] for r in responses if r["resource_type"] == "inventory.Region"]
        assert regions == ["ap-northeast-2", US], regions
    warnings = [line for line in log.splitlines() if "[WARNING]" in line and "not region codes" in line]
    assert len(warnings) == 1 and f"{len(MALFORMED_REGIONS)} names" in warnings[0], log[-3000:]
    assert "../../etc/passwd" in warnings[0]
    assert_neutral(log, "the plugin server's log", log=True)


def test_a_region_list_longer_than_any_partition_fails_get_tasks(run):
    names = [f"us-east-{i}" for i in range(1, 99)] * 6  # 588
    _, error, _ = run([{"kind": "regions", "service": "ec2", "action": "DescribeRegions", "names": names}],
                      "get_tasks", options={})
    assert error is not None and "Malformed" in error.details() and "588 regions" in error.details(), error


@pytest.mark.parametrize("rpc, service, action", [("verify", "sts", "GetCallerIdentity"),
                                                  ("get_tasks", "ec2", "DescribeRegions")])
def test_a_cut_account_level_answer_is_refused_never_read_as_less(run, rpc, service, action):
    """DescribeRegions and GetCallerIdentity are checked whole like every region call: a cut region
    list would plan fewer regions, a cut identity would name no account."""
    rule = {"kind": "truncated", "service": service, "action": action, "variant": "cut"}
    _, error, _ = run([rule], rpc, options={})
    assert error is not None and "Truncated" in error.details() and action in error.details(), error


# --- an identity input missing ----------------------------------------------------------------------

def test_without_sts_the_account_comes_from_the_answers_never_goes_missing(run):
    from bench.fake_aws import ACCOUNT
    rule = {"kind": "http500", "service": "sts", "retry_after_ms": 10}
    responses, error, log = run([rule], "collect", task=TASK)
    assert error is None, error
    records = [r["resource"] for r in responses if r.get("resource_type") == "inventory.CloudService"]
    assert records and {r["account"] for r in records} == {ACCOUNT}
    assert all(ACCOUNT in r["reference"]["resource_id"] for r in records if r["cloud_service_type"] in ("Volume", "Snapshot"))
    assert "cannot read the account id" in log


@pytest.mark.parametrize("rpc, service", [("verify", "sts"), ("get_tasks", "ec2")])
def test_an_account_level_call_that_never_answers_fails_within_its_bound(run, rpc, service):
    """Bounded by the operation timeout: 6 x call_timeout_seconds (attempts included), not by the
    region timeout (there is no region yet)."""
    started = time.monotonic()
    _, error, _ = run([{"kind": "timeout", "service": service}], rpc, options={"call_timeout_seconds": 1})
    took = time.monotonic() - started
    assert error is not None and "Timeout" in error.details(), error
    assert took < 6 * 1 + 5, f"{rpc} took {took:.1f} s against a bound of 6 x 1 s"


# --- pages that misbehave ---------------------------------------------------------------------------

def test_an_item_listed_on_two_pages_is_one_record_and_the_log_says_so(run):
    rule = {"kind": "paging", "variant": "overlap", "service": "ec2", "action": "DescribeSecurityGroups", "size": 2}
    responses, error, log = run([rule], "collect", task=TASK)
    assert error is None and not failures(responses), (error, failures(responses))
    keys = [(r["resource"]["cloud_service_type"], r["resource"]["reference"]["resource_id"])
            for r in responses if r.get("resource_type") == "inventory.CloudService"]
    assert len(keys) == len(set(keys)), "a record twice"
    assert any(t == "SecurityGroup" for t, _ in keys)
    assert re.search(r"region us-east-1: ec2:DescribeSecurityGroups: 3 item\(s\) listed twice, kept once", log), log[-3000:]


def test_a_next_token_that_goes_round_stops_the_listing_and_is_reported(run, fake):
    rule = {"kind": "paging", "variant": "cycle", "service": "ec2", "action": "DescribeSecurityGroups", "size": 2}
    started = len(fake.call_log())
    responses, error, _ = run([rule], "collect", task=TASK)
    assert error is None, error
    endless = [f for f in failures(responses) if f["resource"].get("code") == "EndlessPagination"]
    assert endless and endless[0]["resource"]["operation"] == "ec2:DescribeSecurityGroups", failures(responses)
    calls = [c for c in fake.call_log()[started:] if c["action"] == "DescribeSecurityGroups"]
    assert len(calls) <= 4, f"{len(calls)} DescribeSecurityGroups calls: the cycle was followed"


# --- 8. a stable code on every FAILURE -----------------------------------------------------------

def test_answers_without_an_aws_code_get_the_code_of_their_cause(run):
    rules = [
        {"kind": "error", "variant": "bare", "service": "ec2", "action": "DescribeVolumes", "status": 301,
         "location": "https://elsewhere.example/ec2", "message": "<html>Moved</html>"},
        {"kind": "error", "variant": "bare", "service": "ec2", "action": "DescribeSnapshots", "status": 502,
         "message": "<html><h1>502 Bad Gateway</h1></html>", "retry_after_ms": 10},
        {"kind": "malformed", "service": "ec2", "action": "DescribeSecurityGroups", "variant": "garbage"},
        {"kind": "truncated", "service": "autoscaling", "action": "DescribeAutoScalingGroups", "variant": "cut"},
    ]
    responses, error, _ = run(rules, "collect", task=TASK)
    assert error is None, error
    codes = {f["resource"]["operation"]: (f["resource"].get("code"), f["message"]) for f in failures(responses)}
    assert codes["ec2:DescribeVolumes"][0] == "Redirect", codes
    assert "HTTP 301 redirect to https://elsewhere.example/ec2" in codes["ec2:DescribeVolumes"][1]
    assert codes["ec2:DescribeSnapshots"][0] == "HttpError" and "HTTP 502" in codes["ec2:DescribeSnapshots"][1]
    assert codes["ec2:DescribeSecurityGroups"][0] == "WrongRoot", codes
    assert "<html> document" in codes["ec2:DescribeSecurityGroups"][1]
    assert codes["autoscaling:DescribeAutoScalingGroups"][0] == "Truncated", codes
    assert all(code for code, _ in codes.values()), codes


def test_a_redirect_in_verify_is_named_with_its_code(run):
    rule = {"kind": "error", "variant": "bare", "service": "sts", "status": 307, "location": "http://10.0.0.1/",
            "message": ""}
    _, error, _ = run([rule], "verify")
    assert error is not None and "code = Redirect" in error.details() and "http://10.0.0.1/" in error.details(), error


# --- 9. an answer that pauses ----------------------------------------------------------------------

def test_an_answer_pausing_within_the_call_timeout_is_read_not_cut_and_retried(run, fake):
    """The SDK's stalled-stream protection cut a body that paused 5 s (its default grace period):
    the grace period is the call timeout, so a pause of 7 s in a 30 s call is waited for."""
    mark = len(fake.call_log())
    rule = {"kind": "slow_body", "service": "ec2", "action": "DescribeVolumes", "delay_s": 7, "count": 1}
    started = time.monotonic()
    responses, error, _ = run([rule], "collect", task=TASK)
    assert error is None, error
    assert not [f for f in failures(responses) if f["resource"]["operation"] == "ec2:DescribeVolumes"], failures(responses)
    volumes = [c for c in fake.call_log()[mark:] if c["action"] == "DescribeVolumes"]
    assert [c["attempt"] for c in volumes] == [1], f"the paused answer was cut and retried: {volumes}"
    assert 7 <= time.monotonic() - started < 30
    assert any(r["resource_type"] == "inventory.CloudService" and r["resource"].get("cloud_service_type") == "Volume"
               for r in responses)

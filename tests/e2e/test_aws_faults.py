"""The AWS fault matrix: each fault injected for real by the benchmark's fake AWS (bench/fake_aws.py,
POST /__bench/faults) under the real plugin server, and a real gRPC collect.

For each fault the test checks what an operator gets: the stream ends (no hang, no gRPC error),
each FAILURE names the region, the API (service:Action) and the cause (AWS's code, or the
transport error), every record that did not depend on the failed call is still delivered and
equal to a fault-free collect of the same fleet (the ones that did lose exactly the data of the
failed call), no secret appears in a response or in the plugin server's log, and that log's
per-region line counts the errors.

A test whose fault the SDK retries gets a plugin server of its own: the SDK's retry quota (a
token bucket per service and region, which failed retries drain) lives as long as the process,
and one test must not change the next; the others share one. The faults whose retries take the
SDK's whole backoff or a timeout (connection resets, truncated bodies, held requests) run at once,
in the background from the module's first test, each in a region of its own on a second fake.

Each collect's FAILUREs, faulted calls and plugin log lines are also written to
collect-N.json in its pytest temporary directory, for a look after a failure.
"""
import json
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest

from demo.grpc_client import PluginClient
from demo.servers import FakeAwsServer, PluginServer, serving

SECRET = {"aws_access_key_id": "AKIAFAULTMATRIX7Q2ZX", "aws_secret_access_key": "fault-matrix-secret-0d5be8c4a1"}
US, SEOUL = "us-east-1", "ap-northeast-2"
REGIONS = [US, SEOUL]
OPTIONS = {"region_filter": REGIONS}
FAST_DEADLINE = 60  # s: the gRPC deadline of a collect whose faults retry quickly
EXPIRED_CODES = {"RequestExpired", "ExpiredToken", "ExpiredTokenException"}
NOT_ENABLED_CODES = {"AuthFailure", "InvalidClientTokenId", "UnrecognizedClientException"}
# the list call without which a cloud service type has no records
PRIMARY = {"Instance": "ec2:DescribeInstances", "Volume": "ec2:DescribeVolumes", "Snapshot": "ec2:DescribeSnapshots",
           "SecurityGroup": "ec2:DescribeSecurityGroups", "EIP": "ec2:DescribeAddresses",
           "AutoScalingGroup": "autoscaling:DescribeAutoScalingGroups",
           "LaunchTemplate": "ec2:DescribeLaunchTemplates", "AMI": "ec2:DescribeImages"}


def key(response):
    """What identifies a record across collects."""
    resource, kind = response["resource"], response["resource_type"]
    if kind == "inventory.CloudService":
        return kind, resource["region_code"], resource["cloud_service_type"], resource["reference"]["resource_id"]
    return kind, resource.get("region_code") or resource.get("metric_id") or resource.get("namespace_id") or \
        resource.get("name")


@dataclass
class Outcome:
    responses: list
    error: object  # grpc.RpcError of a stream that did not end cleanly
    seconds: float
    log: str  # the plugin server's
    calls: list  # the fake's call log entries of this collect
    records: dict = field(init=False)
    failures: list = field(init=False)

    def __post_init__(self):
        self.records = {key(r): r for r in self.responses if r["state"] == "SUCCESS"}
        self.failures = [r for r in self.responses if r["state"] != "SUCCESS"]

    def failed(self):
        """{(region, operation): [codes]} of the FAILURE responses."""
        out = {}
        for f in self.failures:
            resource = f["resource"]
            out.setdefault((resource.get("region_code"), resource.get("operation")), []).append(resource.get("code"))
        return out

    def faulted(self, kind=None):
        """(region, service:Action) of the calls the fake's rules hit."""
        return {(c["region"], f"{c['service']}:{c['action']}") for c in self.calls
                if c.get("fault") and (kind is None or c["fault"] == kind)}

    def region_lines(self):
        """{region: (instances, records, errors)} of the plugin log's closing line per region."""
        return {m[1]: (int(m[2]), int(m[3]), int(m[4])) for m in re.finditer(
            r"region (\S+): (\d+) instances, (\d+) records, (\d+) errors", self.log)}


def collect(fake, log_dir, options=OPTIONS, deadline=FAST_DEADLINE, shared=None, started=None):
    """One collect (no task_options: every region of options.region_filter) through a new plugin
    server (handed to `started` once it runs), or through `shared` (a running (PluginServer,
    PluginClient)); with the fake's call log of the collect's regions."""
    if shared is None:
        with PluginServer(log_dir, fake.endpoint) as plugin, \
                PluginClient(plugin.target, timeout=deadline) as client:
            if started:
                started(plugin)
            client.wait_ready()
            return _collect(fake, plugin, client, options, log_dir)
    plugin, client = shared
    return _collect(fake, plugin, client, options, log_dir)


def _collect(fake, plugin, client, options, log_dir):
    mark, log_start = len(fake.call_log()), plugin.log_path.stat().st_size
    responses, error, started = [], None, time.monotonic()
    try:
        for response in client.collect(options, SECRET):
            responses.append(response)
    except grpc.RpcError as e:
        error = e
    seconds = time.monotonic() - started
    time.sleep(0.2)  # the plugin server's last log lines
    with open(plugin.log_path, "rb") as f:
        f.seek(log_start)
        log = f.read().decode(errors="replace")
    regions = set(options.get("region_filter", REGIONS))
    calls = [c for c in fake.call_log()[mark:] if c["region"] in regions]  # STS: in the home region
    outcome = Outcome(responses, error, seconds, log, calls)
    (Path(log_dir) / f"collect-{mark}.json").write_text(json.dumps(  # for a look after a failure
        {"options": options, "seconds": seconds, "error": error and str(error), "failures": outcome.failures,
         "faulted_calls": [c for c in calls if c.get("fault")], "log": log}, indent=1))
    return outcome


# --- what every fault must satisfy ---------------------------------------------------------------

def assert_clean_end(outcome, bound):
    assert outcome.error is None, (
        f"the stream ended with gRPC {outcome.error.code().name}: {outcome.error.details()} "
        f"after {outcome.seconds:.1f} s")
    assert outcome.seconds < bound, f"the collect took {outcome.seconds:.1f} s (bound {bound} s)"


# the plugin's own codes, when AWS sent none (docs/reliability.md, "Codes of a FAILURE")
OWN_CODES = {"Timeout", "Unreachable", "ConnectionReset", "Truncated", "Malformed", "WrongRoot", "Redirect",
             "HttpError", "Stalled", "RegionTimeout", "Internal", "InvalidArgument"}


def assert_failures_name_region_api_cause(outcome, cause=None):
    """Every FAILURE: an ErrorResource whose message and error data name the region, the operation
    and the cause: a code (AWS's or, when AWS sent none, a stable one of the plugin's), in the message
    too, and a message matching `cause` when given."""
    for f in outcome.failures:
        resource, message = f["resource"], f.get("message", "")
        assert f["resource_type"] == "inventory.ErrorResource", f
        region, operation, code = resource.get("region_code"), resource.get("operation"), resource.get("code")
        assert region and region in message, f"FAILURE without its region: {f}"
        assert operation and re.fullmatch(r"[a-z0-9]+:[A-Za-z0-9]+", operation) and operation in message, \
            f"FAILURE without its API: {f}"
        assert code, f"FAILURE without a code: {f}"
        assert f"({code})" in message, f"FAILURE whose message hides its code: {f}"
        if cause:
            assert re.search(cause, message, re.I), f"FAILURE without its cause ({cause}): {message!r}"


def assert_no_secret(outcome):
    for name, value in SECRET.items():
        assert value not in json.dumps(outcome.responses), f"{name} in a response"
        assert value not in outcome.log, f"{name} in the plugin server's log"


def assert_log_counts(outcome):
    """The plugin log's line per region counts that region's records and FAILUREs (a region given
    up as a whole has its FAILURE at WARNING instead)."""
    lines = outcome.region_lines()
    failures = Counter(f["resource"].get("region_code") for f in outcome.failures)
    records = Counter(k[1] for k in outcome.records if k[0] == "inventory.CloudService")
    for region in {k[0] for k in outcome.failed()} | set(records):
        if region not in lines and not records[region]:
            for f in outcome.failures:
                if f["resource"].get("region_code") == region:
                    assert re.search(r"\[WARNING\].*" + re.escape(f["message"]), outcome.log), \
                        f"neither a closing log line for {region} nor its FAILURE {f['message']!r} at WARNING"
            continue
        assert region in lines, f"no closing log line for {region}:\n{outcome.log[-3000:]}"
        _instances, logged_records, errors = lines[region]
        assert (logged_records, errors) == (records[region], failures[region]), (region, lines[region])
        if errors:
            assert re.search(rf"\[WARNING\].*region {region}: .* {errors} errors", outcome.log), \
                f"{errors} errors in {region} not logged at WARNING"


def assert_kept(outcome, baseline, lost=(), changed=None, regions=None):
    """Every baseline record is delivered and equal, except: in `regions` (default: all), records
    of the types in `lost` may be missing, and in records of the types in `changed` ({type: json_data
    keys}) those keys may differ. Nothing is delivered that the baseline does not have."""
    changed = changed or {}
    missing, different = [], []
    for k, want in baseline.records.items():
        affected = regions is None or (k[0] == "inventory.CloudService" and k[1] in regions)
        kind = k[2] if k[0] == "inventory.CloudService" else None
        if affected and kind in lost:
            continue
        got = outcome.records.get(k)
        if got is None:
            missing.append(k)
            continue
        allowed = changed.get(kind, ()) if affected else ()
        if allowed != ANY and _without(got, allowed) != _without(want, allowed):
            different.append((k, _diff_keys(got, want)))
    extra = sorted(set(outcome.records) - set(baseline.records))
    assert not missing, f"{len(missing)} records lost that did not depend on the failed call: {missing[:10]}"
    assert not different, f"records changed beyond the failed call's data: {different[:5]}"
    assert not extra, f"records that a fault-free collect does not have: {extra[:10]}"


def _without(response, keys):
    resource = dict(response["resource"])
    data = json.loads(resource.pop("json_data", None) or "{}")
    return resource, {k: v for k, v in data.items() if k not in keys}


def _diff_keys(got, want):
    g, w = json.loads(got["resource"].get("json_data") or "{}"), json.loads(want["resource"].get("json_data") or "{}")
    return sorted(k for k in set(g) | set(w) if g.get(k) != w.get(k)) or "outside json_data"


def instance_data(outcome, region=None):
    return {k[3]: json.loads(r["resource"]["json_data"]) for k, r in outcome.records.items()
            if k[0] == "inventory.CloudService" and k[2] == "Instance" and (region is None or k[1] == region)}


def assert_all_of(outcome):
    assert_no_secret(outcome)
    assert_log_counts(outcome)


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    with FakeAwsServer(tmp_path_factory.mktemp("fake-aws"), regions={US: 5, SEOUL: 5}, latency_ms=0, throttle=False) as server:
        yield server


@pytest.fixture(scope="module")
def baseline(fake, tmp_path_factory):
    outcome = collect(fake, tmp_path_factory.mktemp("baseline"))
    assert_clean_end(outcome, FAST_DEADLINE)
    assert outcome.failures == []
    assert {t for (_, _, t, _) in [k for k in outcome.records if k[0] == "inventory.CloudService"]} == set(PRIMARY)
    return outcome


@pytest.fixture(scope="module")
def shared(fake, tmp_path_factory):
    """One plugin server for the faults the SDK does not retry (they leave its retry quota alone)."""
    with serving(tmp_path_factory.mktemp("shared-plugin"), fake.endpoint, FAST_DEADLINE) as running:
        yield running


def _faulty(fake, log_dir, shared_plugin):
    def run(rules, **kwargs):
        fake.inject(rules)
        try:
            return collect(fake, log_dir, shared=shared_plugin, **kwargs)
        finally:
            fake.inject([])
    return run


@pytest.fixture
def faulty(fake, baseline, shared, tmp_path):
    """collect(rules, ...): a collect with these fault rules set, through the shared plugin server;
    the rules are removed afterwards."""
    yield _faulty(fake, tmp_path, shared)
    fake.inject([])


class Spares:
    """Plugin servers started one ahead, so that a test that needs a new one does not wait for it."""

    def __init__(self, fake, tmp_path_factory):
        self.fake, self.tmp, self.pool = fake, tmp_path_factory, ThreadPoolExecutor(2)
        self.next = self._start()

    def _start(self):
        server = PluginServer(self.tmp.mktemp("plugin"), self.fake.endpoint)
        return self.pool.submit(server.start)

    def take(self):
        plugin, self.next = self.next.result(), self._start()
        client = PluginClient(plugin.target, timeout=FAST_DEADLINE)
        client.wait_ready()
        return plugin, client

    def close(self):
        self.pool.shutdown(wait=True)
        self.next.result().stop()


@pytest.fixture(scope="module")
def spares(fake, tmp_path_factory):
    spares = Spares(fake, tmp_path_factory)
    yield spares
    spares.close()


@pytest.fixture
def retried(fake, baseline, spares, tmp_path):
    """As `faulty`, through a plugin server of its own: the faults the SDK retries drain its retry
    quota, which lives as long as the process."""
    plugin, client = spares.take()
    try:
        yield _faulty(fake, tmp_path, (plugin, client))
    finally:
        fake.inject([])
        client.close()
        plugin.stop()


# --- the fault cases ----------------------------------------------------------------------------------

def rule(kind, service=None, action=None, region=None, **more):
    return {k: v for k, v in dict(kind=kind, service=service, action=action, region=region, **more).items()
            if v is not None}


@dataclass(frozen=True)
class Case:
    """A fault, the FAILUREs it must give ({(region, operation): codes allowed (AWS's, or the
    plugin's own for a transport or parse error, whose message must also match `cause`)}), and in
    `regions` (default: both) the record types it may lose and the json_data keys it may change
    ({type: keys})."""
    id: str
    rules: list
    failed: dict
    lost: tuple = ()
    changed: dict = None
    regions: tuple = None
    cause: str = None


def both(*operations, codes):
    return {(region, op): codes for region in REGIONS for op in operations}


# optional details whose failure is a WARNING, never a FAILURE (src/assemble/mod.rs ENRICHMENTS)
ENRICHMENTS = {"ssm:DescribeInstanceInformation"}

# the json_data keys fed by each API beside the record's own list
ELB_KEYS, ASG_KEYS, SSM_KEYS = {"load_balancer"}, {"auto_scaling_group"}, {"os"}
VOLUME_KEYS, SUBNET_KEYS, PROTECTION_KEYS = {"disks", "aws"}, {"subnet", "nics"}, {"aws"}
WITHOUT_INSTANCES = {"SecurityGroup": {"instances", "stats"}, "AutoScalingGroup": {"instances"}}
TEMPLATE_VERSION_KEYS = {"version", "default_version", "version_description", "ami_id", "launch_template_data"}
ANY = "any key"  # the records must be there, their data may lack anything

# --- a permission missing ------------------------------------------------------------------------

ACCESS_DENIED = [
    Case("no-elasticloadbalancing", [rule("access_denied", "elasticloadbalancing")],
         both("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroups",
              codes={"AccessDenied"}),
         changed={"Instance": ELB_KEYS}),
    Case("no-ssm", [rule("access_denied", "ssm")],
         {}, changed={"Instance": SSM_KEYS}),  # optional enrichment: a WARNING, no FAILURE
    Case("no-autoscaling", [rule("access_denied", "autoscaling")],
         both("autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeLaunchConfigurations",
              "autoscaling:DescribePolicies", "autoscaling:DescribeNotificationConfigurations",
              "autoscaling:DescribeScheduledActions", codes={"AccessDenied"}),
         lost=("AutoScalingGroup",), changed={"Instance": ASG_KEYS}),
    Case("no-ec2-DescribeVolumes", [rule("access_denied", "ec2", "DescribeVolumes")],
         both("ec2:DescribeVolumes", codes={"UnauthorizedOperation"}), lost=("Volume",),
         changed={"Instance": VOLUME_KEYS}),
    # the per-item calls after a list: the list's own records and data must stay
    Case("no-ec2-DescribeLaunchTemplateVersions", [rule("access_denied", "ec2", "DescribeLaunchTemplateVersions")],
         both("ec2:DescribeLaunchTemplateVersions", codes={"UnauthorizedOperation"}),
         # a template's record id names its first version: without it the record is held back
         lost=("LaunchTemplate",), changed={"AutoScalingGroup": {"launch_template"}}),
    Case("no-elasticloadbalancing-DescribeListeners",
         [rule("access_denied", "elasticloadbalancing", "DescribeListeners")],
         both("elasticloadbalancing:DescribeListeners", codes={"AccessDenied"}), changed={"Instance": ELB_KEYS}),
    Case("no-ec2-DescribeInstances", [rule("access_denied", "ec2", "DescribeInstances")],
         both("ec2:DescribeInstances", codes={"UnauthorizedOperation"}), lost=("Instance",),
         changed=WITHOUT_INSTANCES),
]


def check_case(outcome, baseline, case, bound=30):
    assert_clean_end(outcome, bound)
    assert_failures_name_region_api_cause(outcome, case.cause)
    got = outcome.failed()
    assert set(got) == set(case.failed), f"FAILUREs {sorted(got)}, expected {sorted(case.failed)}"
    for where, codes in got.items():
        allowed = case.failed[where]
        assert all(code in allowed for code in codes), (where, codes, allowed)
    assert_kept(outcome, baseline, case.lost, case.changed, case.regions)
    assert_all_of(outcome)


@pytest.mark.parametrize("case", ACCESS_DENIED, ids=lambda c: c.id)
def test_access_denied_on_one_api_loses_only_its_data(faulty, baseline, case):
    outcome = faulty(case.rules)
    check_case(outcome, baseline, case)
    data, before = instance_data(outcome), instance_data(baseline)
    if case.id == "no-elasticloadbalancing":
        # every instance is there, without load balancer data (the baseline has some)
        assert set(data) == set(before)
        assert any(d["load_balancer"] for d in before.values())
        assert all(d["load_balancer"] == [] for d in data.values())
    if case.id == "no-elasticloadbalancing-DescribeListeners":
        # the load balancers of each instance are known without their listeners: only ports and
        # protocols are missing
        def names(d):
            return [(lb["name"], lb["endpoint"]) for lb in d["load_balancer"]]
        assert {i: names(d) for i, d in data.items()} == {i: names(d) for i, d in before.items()}
        assert all(lb["port"] == [] for d in data.values() for lb in d["load_balancer"])


# --- AWS says no, beyond the SDK's retries ----------------------------------------------------------
# x-amz-retry-after (which the SDK honours) keeps each of the SDK's 10 attempts 10 ms apart

BEYOND_RETRIES = [
    Case("http500-ec2-DescribeSubnets", [rule("http500", "ec2", "DescribeSubnets", retry_after_ms=10)],
         both("ec2:DescribeSubnets", codes={"InternalError"}), changed={"Instance": SUBNET_KEYS}),
    Case("http503-autoscaling-DescribeAutoScalingGroups",
         [rule("http503", "autoscaling", "DescribeAutoScalingGroups", retry_after_ms=10)],
         both("autoscaling:DescribeAutoScalingGroups", codes={"ServiceUnavailable"}), lost=("AutoScalingGroup",),
         changed={"Instance": ASG_KEYS}),
    Case("http503-ec2-DescribeSecurityGroups",
         [rule("http503", "ec2", "DescribeSecurityGroups", region=US, retry_after_ms=10)],
         {(US, "ec2:DescribeSecurityGroups"): {"Unavailable"}}, lost=("SecurityGroup",),
         changed={"Instance": {"security_group"}}, regions=(US,)),
    Case("throttle-ec2-DescribeInstanceAttribute",
         [rule("throttle", "ec2", "DescribeInstanceAttribute", region=US, retry_after_ms=10)],
         {(US, "ec2:DescribeInstanceAttribute"): {"RequestLimitExceeded"}}, changed={"Instance": PROTECTION_KEYS},
         regions=(US,)),
    Case("throttle-elasticloadbalancing-DescribeLoadBalancers",
         [rule("throttle", "elasticloadbalancing", "DescribeLoadBalancers", region=SEOUL, retry_after_ms=10)],
         {(SEOUL, "elasticloadbalancing:DescribeLoadBalancers"): {"Throttling"}}, changed={"Instance": ELB_KEYS},
         regions=(SEOUL,)),
    Case("throttle-ssm", [rule("throttle", "ssm", region=US, retry_after_ms=10)],
         {}, changed={"Instance": SSM_KEYS},
         regions=(US,)),
]


@pytest.mark.parametrize("case", BEYOND_RETRIES, ids=lambda c: c.id)
def test_errors_beyond_the_retries_lose_only_that_call(retried, baseline, case):
    outcome = retried(case.rules)
    check_case(outcome, baseline, case)
    # the SDK retried each failed call up to its 10 attempts before giving up
    attempts = Counter((c["region"], c["action"], c["params"]) for c in outcome.calls if c.get("fault"))
    assert attempts and set(attempts.values()) == {10}, f"attempts per failed call (the SDK makes 10): {attempts}"
    if case.id.startswith("throttle"):
        region = case.rules[0]["region"]
        assert re.search(rf"region {region}: .* [1-9]\d* throttled, [1-9]\d* retries", outcome.log)


# --- AWS fails a few times, then answers: nothing may show ----------------------------------------

RECOVERED = [
    rule("http500", "elasticloadbalancing", region=US, count=3, retry_after_ms=10),
    rule("http503", "ec2", "DescribeInstances", region=US, count=2, retry_after_ms=10),
    rule("throttle", "ec2", "DescribeVolumes", region=SEOUL, count=3, retry_after_ms=10),
    rule("throttle", "autoscaling", "DescribeAutoScalingGroups", region=US, count=2, retry_after_ms=10),
    rule("reset", "ec2", "DescribeVolumes", region=US, count=2),
    rule("reset", "ssm", region=SEOUL, count=1, variant="close"),
    rule("truncated", "ec2", "DescribeInstances", region=US, count=2, retry_after_ms=10),
]


@pytest.mark.parametrize("fault", RECOVERED, ids=lambda r: f"{r['kind']}-{r.get('variant', '')}-"
                         f"{r['service']}-{r.get('action', 'all')}-x{r['count']}".replace("--", "-"))
def test_transient_faults_are_retried_and_leave_no_trace(retried, baseline, fault):
    outcome = retried([fault])
    assert_clean_end(outcome, 30)
    assert outcome.failures == []
    assert_kept(outcome, baseline)
    hits = [c for c in outcome.calls if c.get("fault")]
    assert len(hits) == fault["count"]
    assert all(c["region"] == fault["region"] and c["service"] == fault["service"] for c in hits)
    retried = {(c["region"], c["action"], c["params"]) for c in hits}
    answered = {(c["region"], c["action"], c["params"]) for c in outcome.calls if not c.get("fault")
                and c["status"] == 200}
    assert retried <= answered, "a faulted call was never answered"
    assert re.search(rf"region {fault['region']}: .* [1-9]\d* retries", outcome.log)
    assert_all_of(outcome)


# --- a 200 that is not what it says -----------------------------------------------------------------

PARSE = r"pars|invalid|unexpected|decode|unterminated|eof|syntax"

BROKEN_BODIES = [
    # the real answer's first half and garbage: the XML parser must not take the first half for the whole
    Case("malformed-ec2-DescribeInstances", [rule("malformed", "ec2", "DescribeInstances", region=US)],
         {(US, "ec2:DescribeInstances"): {"Malformed"}}, lost=("Instance",),
         changed=WITHOUT_INSTANCES, regions=(US,), cause=PARSE),
    Case("malformed-ec2-DescribeSecurityGroups", [rule("malformed", "ec2", "DescribeSecurityGroups", region=US)],
         {(US, "ec2:DescribeSecurityGroups"): {"Malformed"}}, lost=("SecurityGroup",),
         changed={"Instance": {"security_group"}}, regions=(US,), cause=PARSE),
    Case("malformed-ssm", [rule("malformed", "ssm", region=US)],
         {}, changed={"Instance": SSM_KEYS}, regions=(US,),
         cause=PARSE),
    Case("malformed-garbage-ec2-DescribeVolumes",
         [rule("malformed", "ec2", "DescribeVolumes", region=US, variant="garbage")],
         {(US, "ec2:DescribeVolumes"): {"WrongRoot"}}, lost=("Volume",), changed={"Instance": VOLUME_KEYS},
         regions=(US,), cause=PARSE),
    # a well-framed 200 carrying the first half of the document
    Case("truncated-cut-ec2-DescribeInstances",
         [rule("truncated", "ec2", "DescribeInstances", region=US, variant="cut")],
         {(US, "ec2:DescribeInstances"): {"Truncated"}}, lost=("Instance",),
         changed=WITHOUT_INSTANCES, regions=(US,), cause=PARSE),
    Case("truncated-cut-elasticloadbalancing-DescribeTargetGroups",
         [rule("truncated", "elasticloadbalancing", "DescribeTargetGroups", region=SEOUL, variant="cut")],
         {(SEOUL, "elasticloadbalancing:DescribeTargetGroups"): {"Truncated"}}, changed={"Instance": ELB_KEYS},
         regions=(SEOUL,), cause=PARSE),
]


@pytest.mark.parametrize("case", BROKEN_BODIES, ids=lambda c: c.id)
def test_a_broken_body_is_reported_never_taken_for_a_shorter_list(faulty, baseline, case):
    outcome = faulty(case.rules)
    if not case.failed:  # an optional enrichment (SSM): a WARNING, no FAILURE
        return check_case(outcome, baseline, case)
    region = case.regions[0]
    operation = next(iter(case.failed), (None, None))[1]
    kind = next(t for t, op in PRIMARY.items() if op == operation) if operation in PRIMARY.values() else None
    if kind:
        delivered = sum(1 for k in outcome.records if k[1:3] == (region, kind))
        expected = sum(1 for k in baseline.records if k[1:3] == (region, kind))
        assert delivered == expected or (region, operation) in outcome.failed(), (
            f"{operation} in {region} answered a broken body: {delivered} of {expected} {kind} records "
            f"delivered and no FAILURE says so")
    check_case(outcome, baseline, case)


# --- credentials that stop working --------------------------------------------------------------------

# the calls that need a list's answer: credentials that expire once the lists are read fail these
# (not DescribeImages: the AMI list is one too)
AFTER_THE_LISTS = ["DescribeInstanceAttribute", "DescribeInstanceTypes", "DescribeVolumeAttribute",
                   "DescribeLaunchTemplateVersions", "DescribeListeners", "DescribeTargetHealth",
                   "DescribeLifecycleHooks"]


def test_revoked_credentials_stop_the_collect_at_the_first_refusal(faulty, baseline):
    outcome = faulty([rule("expired")])
    assert_clean_end(outcome, 30)
    assert_failures_name_region_api_cause(outcome)
    # the region check and the account lookup go at once, first: that refusal holds for every call of
    # every region, none other is made
    assert outcome.failed() == {(US, "ec2:DescribeRegions"): ["RequestExpired"]}
    assert {(c["region"], f"{c['service']}:{c['action']}") for c in outcome.calls} == {
        (US, "ec2:DescribeRegions"), (US, "sts:GetCallerIdentity")}
    assert re.search(r"\[WARNING\].*nothing collected: ec2:DescribeRegions in us-east-1 failed \(RequestExpired\)",
                     outcome.log)
    assert not any(k[0] == "inventory.CloudService" for k in outcome.records)


def test_credentials_expiring_mid_collect_keep_every_record_already_listed(faulty, baseline):
    outcome = faulty([rule("expired", action=AFTER_THE_LISTS)])
    assert_clean_end(outcome, 30)
    assert_failures_name_region_api_cause(outcome)
    expired = outcome.faulted("expired")
    assert {op for _, op in expired} >= {"ec2:DescribeInstanceAttribute", "ec2:DescribeLaunchTemplateVersions"}
    assert set(outcome.failed()) == expired
    assert all(code in EXPIRED_CODES for codes in outcome.failed().values() for code in codes)
    # every list was read: every record is there, whatever detail the later calls would have added,
    # but for the launch templates, whose record id names the version the later call lists
    assert_kept(outcome, baseline, lost=("LaunchTemplate",), changed={t: ANY for t in PRIMARY})
    assert_all_of(outcome)


# --- a region the account has not opted into ----------------------------------------------------------

def test_a_region_not_enabled_fails_alone(faulty, baseline):
    outcome = faulty([rule("unreachable_region", region=SEOUL)])
    assert_clean_end(outcome, 30)
    assert_failures_name_region_api_cause(outcome)
    failed = outcome.failed()
    assert {region for region, _ in failed} == {SEOUL}
    assert {op for _, op in failed} == {f"{c[1]}" for c in outcome.faulted() if c[0] == SEOUL} - ENRICHMENTS
    assert all(code in NOT_ENABLED_CODES for codes in failed.values() for code in codes), failed
    assert ("ec2:DescribeInstances" in {op for _, op in failed}
            and failed[(SEOUL, "ec2:DescribeInstances")] == ["AuthFailure"])
    assert_kept(outcome, baseline, lost=tuple(PRIMARY), regions=(SEOUL,))
    assert not any(k[1] == SEOUL for k in outcome.records if k[0] == "inventory.CloudService")
    assert_all_of(outcome)


def test_the_log_names_each_failed_api_and_its_cause(faulty, baseline):
    """The plugin server's log alone tells an operator what failed where, and why."""
    case = ACCESS_DENIED[0]
    outcome = faulty(case.rules)
    missing = [(region, operation) for (region, operation), codes in outcome.failed().items()
               if not re.search(rf"{region}.*{operation}.*{codes[0]}|{operation}.*{region}.*{codes[0]}", outcome.log)]
    assert outcome.failed() and not missing, (
        f"the plugin log does not say which API failed where and why for {missing}; its lines:\n"
        + "\n".join(line for line in outcome.log.splitlines() if "routes.py" in line))


def test_a_denied_optional_enrichment_is_one_warning_per_region_not_a_failure(faulty, baseline):
    """SSM's view of the hosts is optional (the upstream ignores its failure): no FAILURE, and the
    log says once per region what is missing and why."""
    outcome = faulty([rule("access_denied", "ssm")])
    assert not outcome.failed()
    for region in REGIONS:
        lines = [line for line in outcome.log.splitlines()
                 if "WARNING" in line and region in line and "ssm:DescribeInstanceInformation" in line]
        assert len(lines) == 1 and "AccessDeniedException" in lines[0], outcome.log[-4000:]


# --- timeouts --------------------------------------------------------------------------------------

TIMEOUTS = {"call_timeout_seconds": 1, "region_timeout_seconds": 5}


@pytest.mark.parametrize("field, value", [
    ("call_timeout_seconds", 0), ("call_timeout_seconds", -1), ("call_timeout_seconds", "30"),
    ("region_timeout_seconds", 0), ("region_timeout_seconds", [5]), ("region_timeout_seconds", True),
])
def test_timeouts_must_be_positive_numbers(fake, shared, field, value):
    mark = len(fake.call_log())
    with pytest.raises(grpc.RpcError) as raised:
        responses = list(shared[1].collect({**OPTIONS, field: value}, SECRET))
        pytest.fail(f"options.{field} = {value!r} was accepted: {len(responses)} responses")
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT, raised.value
    assert f"options.{field}" in raised.value.details()
    assert fake.call_log()[mark:] == [], "a collect with invalid options reached AWS"


# --- the faults whose retries take the SDK's whole backoff, run at once ------------------------------------

@dataclass(frozen=True)
class Slow:
    region: str
    rules: list
    options: dict = None
    deadline: float = 170  # the gRPC deadline: past the SDK's 10 attempts and their backoff
    control: str = None  # a fault-free region collected alongside


SLOW = {
    "reset": Slow("eu-west-1", [rule("reset", "ec2", "DescribeVolumes", region="eu-west-1")]),
    "truncated": Slow("us-west-2", [rule("truncated", "ec2", "DescribeInstances", region="us-west-2")]),
    # the unreachable region first: it is the home region too, where the account id is read
    "unreachable": Slow("eu-central-1", [rule("unreachable_region", region="eu-central-1", variant="reset")],
                        {"call_timeout_seconds": 2}, deadline=90, control="ap-northeast-1"),
    "call-timeout": Slow("ap-southeast-1", [rule("timeout", "ec2", "DescribeVolumes", region="ap-southeast-1",
                                                 count=2)], {"call_timeout_seconds": 1}, deadline=30),
    "call-timeout-every-attempt": Slow("ap-south-1", [rule("timeout", "ec2", "DescribeVolumes", region="ap-south-1")],
                                       {"call_timeout_seconds": 1}, deadline=30),
    "region-timeout": Slow("ap-southeast-2", [rule("timeout", "ec2", "DescribeVolumes", region="ap-southeast-2")],
                           {"region_timeout_seconds": 5}, deadline=30),
}
SLOW_REGIONS = {r: 3 for s in SLOW.values() for r in filter(None, (s.region, s.control))}
SLOW_TESTS = {}  # test name -> its SLOW case


def slow_case(name):
    def mark(test):
        SLOW_TESTS[test.__name__] = name
        return test
    return mark


@pytest.fixture(scope="module", autouse=True)
def slow(request, tmp_path_factory):
    """{case: (Future of its Outcome, Future of the baseline Outcome)} for the SLOW cases of the
    tests the session runs: started with the module's first test, in the background, all at once,
    each through its own plugin server, on a fake of their own regions."""
    names = sorted({SLOW_TESTS[item.originalname] for item in request.session.items
                    if item.originalname in SLOW_TESTS})
    if not names:
        yield {}
        return
    log_dirs = {name: tmp_path_factory.mktemp(name) for name in names}
    baseline_dir = tmp_path_factory.mktemp("slow-baseline")
    armed, plugins = threading.Event(), {}
    with FakeAwsServer(tmp_path_factory.mktemp("slow-fake"), regions=SLOW_REGIONS, latency_ms=0, throttle=False) as fake, \
            ThreadPoolExecutor(len(names) + 1) as pool:
        def arm():
            try:
                return collect(fake, baseline_dir, {"region_filter": list(SLOW_REGIONS)})
            finally:
                fake.inject([r for name in names for r in SLOW[name].rules])
                armed.set()

        def run(name):
            case = SLOW[name]
            armed.wait()
            regions = [r for r in (case.region, case.control) if r]
            return collect(fake, log_dirs[name], {"region_filter": regions, **(case.options or {})}, case.deadline,
                           started=lambda plugin: plugins.__setitem__(name, plugin))

        baseline = pool.submit(arm)
        futures = {name: pool.submit(run, name) for name in names}
        yield {name: (future, baseline) for name, future in futures.items()}
        for name, future in futures.items():  # a session stopped early (-x) does not wait for them
            if not future.done() and name in plugins:
                plugins[name].stop()


def slow_outcome(slow, name):
    """(the case's Outcome, the fault-free baseline of its regions)."""
    future, baseline = slow[name]
    baseline = baseline.result()
    assert_clean_end(baseline, FAST_DEADLINE)
    assert baseline.failures == []
    case = SLOW[name]
    return future.result(), _Baseline(baseline, [r for r in (case.region, case.control) if r])


class _Baseline:
    """The records of a baseline that a collect of these regions has."""

    def __init__(self, baseline, regions):
        self.records = {k: v for k, v in baseline.records.items()
                        if k[0] not in ("inventory.CloudService", "inventory.Region") or k[1] in regions}


TIMED_OUT = r"timed? ?out|timeout"


@slow_case("reset")
def test_a_connection_reset_on_every_attempt_fails_that_call_only(slow):
    outcome, baseline = slow_outcome(slow, "reset")
    region = SLOW["reset"].region
    assert_clean_end(outcome, SLOW["reset"].deadline)
    assert_failures_name_region_api_cause(outcome, r"reset|connection|closed|dispatch|io error")
    assert outcome.failed() == {(region, "ec2:DescribeVolumes"): ["ConnectionReset"]}
    assert len(outcome.faulted()) == 1 and sum(1 for c in outcome.calls if c.get("fault")) == 10
    assert_kept(outcome, baseline, lost=("Volume",), changed={"Instance": VOLUME_KEYS})
    assert_all_of(outcome)


@slow_case("truncated")
def test_a_body_shorter_than_its_length_on_every_attempt_fails_that_call_only(slow):
    outcome, baseline = slow_outcome(slow, "truncated")
    region = SLOW["truncated"].region
    assert_clean_end(outcome, SLOW["truncated"].deadline)
    assert_failures_name_region_api_cause(outcome, r"end of file|incomplete|eof|connection|closed")
    assert outcome.failed() == {(region, "ec2:DescribeInstances"): ["Truncated"]}
    assert_kept(outcome, baseline, lost=("Instance",), changed=WITHOUT_INSTANCES)
    assert_all_of(outcome)


@slow_case("unreachable")
def test_a_region_that_resets_every_connection_fails_alone(slow):
    case = SLOW["unreachable"]
    outcome, baseline = slow_outcome(slow, "unreachable")
    # two calls' time in a row at most: the account id (in the home region), then the region's own
    assert_clean_end(outcome, 2 * 6 * case.options["call_timeout_seconds"] + 20)
    assert_failures_name_region_api_cause(outcome, r"reset|connection|closed|dispatch|io error|" + TIMED_OUT)
    failed = outcome.failed()
    assert {region for region, _ in failed} == {case.region}
    assert set(failed) == {c for c in outcome.faulted()
                           if c[0] == case.region and not c[1].startswith("sts:") and c[1] not in ENRICHMENTS}
    assert all(code in {"ConnectionReset", "Timeout"} for codes in failed.values() for code in codes), failed
    assert re.search(rf"\[WARNING\].*cannot read the account id: sts:GetCallerIdentity in {case.region} failed",
                     outcome.log)
    assert_kept(outcome, baseline, lost=tuple(PRIMARY), regions=(case.region,))
    assert_all_of(outcome)


@slow_case("call-timeout")
def test_a_held_attempt_is_abandoned_after_the_call_timeout_and_retried(slow):
    outcome, baseline = slow_outcome(slow, "call-timeout")
    # two attempts of 1 s, then backoffs of at most 1 and 2 s
    assert_clean_end(outcome, 12)
    assert outcome.failures == []
    assert [c["attempt"] for c in outcome.calls if c["action"] == "DescribeVolumes"] == [1, 2, 3]
    assert len(outcome.faulted("timeout")) == 1
    assert_kept(outcome, baseline)
    assert_all_of(outcome)


@slow_case("call-timeout-every-attempt")
def test_a_call_held_on_every_attempt_fails_on_its_timeout_alone(slow):
    case = SLOW["call-timeout-every-attempt"]
    outcome, baseline = slow_outcome(slow, "call-timeout-every-attempt")
    # the call with its retries gives up after a few attempts' time
    assert_clean_end(outcome, 6 * case.options["call_timeout_seconds"] + 6)
    assert_failures_name_region_api_cause(outcome, TIMED_OUT)
    assert outcome.failed() == {(case.region, "ec2:DescribeVolumes"): ["Timeout"]}
    assert_kept(outcome, baseline, lost=("Volume",), changed={"Instance": VOLUME_KEYS})
    assert_all_of(outcome)


@slow_case("region-timeout")
def test_a_region_past_its_timeout_is_reported_with_the_call_it_waited_for(slow):
    case = SLOW["region-timeout"]
    outcome, _ = slow_outcome(slow, "region-timeout")
    assert_clean_end(outcome, case.options["region_timeout_seconds"] + 5)
    region_failures = [f for f in outcome.failures if f["resource"].get("region_code") == case.region]
    assert region_failures, f"no FAILURE for {case.region}"
    assert all(f["resource"].get("region_code") == case.region for f in outcome.failures)
    timeout = [f for f in region_failures if re.search(TIMED_OUT, f["message"], re.I)]
    assert timeout and case.region in timeout[0]["message"], region_failures
    assert any("ec2:DescribeVolumes" in f["message"] for f in timeout), (
        f"the region's timeout does not say which call it waited for (ec2:DescribeVolumes): {timeout[0]['message']!r}")
    assert_failures_name_region_api_cause(outcome, TIMED_OUT)
    assert_all_of(outcome)


# --- a region task's prologue -------------------------------------------------------------------------

HELD_S = 1.5  # s: how long the account lookup is held


def test_a_region_task_s_calls_go_beside_its_account_lookup_and_its_records_wait_for_it(fake, shared, baseline):
    """Inventory runs one task per region: its lists start while its account lookup
    (GetCallerIdentity) is still out, none of its records goes out before the account is known, and
    each carries it (the records equal a collect's whose lookup was not held)."""
    _plugin, client = shared
    t0, mark = fake.report()["t0_monotonic"], len(fake.call_log())
    fake.inject([rule("timeout", "sts", delay_s=HELD_S)])
    try:
        responses, first_record = [], None
        region_task = {"resource_type": "inventory.CloudService", "service": "EC2", "region": US}
        for response in client.collect({}, SECRET, region_task):
            if first_record is None and response["resource_type"] == "inventory.CloudService":
                first_record = time.monotonic()
            responses.append(response)
    finally:
        fake.inject([])
    calls = fake.call_log()[mark:]
    [lookup] = [c for c in calls if c["action"] == "GetCallerIdentity"]
    # the call log's entry of a held call is written when its hold starts: it answers HELD_S later
    answered = lookup["end"] + HELD_S
    listed = min(c["start"] for c in calls if c["action"] == "DescribeInstances")
    assert lookup.get("fault") == "timeout" and listed < answered - HELD_S / 2, (listed, lookup)
    assert first_record is not None and first_record > t0 + answered
    records = {key(r): r for r in responses if r["state"] == "SUCCESS" and r["resource_type"] == "inventory.CloudService"}
    assert records == {k: r for k, r in baseline.records.items() if k[0] == "inventory.CloudService" and k[1] == US}
    assert not [r for r in responses if r["state"] != "SUCCESS"]

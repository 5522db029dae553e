"""The native module's Python-facing functions fuzzed with hypothesis: arbitrary nested JSON-like
values and wrong Python types for every argument of verify, get_tasks, collect, fetch_snapshot,
replay and the migration steps (instance_*), plus mutations of a real region snapshot that keep
its shape, so that the assembly itself runs on strange data.

Each call must return what it promises or raise the module's own errors (CollectorError and its
subclasses, or TypeError for an argument pyo3 cannot convert): never pyo3's PanicException, never
another exception, never a dead process (deep nesting runs in a subprocess for that reason), and
no response may be a FAILURE made of a caught panic. No secret value may appear in an error.

No network: every AWS endpoint is the in-process `recording_aws` (conftest), which refuses each
request at once, so an input that happens to be valid fails fast instead of waiting on retries.
Bounded: 200 examples per property (100 for those that make many requests; FUZZ_EXAMPLES
overrides), no deadline per example. Derandomized, so that CI runs the same examples every time;
FUZZ_RANDOM=1 explores new ones (hypothesis then prints the seed of a failure to reproduce it).
"""
import copy
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st

from aws_ec2_collector import _core, errors

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = json.loads((ROOT / "tests" / "snapshots" / "parity-us-east-1.json").read_text())
TYPES = _core.CLOUD_SERVICE_TYPES
ALLOWED = (errors.CollectorError, TypeError)
MAX_MESSAGE = 2000  # characters: an error that names a field does not need more
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 200))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ_IO = settings(FUZZ, max_examples=max(1, EXAMPLES // 2))  # the ones that talk to the recorder a lot
STEPS = [getattr(_core, name) for name in _core.INSTANCE_STEPS] + [_core.instance_data_of,
                                                                    _core.instance_cloud_service]


@pytest.fixture(scope="module", autouse=True)
def no_network(recording_aws):
    """Every AWS call of this module goes to the recorder, which refuses it at once."""
    with pytest.MonkeyPatch.context() as env:
        for name in list(os.environ):
            if name.startswith("AWS_"):
                env.delenv(name)
        env.setenv("AWS_ENDPOINT_URL", recording_aws.endpoint)
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")
        env.setenv("AWS_CONFIG_FILE", "/dev/null")
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        yield recording_aws


# -- strategies -------------------------------------------------------------------------------

class Opaque:
    """An object no JSON mapping knows."""


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=24)
json_like = st.recursive(
    scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4),
    max_leaves=16)
odd_scalars = (st.binary(max_size=8) | st.complex_numbers() | st.builds(Opaque) | st.just(float("nan"))
               | st.integers(min_value=2 ** 64, max_value=2 ** 200) | st.integers(max_value=-(2 ** 63) - 1))
wrong_types = st.recursive(
    scalars | odd_scalars,
    lambda kids: (st.lists(kids, max_size=3) | st.tuples(kids, kids) | st.frozensets(st.integers(), max_size=3)
                  | st.dictionaries(st.integers() | st.none() | st.text(max_size=6), kids, max_size=3)),
    max_leaves=10)
anything = json_like | wrong_types

VALID_REGIONS = ["us-east-1", "ap-northeast-2", "eu-west-1", "us-gov-west-1", "ap-southeast-7"]
BAD_REGIONS = ["", "us-east", "US-EAST-1", "us-east-1 ", "us_east_1", "mars", "a" * 40, "us-east-99"]
UNKNOWN_REGIONS = ["us-east-9", "xx-nowhere-1"]


def mostly(strategy, wrong=anything, one_in=8):
    """`strategy`, and one draw in `one_in` from `wrong`: plausible enough to get past the first
    check most of the time, so that the later checks and the work behind them are reached."""
    # hypothesis favours the ends of a range: the wrong branch is a value from its middle
    return st.integers(0, one_in - 1).flatmap(lambda n: wrong if n == one_in // 2 else strategy)


region_like = mostly(st.sampled_from(VALID_REGIONS),
                     st.sampled_from(BAD_REGIONS + UNKNOWN_REGIONS) | st.text(max_size=20))
role_like = mostly(st.sampled_from(["arn:aws:iam::123456789012:role/reader", "arn:aws:iam::123456789012:role/a/b/c",
                                    "arn:aws-cn:iam::123456789012:role/r"]),
                   st.sampled_from(["arn:aws:iam::12345678901:role/r", "arn:aws:iam::123456789012:user/r",
                                    "arn:aws:iam::123456789012:role/", "arn:::::", "reader"]) | anything)
# a fresh access key per call: the client-side rate limits are kept per key, and a key that made
# many calls would have them paced
KEYS = itertools.count()
access_key = st.builds(lambda: f"AKIAFUZZ{next(KEYS):012d}")
secret_text = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+=", min_size=1, max_size=50)


def some(strategy, wrong=anything):
    return mostly(strategy, wrong, one_in=4)


options_like = mostly(st.fixed_dictionaries({}, optional={
    "region_filter": some(st.lists(region_like, max_size=3)),
    "cloud_service_types": some(st.lists(mostly(st.sampled_from(TYPES), st.sampled_from(["EBS", "instance", ""])),
                                         max_size=3)),
    "instance_ids": some(st.lists(mostly(st.sampled_from(["i-0abc", "i-0123456789abcdef0"]),
                                         st.sampled_from(["i-", "vol-1", "i-zz"]) | st.text(max_size=12)), max_size=3)),
    "service_filter": some(st.lists(mostly(st.just("EC2"), st.sampled_from(["S3", "ec2"])), max_size=2)),
    "vulnerable_ports": some(mostly(st.sampled_from(["22,3306", "", " 22 , 80 ", "22,,"]),
                                    st.sampled_from(["x", "99999", "-1"]))),
    "call_timeout_seconds": some(st.sampled_from([0.5, 30, 600]) | st.floats(allow_nan=False) | st.integers()),
    "region_timeout_seconds": some(st.sampled_from([1, 1800, 86400]) | st.floats(allow_nan=False) | st.integers()),
    "unknown_option": json_like,
}))
secret_like = mostly(st.fixed_dictionaries({
    "aws_access_key_id": mostly(access_key, st.sampled_from(["", "  ", "AKIA X", " AKIA", "A" * 129]) | anything),
    "aws_secret_access_key": mostly(secret_text),
}, optional={
    "aws_session_token": mostly(secret_text),
    "role_arn": role_like,
    "external_id": mostly(st.text("abcdefghij0123456789-_=,.@:/", min_size=2, max_size=20)),
}))
task_like = st.none() | mostly(st.fixed_dictionaries({
    "resource_type": mostly(st.sampled_from(["inventory.CloudService", "inventory.CloudServiceType",
                                             "inventory.Region", "inventory.Metric"]),
                            st.sampled_from(["inventory.Namespace", ""]) | anything),
}, optional={
    "service": mostly(st.just("EC2"), st.just("S3") | anything),
    "services": some(st.lists(st.sampled_from(["EC2", "S3"]), max_size=2)),
    "region": region_like,
    "regions": some(st.lists(region_like, max_size=3)),
}))


# -- checks -----------------------------------------------------------------------------------

def attempt(fn, *args, **kwargs):
    """("ok", result) or ("refused", error) for the allowed errors, checked; anything else
    (PanicException is a BaseException) fails the test with what escaped."""
    try:
        result = fn(*args, **kwargs)
        note(f"{fn.__name__}: ok")
        return "ok", result
    except ALLOWED as e:
        note(f"{fn.__name__}: {type(e).__name__} {getattr(e, 'field', '')}".rstrip())
        check_error(e)
        return "refused", e
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # noqa: B036 - the point is to catch what must not escape
        raise AssertionError(f"{type(e).__module__}.{type(e).__qualname__} escaped {fn.__name__}: {e!r:.500}") from None


def note(outcome):
    """--hypothesis-show-statistics then shows how far the examples got."""
    if currently_in_test_context():
        event(outcome)


def check_error(e):
    message = str(e)
    assert "panic" not in message.lower(), f"a caught panic: {message[:500]}"
    if isinstance(e, errors.InvalidArgument):
        assert isinstance(e.field, str) and e.field, repr(e)
        assert message == f"invalid {e.field}: {e.reason}", message[:300]
    if isinstance(e, errors.AwsError):
        assert isinstance(e.operation, str) and e.operation, repr(e)
        assert all(v is None or isinstance(v, str) for v in (e.region, e.code)), repr(e)


def check_responses(responses):
    for response in responses:
        assert isinstance(response, dict) and response.get("state") in ("SUCCESS", "FAILURE"), str(response)[:300]
        if response["state"] == "FAILURE":
            message = response.get("error_message") or ""
            assert "panic" not in message.lower(), f"a record lost to a panic: {message[:500]}"


def drain(stream, close_after=None):
    """Every response of a RecordStream (or the first `close_after`, then closes it)."""
    out = []
    for response in stream:
        out.append(response)
        if close_after is not None and len(out) >= close_after:
            break
    stream.close()
    assert next(stream, None) is None  # closed: nothing more, no error
    return out


# -- the plugin functions ---------------------------------------------------------------------

@FUZZ
@given(secret_data=secret_like, options=options_like)
def test_verify_and_get_tasks_survive_arbitrary_input(secret_data, options):
    outcome, result = attempt(_core.verify, secret_data, options)
    if outcome == "ok":  # the recorder refuses every key, so this is a bug of the test
        pytest.fail(f"verify accepted credentials the recorder refuses: {result!r}")
    outcome, tasks = attempt(_core.get_tasks, secret_data, options)
    if outcome == "ok":
        assert isinstance(tasks, list) and all(set(t) == {"task_options"} for t in tasks), tasks


@FUZZ
@given(secret_data=secret_like, options=options_like, task_options=task_like,
       close_after=st.none() | st.integers(0, 3))
def test_collect_survives_arbitrary_input(secret_data, options, task_options, close_after):
    outcome, stream = attempt(_core.collect, secret_data, options, task_options)
    if outcome == "ok":
        assert isinstance(stream, _core.RecordStream)
        outcome, responses = attempt(drain, stream, close_after)
        if outcome == "ok":
            check_responses(responses)


@FUZZ_IO
@given(secret_data=secret_like, options=options_like, region=region_like)
def test_fetch_snapshot_survives_arbitrary_input(secret_data, options, region):
    outcome, text = attempt(_core.fetch_snapshot, secret_data, options, region)
    if outcome == "ok":
        snapshot = json.loads(text)
        assert snapshot["region"] == region
        outcome, responses = attempt(_core.replay, text)
        assert outcome == "ok", responses
        check_responses(responses)


MARKER = "ZQXJKVW/+="  # characters no error text of the core is made of


@FUZZ
@given(secret=st.fixed_dictionaries({
    "aws_access_key_id": st.text(MARKER, min_size=8, max_size=200),
    "aws_secret_access_key": st.text(MARKER, min_size=8, max_size=300),
}, optional={
    "aws_session_token": st.text(MARKER, min_size=8, max_size=9000),
    "role_arn": role_like,
    "external_id": st.text(MARKER + " ", min_size=8, max_size=1300),
}), padding=st.sampled_from(["", " ", "\n"]), options=options_like)
def test_no_error_shows_a_secret_value(secret, padding, options):
    """Whatever is wrong with the request (here: values too long, padded with whitespace, an
    external id without a role, bad options), the error never echoes a secret value."""
    secret = {k: (v + padding if k != "role_arn" else v) for k, v in secret.items()}
    values = [v.strip() for k, v in secret.items() if k != "role_arn"]
    # (fetch_snapshot validates with the same code; its AWS errors are checked in e2e/test_secrets.py)
    for fn, args in ((_core.verify, (secret, options)), (_core.get_tasks, (secret, options)),
                     (_core.collect, (secret, options, {"resource_type": "inventory.Metric"}))):
        outcome, result = attempt(fn, *args)
        if isinstance(result, _core.RecordStream):
            result = drain(result)
        text = str(result) + repr(getattr(result, "__dict__", ""))
        shown = [v[:8] + "..." for v in values if v in text]
        assert not shown, f"{fn.__name__} showed secret values {shown}: {text[:300]}"


HEADER_UNSAFE = st.characters(max_codepoint=0x1f) | st.sampled_from(["\x7f", "\x85", " ", "é", "€", "\u2028", "\ufeff"])


@FUZZ
@given(key=st.sampled_from(["aws_access_key_id", "aws_secret_access_key", "aws_session_token"]),
       before=st.text(MARKER, min_size=4, max_size=20), bad=st.text(HEADER_UNSAFE, min_size=1, max_size=3),
       after=st.text(MARKER, min_size=4, max_size=20), blank=st.booleans(),
       fn=st.sampled_from(["verify", "get_tasks", "collect"]))
def test_a_key_no_http_header_can_carry_is_named_before_any_call(no_network, key, before, bad, after, blank, fn):
    """A control, space or non-ASCII character inside a key or token, or a value of whitespace only:
    InvalidArgument naming the key (the SDK would panic building the header), no request."""
    secret = {"aws_access_key_id": "AKIAFUZZHEADER000001", "aws_secret_access_key": "fuzz/header+secret=0000"}
    secret[key] = " \t " if blank else before + bad + after
    no_network.clear()
    args = (secret, {"region_filter": ["us-east-1"]}) + (({"resource_type": "inventory.CloudService",
                                                          "region": "us-east-1"},) if fn == "collect" else ())
    outcome, error = attempt(getattr(_core, fn), *args)
    assert outcome == "refused" and isinstance(error, errors.InvalidArgument), (outcome, error)
    assert error.field == f"secret_data.{key}", error
    assert no_network.requests == [], "a refused key reached AWS"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 10 ** 30, -(10 ** 30), 2 ** 64, 1e-300,
                                   1e308, -0.0, "NaN", "1e308"], ids=repr)
@pytest.mark.parametrize("name", ["call_timeout_seconds", "region_timeout_seconds"])
def test_a_timeout_at_the_extremes_is_named(no_network, name, value):
    """In a direct call (where Python ints are unbounded and NaN is a float), each extreme value is
    InvalidArgument naming the option, not "options" as a whole nor silently the default."""
    no_network.clear()
    secret = {"aws_access_key_id": "AKIAFUZZEXTREME00001", "aws_secret_access_key": "fuzz/extreme+secret=000"}
    for fn in (_core.verify, _core.get_tasks):
        outcome, error = attempt(fn, secret, {"region_filter": ["us-east-1"], name: value})
        assert outcome == "refused" and isinstance(error, errors.InvalidArgument), (outcome, error)
        assert error.field == f"options.{name}", error
    assert no_network.requests == []


def test_a_non_finite_number_anywhere_is_named_where_it_is(no_network):
    error = attempt(_core.verify, {"aws_access_key_id": "AKIAFUZZ", "aws_secret_access_key": "fuzz-secret"},
                    {"region_filter": ["us-east-1"], "other": [1, {"deep": float("nan")}]})[1]
    assert isinstance(error, errors.InvalidArgument) and error.field == "options.other[1].deep", error


# -- replay and the migration steps -----------------------------------------------------------

SNAPSHOT_LISTS = [k for k in SNAPSHOT if k not in ("region", "account_id")]
instance_like = some(st.fixed_dictionaries({"InstanceId": some(st.text(max_size=20))}, optional={
    key: anything for key in ("ImageId", "InstanceType", "LaunchTime", "Placement", "State", "SubnetId", "VpcId",
                              "NetworkInterfaces", "BlockDeviceMappings", "SecurityGroups", "Tags", "Platform",
                              "PlatformDetails", "Architecture", "CpuOptions", "Monitoring", "IamInstanceProfile",
                              "PrivateIpAddress", "PublicIpAddress", "AmiLaunchIndex", "EbsOptimized")}))
related_like = st.dictionaries(st.sampled_from(SNAPSHOT_LISTS) | st.text(min_size=1, max_size=10), anything,
                               max_size=3)


@FUZZ
@given(step=st.sampled_from(STEPS), instance=instance_like, region=some(region_like), account=some(st.text()),
       related=related_like)
def test_migration_steps_survive_arbitrary_input(step, instance, region, account, related):
    attempt(step, instance, region, account, **related)


@FUZZ
@given(snapshot=some(st.fixed_dictionaries({"region": some(region_like)}, optional={
    key: anything for key in SNAPSHOT_LISTS + ["account_id", "gaps"]})) | json_like.map(json.dumps) | st.text(),
    types=st.none() | some(st.lists(st.sampled_from(TYPES + ["EBS"]), max_size=3)))
def test_replay_survives_arbitrary_input(snapshot, types):
    outcome, responses = attempt(_core.replay, snapshot, types)
    if outcome == "ok":
        check_responses(responses)


# Mutations of a real snapshot: the shape stays boto3's, so the input gets past deserialization
# and the assembly runs on odd values, missing keys, emptied or duplicated lists, swapped ids.

def nodes(value, path=()):
    yield path, value
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from nodes(child, path + (key,))


NODES = [(path, value) for path, value in nodes(SNAPSHOT) if path]
IDS = sorted({v for _, v in NODES if isinstance(v, str) and v[:2] in ("i-", "sg", "vo", "sn", "su", "vp", "am", "ar")})
DELETE = object()
ODD_TEXT = ["", "0", "-1", " ", "not a date", "2024-13-45T99:99:99Z", "1970-01-01T00:00:00Z", "0.0.0.0/0", "::/0",
            "10.0.0.0/33", "i-", "arn:", "/", "\u0000", "é" * 3, "9" * 30, "x" * 2000]


def replacement(value):
    common = st.just(DELETE) | st.none()
    if isinstance(value, bool):
        return st.booleans() | common
    if isinstance(value, int):
        edges = st.sampled_from([0, -1, 2 ** 31, -(2 ** 31), 2 ** 63 - 1])
        return st.integers(-(2 ** 63), 2 ** 63 - 1) | edges | common
    if isinstance(value, float):
        return st.floats() | common
    if isinstance(value, str):
        return st.text(max_size=30) | st.sampled_from(ODD_TEXT) | st.sampled_from(IDS) | common
    if isinstance(value, list):
        return st.just([]) | st.just(value + value) | st.just(value[:1] * 3) | common
    return st.just({}) | common


def put(root, path, new):
    parent = root
    for key in path[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return  # an earlier mutation removed the way there
    key = path[-1]
    try:
        if new is DELETE:
            del parent[key]
        else:
            parent[key] = new
    except (KeyError, IndexError, TypeError):
        pass


@st.composite
def mutations(draw):
    """[(path, new value or DELETE)]: small to print when hypothesis reports a failing example."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        path, value = draw(st.sampled_from(NODES))
        out.append((path, draw(replacement(value))))
    return out


def mutated(changes):
    snapshot = copy.deepcopy(SNAPSHOT)
    for path, new in changes:
        put(snapshot, path, new if new is DELETE else copy.deepcopy(new))
    return snapshot


@FUZZ
@given(changes=mutations(), as_text=st.booleans())
def test_replay_and_steps_survive_mutated_real_snapshots(changes, as_text):
    snapshot = mutated(changes)
    outcome, responses = attempt(_core.replay, json.dumps(snapshot) if as_text else snapshot)
    if outcome == "ok":
        check_responses(responses)
    related = {k: v for k, v in snapshot.items() if k in SNAPSHOT_LISTS}
    instances = [i for r in snapshot.get("reservations") or [] if isinstance(r, dict)
                 for i in r.get("Instances") or []][:1]
    for instance in instances:  # instance_cloud_service runs every step
        attempt(_core.instance_cloud_service, instance, snapshot.get("region", ""), "123456789012", **related)


# -- deterministic edges ----------------------------------------------------------------------

def test_the_unmutated_snapshot_replays_cleanly():
    """The seed of the mutations is good data: every response a SUCCESS."""
    responses = _core.replay(SNAPSHOT)
    assert len(responses) > 10 and {r["state"] for r in responses} == {"SUCCESS"}


BIG = "Q" * 1_000_000
US = {"aws_access_key_id": "AKIAFUZZBIGVALUE0001", "aws_secret_access_key": "fuzz-secret-value-000000000000000000000"}
ECHOING = {
    "options.region_filter[0]": lambda: _core.get_tasks(US, {"region_filter": [BIG]}),
    "options.service_filter[0]": lambda: _core.get_tasks(US, {"region_filter": ["us-east-1"], "service_filter": [BIG]}),
    "options.cloud_service_types[0]": lambda: _core.get_tasks(US, {"cloud_service_types": [BIG]}),
    "options.instance_ids[0]": lambda: _core.get_tasks(US, {"instance_ids": [BIG]}),
    "options.vulnerable_ports": lambda: _core.get_tasks(US, {"vulnerable_ports": BIG}),
    "options.call_timeout_seconds": lambda: _core.get_tasks(US, {"region_filter": ["us-east-1"],
                                                                 "call_timeout_seconds": BIG}),
    "task_options.region": lambda: _core.collect(US, {}, {"resource_type": "inventory.CloudService", "region": BIG}),
    "task_options.service": lambda: _core.collect(US, {}, {"resource_type": "inventory.CloudService",
                                                          "service": BIG, "region": "us-east-1"}),
    "region": lambda: _core.fetch_snapshot(US, {}, BIG),
    "cloud_service_types[0]": lambda: _core.replay({"region": "us-east-1"}, [BIG]),
    "snapshot": lambda: _core.replay(BIG),
    "related": lambda: _core.instance_os({"InstanceId": "i-1"}, volumes=[{"VolumeId": 1, "x": BIG}]),
    BIG[:40]: lambda: _core.instance_os({"InstanceId": "i-1"}, **{BIG: []}),
}


@pytest.mark.parametrize("field", list(ECHOING), ids=[f[:30] for f in ECHOING])
def test_an_oversized_value_gives_a_short_error_naming_the_field(field):
    """A megabyte where a short string belongs: InvalidArgument naming the field, in a message
    short enough for a log line and a gRPC status (which clients refuse beyond 8-16 KB)."""
    outcome, error = attempt(ECHOING[field])
    assert outcome == "refused" and isinstance(error, errors.InvalidArgument), error
    assert error.field.startswith(field), error.field[:100]
    assert len(str(error)) <= MAX_MESSAGE, f"{len(str(error))} characters: {str(error)[:200]}..."


DEEP = r"""
import sys
from aws_ec2_collector import _core, errors

which, depth = sys.argv[1], int(sys.argv[2])
deep = []
for _ in range(depth):
    deep = [deep]
secret = {"aws_access_key_id": "AKIAFUZZDEEP00000001", "aws_secret_access_key": "fuzz-deep-secret-0000000000"}
calls = {
    "options": lambda: _core.get_tasks(secret, {"region_filter": ["us-east-1"], "x": deep}),
    "secret_data": lambda: _core.get_tasks(dict(secret, x=deep), {"region_filter": ["us-east-1"]}),
    "task_options": lambda: _core.collect(secret, {}, {"resource_type": "inventory.Metric", "x": deep}),
    "related": lambda: _core.instance_os({"InstanceId": "i-1"}, volumes=deep),
    "instance": lambda: _core.instance_os({"InstanceId": "i-1", "Tags": deep}),
    "snapshot": lambda: _core.replay({"region": "us-east-1", "reservations": [{"Instances": [{"Tags": deep}]}]}),
    "snapshot-text": lambda: _core.replay('{"region": "us-east-1", "x": ' + "[" * depth + "]" * depth + "}"),
}
try:
    calls[which]()
except (errors.CollectorError, TypeError) as e:
    print("refused:", type(e).__name__, str(e)[:200])
else:
    print("accepted")
"""


@pytest.mark.parametrize("which", ["options", "secret_data", "task_options", "related", "instance", "snapshot",
                                   "snapshot-text"])
def test_deeply_nested_input_is_refused_not_a_crash(which, no_network):
    """100,000 nested lists (as a JSON-like value from Python, where protobuf's depth limit does not
    apply): an error or an accepted call, never a dead interpreter. In a subprocess, as a stack
    overflow would kill the test run."""
    proc = subprocess.run([sys.executable, "-c", DEEP, which, "100000"], env=dict(os.environ), cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    died = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
    assert proc.returncode == 0, f"the interpreter died ({died}): {proc.stderr[-500:]}"
    assert proc.stdout.startswith(("refused:", "accepted")), proc.stdout + proc.stderr[-500:]
    assert "panic" not in proc.stdout.lower()

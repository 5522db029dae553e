"""The `ec2-collector` command as a user runs it: a subprocess against the e2e moto (endpoint from
AWS_ENDPOINT_URL, credentials from the environment or --secret-file), its records compared with
the seeded fleet and with what the plugin server returns over gRPC; its exit codes and messages
for bad input, rejected credentials and files; and no secret value in anything it prints or
writes (every run is checked)."""
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from demo.fleet import REGIONS
from demo.grpc_client import CALL_TIMEOUT
from demo.servers import aws_env, venv_bin

US = REGIONS[0]


def command():
    """The installed console script, else the module (before the wheel with the script is installed)."""
    script = Path(venv_bin("ec2-collector"))
    return [str(script)] if script.exists() else [sys.executable, "-m", "aws_ec2_collector.cli"]


def env_of(secret):
    return {"AWS_ACCESS_KEY_ID": secret["aws_access_key_id"], "AWS_SECRET_ACCESS_KEY": secret["aws_secret_access_key"]}


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli-out")


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory):
    """Writes a --secret-file (outside out_dir: it is the one file meant to hold a secret)."""
    where = tmp_path_factory.mktemp("cli-secrets")

    def write(secret, name="secret.json"):
        path = where / name
        path.write_text(json.dumps(secret))
        return str(path)
    return write


@pytest.fixture(scope="module")
def cli(moto, secret, out_dir):
    """Runs ec2-collector in out_dir with `secret` in the environment (env=None: no credentials),
    then checks that no value of any secret it was given shows in stdout, stderr or out_dir."""
    def run(*args, env=env_of(secret), secrets=(), stderr=subprocess.PIPE):  # noqa: B008 (one env per test)
        environ = dict(aws_env(moto.endpoint), **(env or {}))
        proc = subprocess.run(command() + [str(a) for a in args], cwd=out_dir, env=environ, text=True,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, timeout=CALL_TIMEOUT)
        values = [v for s in (secret, *secrets) for v in s.values()] + list((env or {}).values())
        texts = [proc.stdout or "", proc.stderr or ""] + [p.read_text() for p in out_dir.iterdir() if p.is_file()]
        assert not [v for v in values if any(v in t for t in texts)], "a secret value was printed or written"
        assert "Traceback" not in (proc.stderr or "")
        return proc
    return run


def lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def cloud_services(responses):
    """{(type, region, resource id): data} of the CloudService records of core responses."""
    return {(cs["cloud_service_type"], cs["region_code"], cs["reference"]["resource_id"]): json.loads(cs["json_data"])
            for cs in (r.get("cloud_service") for r in responses) if cs}


def test_collect_writes_the_records_of_the_seeded_fleet(cli, out_dir, moto, described, collect_all):
    proc = cli("collect", "--region", REGIONS[0], "--region", REGIONS[1], "--out", "fleet.jsonl")
    assert proc.returncode == 0, proc.stderr
    responses = lines((out_dir / "fleet.jsonl").read_text())
    assert {r["state"] for r in responses} == {"SUCCESS"}
    records = cloud_services(responses)
    for region in REGIONS:
        seeded = moto.fleet["regions"][region]
        ids = lambda kind: {rid for (t, reg, rid) in records if t == kind and reg == region}  # noqa: E731, B023
        assert ids("Instance") == set(described[region])
        assert ids("Instance") == set(seeded["instances"].values()) | set(seeded["asg_instances"])
        assert set(seeded["security_groups"].values()) <= ids("SecurityGroup")
        assert any(rid.endswith("/" + seeded["volume"]) for rid in ids("Volume"))
        assert {records[("EIP", region, rid)]["PublicIp"] for rid in ids("EIP")} == {seeded["eip"]}
    served = {(cs["cloud_service_type"], cs["region_code"], cs["reference"]["resource_id"]): cs["_data"]
              for cs in (r["resource"] for r in collect_all(None) if r["resource_type"] == "inventory.CloudService")}
    assert records == served
    # not a terminal: plain log lines, then the summary
    assert f"INFO region {US}: collecting" in proc.stderr
    assert f"region {US}: {len(described[US])} instances" in proc.stderr
    assert "\x1b[" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == f"{len(responses)} records, 0 failures to fleet.jsonl"


def test_collect_with_a_secret_file_types_and_instance_ids_to_stdout(cli, secret, secret_file, described):
    wanted = sorted(described[US])[:2]
    proc = cli("collect", "--secret-file", secret_file(secret), "--region", US, "--type", "Instance",
               "--instance-id", wanted[0], "--instance-id", wanted[1], env=None)
    assert proc.returncode == 0, proc.stderr
    records = cloud_services(lines(proc.stdout))
    assert sorted(records) == [("Instance", US, i) for i in wanted]
    assert all(records[("Instance", US, i)]["compute"]["instance_id"] == i for i in wanted)


def test_snapshot_then_replay_gives_the_records_of_collect(cli, out_dir, secret, secret_file, described):
    snap = cli("snapshot", "--region", US, "--out", "us.snapshot.json", "--secret-file", secret_file(secret),
               "--log-level", "DEBUG", env=None)
    assert snap.returncode == 0, snap.stderr
    snapshot = json.loads((out_dir / "us.snapshot.json").read_text())
    assert snapshot["region"] == US and snapshot["account_id"] == "123456789012"
    assert "gaps" not in snapshot
    assert {i["InstanceId"] for r in snapshot["reservations"] for i in r["Instances"]} == set(described[US])

    replay = cli("replay", "us.snapshot.json", "--out", "us.replay.jsonl", env=None)
    assert replay.returncode == 0, replay.stderr
    collect = cli("collect", "--region", US)
    assert collect.returncode == 0, collect.stderr
    replayed = cloud_services(lines((out_dir / "us.replay.jsonl").read_text()))
    assert len(replayed) > len(described[US])
    assert replayed == cloud_services(lines(collect.stdout))

    volumes = cli("replay", "us.snapshot.json", "--type", "Volume", env=None)
    assert volumes.returncode == 0, volumes.stderr
    assert {t for t, _, _ in cloud_services(lines(volumes.stdout))} == {"Volume"}


@pytest.mark.parametrize("args, message", [
    (["collect", "--region", "bogus"], 'error: options.region_filter[0]: "bogus" is not an AWS region code'),
    (["collect", "--region", US, "--type", "Bogus"], 'error: options.cloud_service_types[0]: unknown type "Bogus"'),
    (["collect", "--region", US, "--instance-id", "web-1"], "error: options.instance_ids[0]:"),
    (["snapshot", "--region", "us_east_1", "--out", "never.json"], "error: options.region_filter[0]:"),
    (["collect", "--regions", US], "error: unrecognized arguments: --regions"),
    (["snapshot", "--region", US], "error: the following arguments are required: --out"),
])
def test_bad_usage_and_bad_input_exit_2_with_the_field(cli, out_dir, args, message):
    proc = cli(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""
    assert not (out_dir / "never.json").exists()


def test_bad_files_and_missing_credentials_exit_2(cli, out_dir, secret_file):
    (out_dir / "not-a-snapshot.json").write_text("region: us-east-1\n")
    (out_dir / "empty.snapshot.json").write_text('{"region": "us-east-1"}')
    cases = [
        (["replay", "not-a-snapshot.json"], "error: snapshot: "),
        (["replay", "empty.snapshot.json", "--type", "Bogus"], 'error: cloud_service_types[0]: unknown type "Bogus"'),
        (["collect", "--secret-file", secret_file(["not", "an object"], "list.json")], "must hold a JSON object"),
        (["collect", "--region", US], "error: secret_data.aws_access_key_id: is required (set AWS_ACCESS_KEY_ID"),
    ]
    for args, message in cases:
        proc = cli(*args, env=None)
        assert (proc.returncode, message in proc.stderr) == (2, True), (args, proc.stderr)


def test_rejected_credentials_exit_3(cli, out_dir, secret):
    wrong = dict(secret, aws_secret_access_key="not-the-secret-key-of-this-user")
    for args in (["collect", "--region", US], ["snapshot", "--region", US, "--out", "rejected.json"]):
        proc = cli(*args, env=env_of(wrong), secrets=[wrong])
        assert proc.returncode == 3, proc.stderr
        assert "error: AWS rejected the credentials: sts:GetCallerIdentity" in proc.stderr
        assert proc.stdout == ""
    assert not (out_dir / "rejected.json").exists()


def test_a_snapshot_holding_a_given_secret_value_is_not_written(cli, out_dir, moto):
    # the fleet's instances carry the tag env=demo: as the external id, "demo" is a secret value
    proc = cli("snapshot", "--region", US, "--out", "leak.json", "--role-arn", moto.fleet["role_arn"],
               "--external-id", "demo")
    assert proc.returncode == 3, proc.stderr
    assert "error: refusing to write leak.json: the snapshot contains the value of secret_data.external_id" \
        in proc.stderr
    assert not (out_dir / "leak.json").exists()


def test_files_that_cannot_be_read_or_written_exit_3(cli):
    for args, message in [
        (["replay", "missing.json"], "error: cannot read snapshot missing.json: No such file or directory"),
        (["collect", "--secret-file", "missing.json"], "error: cannot read --secret-file missing.json"),
        (["collect", "--region", US, "--type", "EIP", "--out", "no-dir/x.jsonl"], "error: cannot write no-dir/x.jsonl"),
    ]:
        proc = cli(*args)
        assert (proc.returncode, message in proc.stderr) == (3, True), (args, proc.stderr)


def test_failure_responses_are_written_and_exit_1(cli, no_elb_secret, described):
    proc = cli("collect", "--region", US, "--log-level", "DEBUG", env=env_of(no_elb_secret), secrets=[no_elb_secret])
    assert proc.returncode == 1, proc.stderr
    responses = lines(proc.stdout)
    failures = [r for r in responses if r["state"] == "FAILURE"]
    assert sorted(f["error_data"]["operation"] for f in failures) == [
        "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroups"]
    assert {i for t, _, i in cloud_services(responses) if t == "Instance"} == set(described[US])
    assert f"WARNING region {US}: {len(described[US])} instances" in proc.stderr
    assert proc.stderr.splitlines()[-1] == f"{len(responses) - 2} records, 2 failures"


def test_a_terminal_gets_a_live_table_of_the_regions(cli, out_dir, secret):
    master, slave = pty.openpty()
    try:
        proc = cli("collect", "--region", REGIONS[0], "--region", REGIONS[1], "--out", "tty.jsonl", stderr=slave)
    finally:
        os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child's side is closed and everything was read
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    assert proc.returncode == 0
    text = screen.decode().replace("\r", "").replace("\x1b[K", "")
    table = text[text.rindex("REGION"):].splitlines()
    counts = {}
    for r in lines((out_dir / "tty.jsonl").read_text()):
        region = (r.get("cloud_service") or {}).get("region_code", "(global)")
        counts[region] = counts.get(region, 0) + 1
    rows = {row.split()[0]: row.split()[1:] for row in table[1:] if row.split() and row.split()[0] in counts}
    assert rows == {region: ["done", str(n), "0"] for region, n in counts.items()}
    assert "\x1b[" in text and "error" not in text
    assert not [v for v in secret.values() if v in text]


def test_help_of_every_command_explains_every_option(cli):
    from aws_ec2_collector.cli import build_parser

    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in subcommands.items():
        assert all(action.help for action in sub._actions), name
        proc = cli(name, "--help", env=None)
        assert proc.returncode == 0
        for action in sub._actions:
            assert (action.option_strings or [action.metavar])[0] in proc.stdout
        assert "exit codes:" in proc.stdout
    for name in ("collect", "snapshot"):
        text = cli(name, "--help", env=None).stdout
        for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
            assert var in text, (name, var)

"""Every world against the upstream's own output: the shared parity kit (../shared/parity/run,
from the repo root) runs each world's fake AWS and this plugin (`make -s serve`), and compares
every EC2 record (all cloud service types, their CloudServiceTypes, Regions, Namespaces and
Metrics) with the golden the upstream plugin 1.0.36 produced for the same world, but for the
differences declared in tests/parity/differences.json.

Worlds: the kit's fixture A and fixture C, and the worlds of tests/parity/worlds/ (each a seeded
fixture script with its golden, made with the kit's make_golden and the upstream as ORACLE_CMD;
tests/parity/worlds/README.md says what each covers). A world's `<name>.options.json`, when there,
holds the collector options its golden was made with. Skipped when the kit is not there."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT.parent / "shared" / "parity"
RUN = KIT / "run"
WORLDS = Path(__file__).resolve().parent / "worlds"
DIFFERENCES = Path(__file__).resolve().parent / "differences.json"


def worlds() -> list:
    """(name, fixture script or None for the kit's default, golden, options)."""
    found = [
        ("A", None, KIT / "golden" / "ec2_v2.jsonl", {}),
        ("C", KIT / "fixtures" / "fixture_c.py", KIT / "golden" / "ec2_v2_c.jsonl", {}),
    ]
    for golden in sorted(WORLDS.glob("*.jsonl")):
        options_file = golden.with_suffix(".options.json")
        options = json.loads(options_file.read_text()) if options_file.exists() else {}
        found.append((golden.stem, golden.with_suffix(".py"), golden, options))
    return found


WORLD_LIST = worlds()
# rule (record, path) -> worlds it matched in, filled as the worlds run
MATCHED: dict = {}


def definitions(jsonl: Path) -> list:
    """Every Namespace and Metric record of a stream, comparable."""
    kinds = ("inventory.Namespace", "inventory.Metric")
    responses = [json.loads(line)["response"] for line in jsonl.read_text().splitlines() if line.strip()]
    return sorted(json.dumps(r["resource"], sort_keys=True) for r in responses if r.get("resource_type") in kinds)


def run_world(fixture, golden, options, keep):
    args = [str(RUN), "--keep", str(keep)]
    if fixture is not None:
        args += ["--fixture", str(fixture), "--golden", str(golden)]
    env = dict(os.environ)
    env.pop("PARITY_OPTIONS_JSON", None)
    if options:
        env["PARITY_OPTIONS_JSON"] = json.dumps(options)
    return subprocess.run(
        args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True, env=env,
    )


@pytest.mark.skipif(not RUN.exists(), reason=f"parity kit not found at {RUN}")
@pytest.mark.parametrize("name,fixture,golden,options", WORLD_LIST, ids=[w[0] for w in WORLD_LIST])
def test_every_record_of_the_world_matches_the_upstream_golden(name, fixture, golden, options, tmp_path):
    keep = tmp_path / "parity"
    proc = run_world(fixture, golden, options, keep)
    out = proc.stdout
    report = keep / "report.txt"
    lines = [line for line in (report.read_text() if report.exists() else "").splitlines() if line.strip()]
    assert lines, out[-6000:]
    last = lines[-1]
    assert proc.returncode == 0, report.read_text()[-12000:] if report.exists() else out[-6000:]
    # every record in scope identical (but for declared differences), none missing
    counted = last.removeprefix("parity: ").split(" records identical")[0]
    identical, total = (int(n) for n in counted.split("/"))
    assert identical == total and total > 0, last
    # the kit compares EC2's namespaces and metrics; the upstream's Metric task also emits the
    # other services' (out of the kit's scope): the whole set must be the same
    assert definitions(keep / "candidate.jsonl") == definitions(golden)
    for entry in json.loads((keep / "report.json").read_text()).get("declared", []):
        if entry.get("hits"):
            rule = entry["rule"]
            MATCHED.setdefault((rule["record"], rule["path"]), set()).add(name)


@pytest.mark.skipif(not RUN.exists(), reason=f"parity kit not found at {RUN}")
def test_every_declared_difference_is_seen_in_some_world():
    """Runs after the worlds (pytest keeps file order): a rule no world shows is stale."""
    if len(MATCHED) == 0:
        pytest.skip("no world ran in this session")
    rules = json.loads(DIFFERENCES.read_text())
    stale = [(r["record"], r["path"]) for r in rules if (r["record"], r["path"]) not in MATCHED]
    assert not stale, f"declared differences that no world shows: {stale}"
    for rule in rules:
        assert rule.get("why"), rule
        # a record's identity never differs
        identity = ("reference.resource_id", "name", "account", "region_code", "cloud_service_type",
                    "cloud_service_group", "provider", "match_rules")
        assert not any(rule["path"] in (k, f"resource.{k}") for k in identity), rule

"""Real AWS answers (../shared/real-aws, see its README.md) against this checkout's model and build.

boto3's reading of each recorded body (real-aws/expected/) is the reference: the snapshot must
keep every value boto3 read of the items it passes through. Two checks, both with that kit's
check.py, so the comparison rules (timestamps as instants, numbers as numbers) are its own:

* the model alone (no build): every key boto3 read has a place in the model (src/model/*.rs as
  check.py reads them), with a type its value fits;
* the build: run.sh serves the bodies to `.venv/bin/ec2-collector collect` and `snapshot`
  (replay.py, loopback only), check.py compares each snapshot with expected/; any DROPPED,
  MISREAD or LENGTH outside the quirks round (documentation slips) fails. This one needs the
  checkout built (`make build`; the venv's collector must be this source's) and is skipped
  without it.

Skipped when the kit is absent (REAL_AWS_DIR names another place for it).
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KIT = Path(os.environ.get("REAL_AWS_DIR") or ROOT.parent / "shared" / "real-aws")
COLLECTOR = ROOT / ".venv" / "bin" / "ec2-collector"
# a failure of these kinds is a value of boto3's the snapshot lost or changed
LOST = ("DROPPED", "MISREAD", "LENGTH")

pytestmark = pytest.mark.skipif(not (KIT / "check.py").exists(), reason=f"no real AWS answers kit at {KIT}")


def _check_module():
    spec = importlib.util.spec_from_file_location("real_aws_check", KIT / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_key_boto3_read_has_a_place_in_the_model():
    check = _check_module()
    model = check.Model(str(ROOT))
    report = check.Report()
    compared = 0
    for path in sorted((KIT / "expected").glob("*/*.json")):
        service, action = path.parent.name, path.stem.rsplit("-", 1)[0]
        name = f"{service}/{action}"
        if name not in check.ACTIONS:
            continue
        field, key, per_item = check.ACTIONS[name]
        if name == "ec2/DescribeImages":
            field = "images"  # owned_images holds the same type
        if field in ("account_id", "termination_protection"):
            continue  # scalars of the snapshot, not items
        expected = json.loads(path.read_text())
        per_key = re.fullmatch(r"HashMap<String,\s*(.+)>", model.top[field])  # one answer per item asked
        typ = per_key.group(1) if per_key else model.top[field]
        if key is None:  # DescribeVolumeAttribute: the answer itself, as check.py compares it
            value = {k: v for k, v in expected.items() if k in ("ProductCodes", "VolumeId")}
        else:
            value = expected.get(key, [])
        ctx = {"round": "model", "body": f"{service}/{path.name}", "action": name}
        # boto3's reading against itself: what is left is a key or a type the model lacks
        check.compare(model, report, ctx, value, value, typ, service, field)
        compared += 1
    assert compared, "no expected answers read"
    unplaced = [f"{shape}.{k} (e.g. {e['sample_path']})" for (shape, k), e in sorted(report.not_modelled.items())]
    misfits = [f"{i['kind']} {i['body']} {i['path']}: {i['note']}" for i in report.items]
    assert not unplaced and not misfits, "\n".join(["not modelled:"] + unplaced + ["does not fit:"] + misfits)


@pytest.mark.skipif(not COLLECTOR.exists(), reason=f"{COLLECTOR} not built (make build)")
def test_the_snapshot_keeps_every_value_boto3_read(tmp_path):
    env = dict(os.environ, CHECKOUT=str(ROOT), PYTHON=sys.executable)
    run = subprocess.run(
        ["bash", str(KIT / "run.sh"), str(tmp_path)], env=env, capture_output=True, text=True, timeout=3600
    )
    assert run.returncode == 0, f"run.sh failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
    report = tmp_path / "check.json"
    done = subprocess.run(
        [sys.executable, str(KIT / "check.py"), "--checkout", str(ROOT), "--run", str(tmp_path), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), f"check.py could not compare ({done.returncode}):\n{done.stderr}"
    result = json.loads(report.read_text())
    lost = [
        f"{f['kind']} {f['body']} {f['pattern']} (x{f['times']}): boto3 {f['expected']}, snapshot {f['got']}"
        + (f" [{f['note']}]" if f.get("note") else "")
        for f in result["findings"]
        if f["kind"] in LOST and f["rounds"] != ["quirks"]
    ]
    unrun = [f"round {r}: {n}" for r, notes in result["rounds"].items() for n in notes if n.startswith("no snapshot")]
    assert not lost and not unrun, "\n".join(lost + unrun + ["", done.stdout])
    assert result["compared"], "check.py compared nothing"

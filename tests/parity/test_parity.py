"""Runs the shared parity kit (../shared/parity/run from the repo root) on every EC2 record (all
cloud service types, their CloudServiceTypes, Regions, Namespaces and Metrics) and expects them
identical to the upstream plugin's golden output, but for the differences declared in
tests/parity/differences.json. The kit starts its own fake AWS and this plugin
(`make -s serve`), and stops both. Skipped when the kit is not there."""
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT.parent / "shared" / "parity" / "run"


@pytest.mark.skipif(not RUN.exists(), reason=f"parity kit not found at {RUN}")
def test_every_ec2_record_matches_the_upstream_golden(tmp_path):
    keep = tmp_path / "parity"
    proc = subprocess.run(
        [str(RUN), "--keep", str(keep)], cwd=ROOT, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    out = proc.stdout
    report = keep / "report.txt"
    lines = [l for l in (report.read_text() if report.exists() else "").splitlines() if l.strip()]
    assert proc.returncode == 0, out[-6000:]
    assert lines, out[-6000:]
    last = lines[-1]
    assert last.startswith("parity:"), out[-6000:]
    assert last.startswith("parity: 73/73 records identical"), out[-6000:]
    assert "stale" not in (report.read_text()), "a declared difference matches nothing"

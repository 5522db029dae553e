"""`make bench`: the collector's benchmark, scenario by scenario.

For each scenario (bench/fleet.py): starts the fake AWS (bench/fake_aws.py) with it, starts the
plugin server from the release wheel of `make wheel` installed in its own venv (.venv-bench,
leaving .venv's dev build alone), calls Job.get_tasks and then Collector.collect for every task
at once over gRPC, and measures the wall time, the plugin server's CPU time and peak RSS, the
records per second, and from the fake's call log the calls, throttles, retries and the floor
(bench/report.py). Prints one `bench:` line per scenario; `--markdown BENCHMARKS.md` also writes
the report. Without --scenario it first runs the assembly's cargo bench (benches/assemble.rs).
Logs and the call log of each scenario go to out/bench/<scenario>/.

    python bench/run.py --scenario small [--scenario huge --time-scale 0.05] [--markdown BENCHMARKS.md]
"""
import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import profile, report  # noqa: E402
from bench.fleet import SCENARIOS  # noqa: E402
from demo.grpc_client import PluginClient  # noqa: E402
from demo.servers import FakeAwsServer, PluginServer, interpreter  # noqa: E402

VENV = ROOT / ".venv-bench"
SECRET = {"aws_access_key_id": "AKIABENCHMARK", "aws_secret_access_key": "benchmark"}
FAILURE = 5  # ResourceInfo.State.FAILURE


class ReleasePlugin(PluginServer):
    """The plugin server of .venv-bench, run as the image runs it: from a directory holding only
    the plugin entry (python/plugin), so that the release wheel's package is the one imported."""

    def __init__(self, log_dir, aws_endpoint, bin_dir, extra_env):
        super().__init__(log_dir, aws_endpoint, extra_env)
        self.bin_dir = bin_dir

    def command(self):
        return [str(self.bin_dir / "spaceone"), "run", "plugin-server", "plugin", "-p", str(self.port)]

    def cwd(self):
        entry = VENV / "entry"
        shutil.copytree(ROOT / "python" / "plugin", entry / "plugin", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        return str(entry)

    def env(self):
        env = {k: v for k, v in super().env().items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin_dir}{os.pathsep}{env.get('PATH', '')}"
        return env


def release_venv(wheel=None):
    """.venv-bench with the pinned runtime and the wheel (default: the one of dist/), reinstalled
    when it changes."""
    wheels = [Path(wheel)] if wheel else sorted((ROOT / "dist").glob("*.whl"))
    if len(wheels) != 1:
        sys.exit(f"bench: expected the one wheel of `make wheel` in dist/, found {wheels}")
    wheel, runtime, tools = wheels[0].resolve(), ROOT / "requirements" / "runtime.txt", ROOT / "requirements" / "bench.txt"
    inventory = next(d for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
                     if d.startswith("spaceone-inventory"))
    pip = [str(VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
    stamp_path = VENV / ".bench-stamp"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    want = {"runtime": runtime.read_text() + inventory + tools.read_text(),
            "wheel": [str(wheel), wheel.stat().st_mtime_ns]}
    # the image's Python: there protobuf 3.20 runs its C++ implementation, on 3.11 its pure Python one
    python = os.environ.get("BENCH_PYTHON") or interpreter("3.10")
    if python is None:
        sys.exit("bench: no Python 3.10 (the plugin image's) found; set BENCH_PYTHON or PYTHON310")
    want["python"] = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True,
                                    text=True, check=True).stdout.strip()
    if stamp.get("python") != want["python"]:
        shutil.rmtree(VENV, ignore_errors=True)
        stamp = {}
    if not (VENV / "bin" / "python").exists():
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    if stamp.get("runtime") != want["runtime"]:
        subprocess.run(pip + ["-r", str(runtime)], check=True)
        subprocess.run(pip + ["--no-deps", inventory], check=True)
        subprocess.run(pip + ["-r", str(tools)], check=True)
    if stamp.get("wheel") != want["wheel"]:
        subprocess.run(pip + ["--no-deps", "--force-reinstall", str(wheel)], check=True)
    stamp_path.write_text(json.dumps(want))
    return wheel, VENV / "bin"


def usage(pid):
    """(CPU seconds including waited-for children, peak RSS in MB) of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    status = Path(f"/proc/{pid}/status").read_text()
    hwm = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return cpu, int(hwm) / 1024


def collect(client, task_options):
    """Counts of one collect's records; FAILURE messages by kind (resource ids blanked)."""
    counts = Counter()

    def failed(message):
        counts["failures"] += 1
        counts["failure: " + re.sub(r"\b[a-z]+-[0-9a-f]{8,}\b", "<id>", message)[:300]] += 1

    try:
        for msg in client.collect({}, SECRET, task_options, raw=True):
            counts["records"] += 1
            if msg.state == FAILURE:
                failed(msg.message)
                continue
            kind = msg.resource.fields.get("cloud_service_type")
            counts["instances"] += msg.resource_type == "inventory.CloudService" and kind is not None \
                and kind.string_value == "Instance"
    except grpc.RpcError as e:  # the collect's stream ended with an error status
        failed(f"gRPC {e.code().name}: {e.details()}")
    return counts


def run(scenario, time_scale, out, bin_dir):
    """One scenario; bin_dir None: the dev build of .venv (`make build`) instead of the release one."""
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.log"), *out.glob("py-spy.txt")]:
        old.unlink()
    spy = profile.py_spy(bin_dir)
    # the fake's buckets refill 1/time_scale times faster: so may the collector's
    rates = {"AWS_EC2_COLLECTOR_RATE_SCALE": str(1 / time_scale)}
    with FakeAwsServer(out, scenario.name, time_scale) as fake, \
            (ReleasePlugin(out, fake.endpoint, bin_dir, rates) if bin_dir else PluginServer(out, fake.endpoint, rates)) \
            as plugin, \
            PluginClient(plugin.target) as client:
        client.wait_ready()
        cpu_before, _ = usage(plugin.proc.pid)
        client_cpu = time.process_time()
        sampler = profile.start(plugin.proc.pid, out / "py-spy.txt", spy) if scenario.profile and spy else None
        started = time.monotonic()
        tasks = [t.get("task_options", {}) for t in client.get_tasks({}, SECRET).get("tasks", [])]
        with ThreadPoolExecutor(max(1, len(tasks))) as pool:
            counts = sum(pool.map(lambda t: collect(client, t), tasks), Counter())
        wall = time.monotonic() - started
        if sampler:
            profile.stop(sampler)
        client_cpu = time.process_time() - client_cpu
        cpu_after, peak_rss = usage(plugin.proc.pid)
        fake_report = fake.report()
    calls = report.read_log(fake.calls)
    actions = report.by_action(calls)
    floor, regions = report.floor(calls, fake_report["buckets"], fake_report["latency_ms"])
    floor_s = floor * time_scale
    summary = {"wall_s": wall, "floor_s": floor_s, "ratio": wall / floor_s if floor_s else 0.0,
               "throttled": fake_report["throttled"], "retries": sum(a["retries"] for a in actions.values()),
               "peak_rss_mb": peak_rss, "records_per_s": counts["records"] / wall}
    result = {"scenario": scenario.name, "description": scenario.description, "time_scale": time_scale,
              "latency_ms": fake_report["latency_ms"], "summary": summary, "tasks": len(tasks),
              "records": counts["records"], "failures": counts["failures"], "instances": counts["instances"],
              "instances_expected": sum(scenario.regions.values()), "calls": fake_report["calls"],
              "errors": fake_report["errors"], "plugin_cpu_s": cpu_after - cpu_before,
              "fake_service_s": fake_report["service_s"], "fake_cpu_s": fake_report["cpu_s"],
              "client_cpu_s": client_cpu,
              "aws_span_s": (max(c["end"] for c in calls) - calls[0]["start"]) * time_scale if calls else 0.0,
              "failure_kinds": {k[9:]: n for k, n in counts.most_common() if k.startswith("failure: ")},
              "regions": regions, "actions": {a: dict(c) for a, c in actions.items()},
              "profile": profile.breakdown(out / "py-spy.txt", counts["records"]) if (out / "py-spy.txt").exists()
              else None}
    (out / "result.json").write_text(json.dumps(result, indent=1))
    return result


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal:")))
    return f"{os.cpu_count()} CPUs ({model}), {mem_kb / 1024 ** 2:.1f} GiB RAM, Linux {platform.release()}"


def build_profile(wheel):
    profile = tomllib.loads((ROOT / "Cargo.toml").read_text())["profile"]["release"]
    overrides = sorted(profile.pop("package", {}))
    settings = ", ".join(f"{k} = {v}" for k, v in profile.items())
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(wheel.stat().st_mtime))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()[:12]
    return (f"release wheel `{wheel.name}` built {built}, sha256 {digest}… (`make wheel`: maturin build --release "
            f"--zig); [profile.release] {settings}; opt-level = 0 for {', '.join(overrides)}")


def assembly():
    """`cargo bench --bench assemble` (benches/assemble.rs, release profile): CPU per instance of
    the assembly of a synthetic 10,000-instance region, as {key: value} of its `bench:` line."""
    # in target/release, apart from the wheel's build: sharing its directory would rebuild both each time
    cargo = ["cargo", "bench", "--quiet", "--bench", "assemble"]
    done = subprocess.run(cargo, cwd=ROOT, check=True, capture_output=True, text=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("bench: assembly "))
    print(line, flush=True)
    return dict(field.split("=", 1) for field in line.split()[2:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="default: every scenario")
    ap.add_argument("--time-scale", type=float, help="factor on every time of the fake (default: the scenario's)")
    ap.add_argument("--out-dir", default=str(ROOT / "out" / "bench"))
    ap.add_argument("--markdown", help="write the report there (e.g. BENCHMARKS.md)")
    ap.add_argument("--wheel", help="the wheel to benchmark (default: the one of `make wheel` in dist/)")
    ap.add_argument("--dev", action="store_true",
                    help="the dev build of .venv instead (a check of the harness, not a benchmark)")
    a = ap.parse_args()
    wheel, bin_dir = (None, None) if a.dev else release_venv(a.wheel)
    results = []
    assembled = None if a.dev or a.scenario else assembly()
    for name in a.scenario or list(SCENARIOS):
        scenario = SCENARIOS[name]
        print(f"bench: running {name}: {scenario.description}", flush=True)
        result = run(scenario, a.time_scale or scenario.time_scale, Path(a.out_dir) / name, bin_dir)
        results.append(result)
        print(report.bench_line(name, result["summary"]), flush=True)
    if a.markdown:
        command = "make bench" if os.environ.get("MAKELEVEL") else "python " + " ".join(sys.argv)
        build = build_profile(wheel) if wheel else "dev build of .venv (`make build`, profile dev)"
        server = VENV / "bin" / "python" if bin_dir else Path(sys.executable)
        server_python = subprocess.run([str(server), "-c", "import platform; print(platform.python_version())"],
                                       capture_output=True, text=True, check=True).stdout.strip()
        text = report.markdown(f"{machine()}; the plugin server on Python {server_python}", command, build, results,
                               assembled)
        Path(a.markdown).write_text(text)
        print(f"bench: wrote {a.markdown}")


if __name__ == "__main__":
    main()

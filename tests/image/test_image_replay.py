"""What the plugin image does, replayed without a Docker engine (none runs here): a fresh
Python 3.10 virtualenv (the image's Python) with only the built wheel and the pinned runtime,
the plugin entry laid out as the Dockerfile lays it out, the server started with exactly the
image's ENTRYPOINT + CMD, and a collect against moto over gRPC. `make wheel` builds the wheel."""
import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from demo import fleet
from demo.grpc_client import PluginClient
from demo.servers import MotoServer, PluginServer, interpreter

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"


def wheel():
    wheels = glob.glob(str(ROOT / "dist" / "*.whl"))
    assert len(wheels) == 1, f"expected the one wheel of `make wheel` in dist/, found {wheels}"
    return wheels[0]


def venv(path, version):
    python = interpreter(version)
    if python is None:
        pytest.fail(f"no Python {version} found (set PYTHON{version.replace('.', '')})")
    subprocess.run([python, "-m", "venv", str(path)], check=True)
    return path / "bin"


def pip(bin_dir, *args):
    subprocess.run([str(bin_dir / "pip"), "install", "-q", "--disable-pip-version-check", *args], check=True)


def test_the_wheel_is_one_abi3_manylinux2014_wheel():
    name = Path(wheel()).name
    assert "-cp310-abi3-" in name, name
    assert "manylinux_2_17_x86_64" in name or "manylinux2014_x86_64" in name, name


def test_the_wheel_alone_runs_on_python_311(tmp_path):
    bin_dir = venv(tmp_path / "venv", "3.11")
    pip(bin_dir, wheel())  # its declared requirements come with it
    out = subprocess.run([str(bin_dir / "python"), "-c",
                          "import aws_ec2_collector, aws_ec2_collector.routes, spaceone.inventory.plugin.collector.model;"
                          "print(aws_ec2_collector.__file__); print(sorted(aws_ec2_collector.plugin_metadata()))"],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert str(tmp_path) in out.splitlines()[0]
    assert "options_schema" in out
    usage = subprocess.run([str(bin_dir / "ec2-collector"), "--help"], capture_output=True, text=True, check=True)
    assert "collect" in usage.stdout and "snapshot" in usage.stdout and "replay" in usage.stdout


class ImagePlugin(PluginServer):
    """The plugin server as the image runs it: `spaceone run plugin-server plugin` in the
    directory holding the plugin entry, its port from SPACEONE_PORT."""

    def __init__(self, log_dir, aws_endpoint, bin_dir, source_dir):
        super().__init__(log_dir, aws_endpoint)
        self.bin_dir, self.source_dir = bin_dir, source_dir

    def command(self):
        return [str(self.bin_dir / "spaceone"), "run", "plugin-server", "plugin"]

    def cwd(self):
        return str(self.source_dir)

    def env(self):
        env = {k: v for k, v in super().env().items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["SPACEONE_PORT"] = str(self.port)
        env["PATH"] = f"{self.bin_dir}{os.pathsep}{env.get('PATH', '')}"
        return env


def test_the_image_collects_over_grpc(tmp_path):
    bin_dir = venv(tmp_path / "venv", "3.10")
    pip(bin_dir, "-r", str(ROOT / "requirements" / "runtime.txt"))
    pip(bin_dir, "--no-deps", "spaceone-inventory==2.0.dev247")
    pip(bin_dir, wheel())
    source_dir = tmp_path / "opt" / "plugin"
    shutil.copytree(ROOT / "python" / "plugin", source_dir / "plugin")
    with MotoServer(tmp_path / "logs") as moto:
        seeded = fleet.seed(moto.endpoint, regions=(REGION,), auth=True)
        with ImagePlugin(tmp_path / "logs", moto.endpoint, bin_dir, source_dir) as plugin, \
                PluginClient(plugin.target) as client:
            client.wait_ready()
            options = {"region_filter": [REGION]}
            assert "options_schema" in client.init(options)["metadata"]
            assert client.verify(options, seeded["credentials"]) == {}
            task = {"resource_type": "inventory.CloudService", "service": "EC2", "region": REGION}
            responses = list(client.collect(options, seeded["credentials"], task))
    assert [r for r in responses if r["state"] != "SUCCESS"] == []
    instances = {r["resource"]["reference"]["resource_id"] for r in responses
                 if r["resource"].get("cloud_service_type") == "Instance"}
    region = seeded["regions"][REGION]
    assert instances == set(region["instances"].values()) | set(region["asg_instances"])
    log = (tmp_path / "logs" / "plugin.log").read_text()
    assert "Traceback" not in log

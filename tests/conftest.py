"""Puts the repo root on sys.path so that tests can import the demo harness (demo.servers,
demo.fleet, demo.grpc_client), which `make run` uses as well."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

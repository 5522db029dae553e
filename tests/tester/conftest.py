"""Runs the spaceone-tester suite against the session's plugin server: renders config.yml for it
and points spaceone-tester's TEST_CONFIG at the copy (TEST_SCENARIO at an empty scenario, no
Cloudforet domain to create)."""
import json
from pathlib import Path
from string import Template

import pytest

from demo.fleet import REGIONS


@pytest.fixture(scope="session", autouse=True)
def tester_config(client, plugin, secret, tmp_path_factory):
    where = tmp_path_factory.mktemp("tester")
    config = where / "config.yml"
    config.write_text(Template((Path(__file__).with_name("config.yml")).read_text()).substitute(
        PLUGIN_TARGET=plugin.target, REGIONS=json.dumps(list(REGIONS)),
        AWS_ACCESS_KEY_ID=secret["aws_access_key_id"], AWS_SECRET_ACCESS_KEY=secret["aws_secret_access_key"]))
    scenario = where / "scenario.json"
    scenario.write_text("{}")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TEST_CONFIG", str(config))
        env.setenv("TEST_SCENARIO", str(scenario))
        yield config

"""Entry of `spaceone run plugin-server plugin` (source root: python/)."""
from spaceone.inventory.plugin.collector.lib.server import CollectorPluginServer

app = CollectorPluginServer()

# Imported after the server has configured logging: loggers created before that are disabled.
from aws_ec2_collector import routes  # noqa: E402


@app.route("Collector.init")
def collector_init(params: dict) -> dict:
    return routes.init(params)


@app.route("Collector.verify")
def collector_verify(params: dict) -> None:
    return routes.verify(params)


@app.route("Collector.collect")
def collector_collect(params: dict):
    return routes.collect(params)


@app.route("Job.get_tasks")
def job_get_tasks(params: dict) -> dict:
    return routes.get_tasks(params)

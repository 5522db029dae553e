"""The plugin as Cloudforet plugin authors test theirs: spaceone-tester's TestCase with reflection
clients from config.yml (`self.inventory.Collector.init/verify/collect`, `self.inventory.Job`),
against the real plugin server and the seeded moto of the session fixtures."""
import json
import os

from spaceone.core.error import ERROR_BASE
from spaceone.tester import TestCase, to_json

from aws_ec2_collector import _core
from demo import fleet


class TestCollector(TestCase):
    @classmethod
    def setUpClass(cls):
        # TestCase reads config_uri at import time; conftest.py sets TEST_CONFIG afterwards
        cls.config_uri, cls.scenario_uri = os.environ["TEST_CONFIG"], os.environ["TEST_SCENARIO"]
        super().setUpClass()
        cls.options, cls.secret_data = cls.config["OPTIONS"], cls.config["SECRET_DATA"]

    def collect(self, task_options):
        stream = self.inventory.Collector.collect(
            {"options": self.options, "secret_data": self.secret_data, "task_options": task_options})
        return [to_json(response) for response in stream]

    def test_init_returns_the_metadata_and_options_schema(self):
        metadata = to_json(self.inventory.Collector.init({"options": {}}))["metadata"]
        self.assertIn("inventory.CloudService", metadata["supported_resource_type"])
        self.assertEqual(metadata["supported_schedules"], ["hours"])
        types = metadata["options_schema"]["properties"]["cloud_service_types"]["items"]["enum"]
        self.assertEqual(types, _core.CLOUD_SERVICE_TYPES)

    def test_verify_accepts_the_seeded_user(self):
        self.assertEqual(to_json(self.inventory.Collector.verify(
            {"options": self.options, "secret_data": self.secret_data})), {})

    def test_verify_rejects_a_wrong_secret_key(self):
        wrong = dict(self.secret_data, aws_secret_access_key="not-the-secret-key")
        with self.assertRaises(ERROR_BASE) as raised:
            self.inventory.Collector.verify({"options": self.options, "secret_data": wrong})
        self.assertEqual(raised.exception.error_code, "ERROR_AWS_CREDENTIALS")
        self.assertEqual(raised.exception.status_code, "INVALID_ARGUMENT")
        self.assertNotIn("not-the-secret-key", raised.exception.message)

    def test_get_tasks_has_one_task_per_region(self):
        tasks = to_json(self.inventory.Job.get_tasks({"options": self.options, "secret_data": self.secret_data}))
        regions = [t["task_options"].get("region") for t in tasks["tasks"]]
        self.assertEqual(sorted(filter(None, regions)), sorted(fleet.REGIONS))

    def test_collect_a_region_returns_its_instances(self):
        region = fleet.REGIONS[0]
        responses = self.collect({"resource_type": "inventory.CloudService", "service": "EC2", "region": region})
        self.assertEqual({r["state"] for r in responses}, {"SUCCESS"})
        instances = [r["resource"] for r in responses if r["resource"]["cloud_service_type"] == "Instance"]
        names = sorted(i["name"] for i in instances)
        self.assertEqual(names, sorted([name for name, _, _ in fleet.INSTANCES] + ["asg-node", "asg-node"]))
        by_name = {i["name"]: i for i in instances}
        for name, instance_type, _ in fleet.INSTANCES:
            self.assertEqual(by_name[name]["instance_type"], instance_type)
            self.assertEqual(by_name[name]["region_code"], region)
            self.assertEqual(json.loads(by_name[name]["json_data"])["compute"]["instance_name"], name)
        batch = json.loads(by_name["batch-1"]["json_data"])
        self.assertEqual(batch["compute"]["instance_state"], "STOPPED")

    def test_collect_cloud_service_types(self):
        responses = self.collect({"resource_type": "inventory.CloudServiceType", "services": ["EC2"]})
        names = {r["resource"]["name"] for r in responses}
        self.assertEqual(names, set(_core.CLOUD_SERVICE_TYPES))
        self.assertEqual({r["resource"]["provider"] for r in responses}, {"aws"})

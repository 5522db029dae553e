"""A small gRPC client of a v2 inventory collector plugin (Collector.init/verify/collect,
Job.get_tasks). Every response is returned as MessageToDict(msg, preserving_proto_field_name=True),
the form Inventory's SpaceConnector works with (json_data stays a JSON string inside resource).
Failed calls raise grpc.RpcError (use .code() and .details())."""
import os

import grpc
from google.protobuf import struct_pb2
from google.protobuf.json_format import MessageToDict
from spaceone.api.inventory.plugin import collector_pb2, collector_pb2_grpc, job_pb2, job_pb2_grpc

CALL_TIMEOUT = float(os.environ.get("PLUGIN_CALL_TIMEOUT", 900))  # deadline of each RPC, seconds


def struct(d):
    s = struct_pb2.Struct()
    s.update(d or {})
    return s


def to_dict(msg):
    return MessageToDict(msg, preserving_proto_field_name=True)


class PluginClient:
    def __init__(self, target, timeout=CALL_TIMEOUT):
        self.target = target
        self.timeout = timeout
        self.channel = grpc.insecure_channel(
            target, options=[("grpc.max_receive_message_length", 256 * 1024 * 1024)])
        self.collector = collector_pb2_grpc.CollectorStub(self.channel)
        self.job = job_pb2_grpc.JobStub(self.channel)

    def wait_ready(self, timeout=60):
        grpc.channel_ready_future(self.channel).result(timeout=timeout)
        return self

    def init(self, options):
        return to_dict(self.collector.init(collector_pb2.InitRequest(options=struct(options)),
                                           timeout=self.timeout))

    def verify(self, options, secret_data):
        req = collector_pb2.VerifyRequest(options=struct(options), secret_data=struct(secret_data))
        return to_dict(self.collector.verify(req, timeout=self.timeout))

    def get_tasks(self, options, secret_data):
        req = job_pb2.GetTaskRequest(options=struct(options), secret_data=struct(secret_data))
        return to_dict(self.job.get_tasks(req, timeout=self.timeout))

    def collect(self, options, secret_data, task_options=None, raw=False):
        """Yields each streamed ResourceInfo as a dict (the message itself with raw=True, as the
        benchmark reads it). Without task_options the field is unset."""
        stream = self.collect_call(options, secret_data, task_options)
        try:
            for msg in stream:
                yield msg if raw else to_dict(msg)
        finally:
            stream.cancel()

    def collect_call(self, options, secret_data, task_options=None):
        """The streaming call of a collect itself: iterate it, `.cancel()` it from any thread."""
        req = collector_pb2.CollectRequest(options=struct(options), secret_data=struct(secret_data))
        if task_options is not None:
            req.task_options.CopyFrom(struct(task_options))
        return self.collector.collect(req, timeout=self.timeout)

    def close(self):
        self.channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

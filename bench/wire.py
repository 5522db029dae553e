"""The wire side of the fake AWS: requests in, responses out, in each service's real protocol.

Responses are rendered from boto3-shaped dicts (the shapes of `src/model/`) through botocore's
service models, the AWS API definitions boto3 itself parses responses with, so element names,
list wrappers (`<item>` for EC2, `<member>` for the Query services), result wrappers and
namespaces are those of the real APIs:

* EC2: Query request, `<ActionResponse xmlns=...><requestId/>...` XML;
* Auto Scaling, ELBv2, STS: Query request, `<ActionResponse><ActionResult>...` XML;
* SSM: awsJson1.1 (X-Amz-Target, JSON both ways, timestamps as epoch seconds).
"""
import datetime
import json
import urllib.parse
import uuid
from functools import cache
from xml.sax.saxutils import escape

# SigV4 signing name (credential scope) -> botocore's service name
SERVICES = {"ec2": "ec2", "autoscaling": "autoscaling", "elasticloadbalancing": "elbv2", "ssm": "ssm",
            "sts": "sts"}


@cache
def _botocore_session():
    import botocore.session
    return botocore.session.get_session()


def scope(authorization):
    """(region, service) of a SigV4 Authorization header (…/<date>/<region>/<service>/aws4_request);
    the signature itself is not checked."""
    try:
        credential = authorization.split("Credential=", 1)[1].split(",", 1)[0]
        _key, _date, region, service, _ = credential.split("/")
        return region, service
    except (IndexError, ValueError):
        return "us-east-1", ""


def query_params(body):
    """A form-encoded Query request body as {key: value}."""
    return dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))


def indexed(params, prefix):
    """The values of `prefix.1`, `prefix.2`, ... (a serialized list), in order."""
    values, n = [], 1
    while f"{prefix}.{n}" in params:
        values.append(params[f"{prefix}.{n}"])
        n += 1
    return values


def ec2_filters(params):
    """EC2's Filter.N.Name / Filter.N.Value.M as {name: [values]}."""
    filters, n = {}, 1
    while f"Filter.{n}.Name" in params:
        filters[params[f"Filter.{n}.Name"]] = indexed(params, f"Filter.{n}.Value")
        n += 1
    return filters


def _timestamp(value):
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value.astimezone(datetime.timezone.utc)


def request_id():
    return str(uuid.uuid4())


class Api:
    """One service's responses and errors, rendered with its botocore model."""

    def __init__(self, service):
        self.model = _botocore_session().get_service_model(SERVICES[service])
        self.protocol = self.model.protocol  # ec2, query or json
        namespace = self.model.metadata.get("xmlNamespace", "")
        self.namespace = namespace if not namespace or namespace.endswith("/") else namespace + "/"
        self._xml = {}

    def output_members(self, action):
        return self.model.operation_model(action).output_shape.members

    def list_item(self, action, member):
        """A renderer of one item of the output list `member`, wrapper element included."""
        shape = self.output_members(action)[member]
        element = shape.member.serialization.get("name", "member")
        render = self._compile(shape.member)
        return lambda item: f"<{element}>{render(item)}</{element}>"

    def response(self, action, members, lists=None):
        """The body of a successful response: `members` (boto3-shaped) plus `lists`, output lists
        whose items are already rendered ({member: [item xml]})."""
        if self.protocol == "json":
            return "application/x-amz-json-1.1", json.dumps(self._to_json(
                self.model.operation_model(action).output_shape, members)).encode()
        shapes = self.output_members(action)
        parts = [self._member_xml(shapes[name], name, value) for name, value in members.items()
                 if value is not None]
        for name, items in (lists or {}).items():
            element = shapes[name].serialization.get("name", name)
            parts.append(f"<{element}>{''.join(items)}</{element}>")
        body = "".join(parts)
        rid = request_id()
        if self.protocol == "ec2":
            xml = (f'<{action}Response xmlns="{self.namespace}"><requestId>{rid}</requestId>'
                   f"{body}</{action}Response>")
        else:
            wrapper = self.model.operation_model(action).output_shape.serialization.get(
                "resultWrapper", f"{action}Result")
            xml = (f'<{action}Response xmlns="{self.namespace}"><{wrapper}>{body}</{wrapper}>'
                   f"<ResponseMetadata><RequestId>{rid}</RequestId></ResponseMetadata></{action}Response>")
        return "text/xml;charset=UTF-8", ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml).encode()

    def error(self, code, message):
        """(content type, body) of an error response in this service's format."""
        rid = request_id()
        if self.protocol == "json":
            return "application/x-amz-json-1.1", json.dumps({"__type": code, "message": message}).encode()
        if self.protocol == "ec2":
            xml = (f"<Response><Errors><Error><Code>{code}</Code><Message>{escape(message)}</Message>"
                   f"</Error></Errors><RequestID>{rid}</RequestID></Response>")
        else:
            xml = (f'<ErrorResponse xmlns="{self.namespace}"><Error><Type>Sender</Type><Code>{code}</Code>'
                   f"<Message>{escape(message)}</Message></Error><RequestId>{rid}</RequestId></ErrorResponse>")
        return "text/xml;charset=UTF-8", ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml).encode()

    def _member_xml(self, shape, name, value):
        element = shape.serialization.get("name", name)
        if shape.type_name == "list" and shape.serialization.get("flattened"):
            item = self._compile(shape.member)
            return "".join(f"<{element}>{item(v)}</{element}>" for v in value)
        return f"<{element}>{self._compile(shape)(value)}</{element}>"

    def _compile(self, shape):
        """A function from a boto3-shaped value to the XML content of `shape` (memoized per shape)."""
        if shape.name in self._xml:
            return self._xml[shape.name]
        compiled = []
        self._xml[shape.name] = lambda value: compiled[0](value)  # recursive shapes
        kind = shape.type_name
        if kind == "structure":
            members = shape.members

            def render(value):
                return "".join(self._member_xml(members[k], k, v) for k, v in value.items() if v is not None)
        elif kind == "list":
            element = shape.member.serialization.get("name", "member")
            item = self._compile(shape.member)

            def render(value):
                return "".join(f"<{element}>{item(v)}</{element}>" for v in value)
        elif kind == "map":
            key, val = self._compile(shape.key), self._compile(shape.value)

            def render(value):
                return "".join(f"<entry><key>{key(k)}</key><value>{val(v)}</value></entry>"
                               for k, v in value.items())
        elif kind == "boolean":
            def render(value):
                return "true" if value else "false"
        elif kind == "timestamp":
            def render(value):
                return _timestamp(value).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        else:
            def render(value):
                return escape(str(value))
        compiled.append(render)
        self._xml[shape.name] = render
        return render

    def _to_json(self, shape, value):
        kind = shape.type_name
        if kind == "structure":
            return {k: self._to_json(shape.members[k], v) for k, v in value.items() if v is not None}
        if kind == "list":
            return [self._to_json(shape.member, v) for v in value]
        if kind == "map":
            return {k: self._to_json(shape.value, v) for k, v in value.items()}
        if kind == "timestamp":
            return _timestamp(value).timestamp()
        return value

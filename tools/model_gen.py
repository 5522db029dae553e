#!/usr/bin/env python3
"""Generates the boto3-shaped model (src/model/<module>.rs) and its conversions from the AWS SDK
for Rust (src/fetch/from_sdk/<module>.rs) from botocore's service models.

    python tools/model_gen.py [--out DIR] [--quiet]

Why: the snapshot must keep every member boto3 reads, so that the records that pass boto3 items
through hold what the current collector's do. Hand-written member lists fell behind the API; the
member lists now come from botocore's service-2 JSON (the same model boto3 reads answers with).

For every root shape below (the items the region snapshot holds) the whole closure of structure
shapes reachable from it is emitted:
  * a `shape!` struct per botocore structure: every member, the boto3 key as an explicit serde
    rename, the Rust field named as the SDK names it (smithy-rs snake case, `r#type` escaped);
  * `impl From<sdk::X> for model::X` listing every member the SDK type has, as a `boto!` call;
    by value, so that no page of an answer is cloned.
The SDK's own field list is read from its source (the crate version locked in Cargo.lock, under
$CARGO_HOME/registry/src), so members botocore and the SDK disagree on are found and listed, in
the generated files' header and on stderr, not silently dropped:
  * botocore only: kept in the model (a boto3-recorded snapshot carries them), never filled from
    the SDK;
  * SDK only: not in the model (boto3 would not read them).

Needs botocore importable (the project's venv) and the SDK crates fetched (any cargo build has).
Writes under --out (default: the repository root), so a test can regenerate to a temporary
folder and compare.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = "tools/model_gen.py"


@dataclass(frozen=True)
class Service:
    """One generated module: botocore's service name, the SDK crate, and the root shapes."""

    module: str  # src/model/<module>.rs and src/fetch/from_sdk/<module>.rs
    botocore: str
    crate: str
    title: str
    roots: tuple
    # whether its items become record data as they are (assemble::data::boto_map), whose
    # timestamps are then rewritten: only then are its TIMESTAMP_KEYS emitted
    items_as_data: bool = True


# The items the region snapshot (src/snapshot.rs) holds, as the fetch layer converts them; the
# snapshot's own maps and DescribeVolumeAttribute's answer (model::VolumeAttribute) are not
# botocore items and stay hand-written.
SERVICES = (
    Service(
        "ec2",
        "ec2",
        "aws-sdk-ec2",
        "EC2",
        (
            "Reservation",
            "InstanceTypeInfo",
            "Image",
            "Volume",
            "SecurityGroup",
            "Vpc",
            "Subnet",
            "Snapshot",
            "Address",
            "NatGateway",
            "SecurityGroupRule",
            "LaunchTemplate",
            "LaunchTemplateVersion",
            "LaunchPermission",
            "NetworkInterface",
        ),
    ),
    Service(
        "autoscaling",
        "autoscaling",
        "aws-sdk-autoscaling",
        "Auto Scaling",
        (
            "AutoScalingGroup",
            "LaunchConfiguration",
            "ScalingPolicy",
            "NotificationConfiguration",
            "ScheduledUpdateGroupAction",
            "LifecycleHook",
        ),
    ),
    Service(
        "elbv2",
        "elbv2",
        "aws-sdk-elasticloadbalancingv2",
        "Elastic Load Balancing v2",
        ("LoadBalancer", "Listener", "TargetGroup", "TargetHealthDescription"),
        items_as_data=False,
    ),
    Service("ssm", "ssm", "aws-sdk-ssm", "Systems Manager", ("InstanceInformation",), items_as_data=False),
)

# botocore scalar types as the model holds them (timestamps as text, see fetch::convert::time)
SCALARS = {
    "string": "String",
    "timestamp": "String",
    "integer": "i32",
    "long": "i64",
    "boolean": "bool",
    "double": "f64",
    "float": "f64",
}

# the model's scalar types as the SDK writes them (a bare clone converts them)
SDK_SCALARS = {"String": "::std::string::String", "i32": "i32", "i64": "i64", "bool": "bool", "f64": "f64"}

RUST_KEYWORDS = set(
    "as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref "
    "return self Self static struct super trait true type unsafe use where while async await dyn abstract become "
    "box do final macro override priv typeof unsized virtual yield try gen".split()
)


# ---------------------------------------------------------------- inputs


def botocore_models():
    """botocore's version and a loader of its newest service-2 model per service."""
    import botocore
    import botocore.loaders

    loader = botocore.loaders.Loader()

    def load(name):
        model = loader.load_service_model(name, "service-2")
        return model, model["metadata"]["apiVersion"]

    return botocore.__version__, load


def locked_versions(root):
    """{crate name: version} from Cargo.lock: the SDK sources the build really uses."""
    text = open(os.path.join(root, "Cargo.lock"), encoding="utf-8").read()
    return dict(re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', text))


def sdk_types_dir(crate, version):
    cargo_home = os.environ.get("CARGO_HOME") or os.path.expanduser("~/.cargo")
    found = sorted(glob.glob(os.path.join(cargo_home, "registry", "src", "*", f"{crate}-{version}", "src", "types")))
    if not found:
        raise SystemExit(f"{crate} {version} sources not found under {cargo_home}/registry/src (run `cargo fetch`)")
    return found[0]


@dataclass
class SdkTypes:
    structs: dict  # struct name -> [(field name as written, e.g. r#type; type text)]
    enums: set


def read_sdk(types_dir):
    """The SDK's structs (their public fields, in order) and enums, from its generated sources."""
    structs, enums = {}, set()
    for path in sorted(glob.glob(os.path.join(types_dir, "_*.rs"))):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r"^pub struct (\w+) \{\n(.*?)^\}", text, re.S | re.M):
            structs[m.group(1)] = re.findall(r"^    pub ((?:r#)?\w+): (.+),$", m.group(2), re.M)
        enums.update(re.findall(r"^pub enum (\w+) \{", text, re.M))
    return SdkTypes(structs, enums)


def folded(name):
    """A name without case, underscores or raw-identifier prefix: botocore's `IPAddress` and the
    SDK's `ip_address`, botocore's `TotalLocalStorageGB` and the SDK's `TotalLocalStorageGb` meet
    here, whatever smithy-rs's word splitting did with acronyms and digits."""
    return name.replace("r#", "").replace("_", "").lower()


def snake(name):
    """A Rust field name for a member the SDK lacks (the SDK's own names are used otherwise)."""
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
    return f"r#{s}" if s in RUST_KEYWORDS else s


# ---------------------------------------------------------------- the closure


@dataclass
class Member:
    key: str  # the boto3 key (botocore member name)
    field: str  # the Rust field name
    rust_type: str  # as written in shape! (without the Option the macro adds)
    how: object  # the boto! conversion of the SDK field (None for a bare clone), or MISSING
    timestamp: bool


MISSING = object()  # the SDK type has no such field


@dataclass
class Struct:
    botocore: str
    name: str  # the Rust name: the SDK's if it has the shape
    members: list
    in_sdk: bool
    sdk_only: list = field(default_factory=list)  # SDK fields botocore lacks: (field, type)


class Closure:
    """Every structure reachable from the roots, in the order first met (depth first), so each
    root is followed by its parts."""

    def __init__(self, shapes, sdk):
        self.shapes, self.sdk = shapes, sdk
        self.sdk_names = {folded(n): n for n in sdk.structs}
        self.structs = {}  # botocore name -> Struct
        self.uses_map = False

    def rust_name(self, botocore_name):
        return self.sdk_names.get(folded(botocore_name), botocore_name)

    def add(self, name):
        if name in self.structs:
            return
        shape = self.shapes[name]
        sdk_name = self.sdk_names.get(folded(name))
        sdk_fields = self.sdk.structs.get(sdk_name, [])
        by_folded = {folded(f): (f, t) for f, t in sdk_fields}
        struct = Struct(name, sdk_name or name, [], sdk_name is not None)
        self.structs[name] = struct  # before the members: a shape may contain itself through a list
        for key, ref in shape["members"].items():
            target = ref["shape"]
            sdk_field = by_folded.pop(folded(key), None)
            rust_field = sdk_field[0] if sdk_field else snake(key)
            how = self.how(target, sdk_field[1]) if sdk_field else MISSING
            # The SDK fills a required list the answer left out with an empty one (its error
            # correction); boto3 reads it as absent, so an empty required list stays absent.
            if how == "each" and key in shape.get("required", []):
                how = "each_required"
            rust_type = self.rust_type(target)
            # shape! holds a nested structure in a Box (src/model/mod.rs, Held): its conversion
            # from the SDK boxes it too.
            if self.shapes[target]["type"] == "structure":
                how = "boxed" if how == "one" else how
            timestamp = self.shapes[target]["type"] == "timestamp"
            struct.members.append(Member(key, rust_field, rust_type, how, timestamp))
        struct.sdk_only = sorted(by_folded.values())
        for ref in shape["members"].values():
            self.reach(ref["shape"])

    def reach(self, name):
        shape = self.shapes[name]
        if shape["type"] == "structure":
            self.add(name)
        elif shape["type"] == "list":
            self.reach(shape["member"]["shape"])
        elif shape["type"] == "map":
            self.reach(shape["value"]["shape"])

    def rust_type(self, name):
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            return self.rust_name(name)
        if kind == "list":
            return f"Vec<{self.rust_type(shape['member']['shape'])}>"
        if kind == "map":
            if self.shapes[shape["key"]["shape"]]["type"] != "string":
                raise SystemExit(f"map {name}: only string keys are supported")
            self.uses_map = True
            return f"OrderedMap<{self.rust_type(shape['value']['shape'])}>"
        if kind not in SCALARS:
            raise SystemExit(f"{name}: botocore type {kind} has no model type")
        return SCALARS[kind]

    def how(self, target, sdk_type):
        """The boto! conversion (see fetch/convert.rs) of an SDK field of type `sdk_type` into the
        model's type of the botocore shape `target`: None for a clone; refuses a pair it does not
        know rather than guess."""
        inner = re.fullmatch(r"::std::option::Option<(.+)>", sdk_type)
        if not inner:
            raise SystemExit(f"{target}: the SDK field {sdk_type} is not an Option")
        t, shape = inner.group(1), self.shapes[target]
        if shape["type"] == "list":
            item = re.fullmatch(r"::std::vec::Vec<(.+)>", t)
            each = self.value(shape["member"]["shape"], item.group(1)) if item else None
            how = {"clone": None, "str": "strs", "one": "each"}.get(each, MISSING)
        elif shape["type"] == "map":
            value = re.fullmatch(r"::std::collections::HashMap<::std::string::String, (.+)>", t)
            how = "map" if value and self.value(shape["value"]["shape"], value.group(1)) == "clone" else MISSING
        else:
            how = {"clone": None, "str": "str", "time": "time", "one": "one"}.get(self.value(target, t), MISSING)
        if how is MISSING:
            raise SystemExit(f"no conversion known from the SDK's {sdk_type} to botocore {shape['type']} {target}")
        return how

    def value(self, target, t):
        """How one SDK value of type `t` becomes the model's value of botocore shape `target`."""
        kind = self.shapes[target]["type"]
        named = re.fullmatch(r"crate::types::(\w+)", t)
        if kind == "timestamp":
            return "time" if t == "::aws_smithy_types::DateTime" else None
        if SDK_SCALARS.get(SCALARS.get(kind)) == t:
            return "clone"
        if kind == "string" and named and named.group(1) in self.sdk.enums:
            return "str"
        if kind == "structure" and named and named.group(1) in self.sdk.structs:
            return "one"
        return None


def closure_of(service, load, sdk):
    model, api_version = load(service.botocore)
    closure = Closure(model["shapes"], sdk)
    for root in service.roots:
        if model["shapes"][root]["type"] != "structure":
            raise SystemExit(f"{service.botocore} {root} is not a structure")
        closure.add(root)
    return closure, api_version


# ---------------------------------------------------------------- output


def wrapped(words, indent, width=120, sep=", ", end=","):
    """`words` joined and broken into lines of at most `width` columns, each `indent` deep."""
    lines, line = [], ""
    for word in words:
        candidate = f"{line}{sep}{word}" if line else word
        if line and len(" " * indent + candidate + end) > width:
            lines.append(line + sep.rstrip())
            line = word
        else:
            line = candidate
    if line:
        lines.append(line + end)
    return [" " * indent + line for line in lines]


def differences(closure, crate, version):
    """Comment lines naming what botocore and the SDK disagree on (empty when they agree)."""
    lines = []
    missing = [
        f"{s.name}.{m.key}" for s in closure.structs.values() if s.in_sdk for m in s.members if m.how is MISSING
    ]
    absent = [s.name for s in closure.structs.values() if not s.in_sdk]
    extra = [f"{s.name}.{f}" for s in closure.structs.values() for f, _ in s.sdk_only]
    # 116 columns: the lines go behind `//! `
    if missing:
        lines.append(f"Members botocore has and {crate} {version} lacks (kept in the model, never filled by the SDK):")
        lines += wrapped(missing, 2, width=116, end=".")
    if absent:
        lines.append(f"Shapes botocore has and {crate} {version} lacks (in the model, no conversion):")
        lines += wrapped(absent, 2, width=116, end=".")
    if extra:
        lines.append(f"Fields {crate} {version} has and botocore lacks (not in the model, boto3 does not read them):")
        lines += wrapped(extra, 2, width=116, end=".")
    return lines, {"botocore only": missing, "shapes botocore only": absent, "sdk only": extra}


def header(service, botocore_version, api_version, crate_version):
    return (
        f"// generated by {GENERATOR} from botocore {botocore_version} ({service.botocore} {api_version}) "
        f"and {service.crate} {crate_version}; do not edit"
    )


def model_file(service, closure, head, notes):
    out = [head]
    out.append(f"//! {service.title} shapes as boto3 reads them: every member of the botocore structures reachable")
    out.append("//! from the items the snapshot holds:")
    out += ["//! " + line for line in wrapped(service.roots, 0, width=116, end=".")]
    for line in notes:
        out.append(f"//! {line}")
    out.append("")
    if closure.uses_map:
        out.append("use super::OrderedMap;")
        out.append("")
    keys = sorted({m.key for s in closure.structs.values() for m in s.members if m.timestamp})
    if service.items_as_data:
        out.append("/// The boto3 keys of timestamp members (held as RFC 3339 text).")
        out.append("pub const TIMESTAMP_KEYS: &[&str] = &[")
        out += wrapped([f'"{k}"' for k in keys], 4)
        out.append("];")
    for struct in closure.structs.values():
        out.append("")
        out.append("shape! {")
        if struct.name != struct.botocore:
            out.append(f"    /// botocore `{struct.botocore}`.")
        out.append(f"    pub struct {struct.name} {{")
        for m in struct.members:
            out.append(f'        #[serde(rename = "{m.key}")]')
            out.append(f"        {m.field}: {m.rust_type},")
        out.append("    }")
        out.append("}")
    return "\n".join(out) + "\n"


def from_sdk_file(service, closure, head, notes):
    crate = service.crate.replace("-", "_")
    out = [head]
    out.append(f"//! {service.title}: the SDK's types into the model's, every member the SDK has.")
    for line in notes:
        out.append(f"//! {line}")
    out.append("")
    out.append(f"use {crate}::types as sdk;")
    out.append("")
    out.append("use crate::fetch::convert::boto;")
    out.append(f"use crate::model::{service.module} as m;")
    for struct in closure.structs.values():
        if not struct.in_sdk:
            continue
        fields = [m.field + (f": {m.how}" if m.how else "") for m in struct.members if m.how is not MISSING]
        name = struct.name
        out.append("")
        out.append(f"impl From<sdk::{name}> for m::{name} {{")
        out.append(f"    fn from(v: sdk::{name}) -> Self {{")
        one_line = f"        boto!(v => m::{name} {{ {', '.join(fields)} }})"
        if len(one_line) <= 120:
            out.append(one_line)
        else:
            out.append(f"        boto!(v => m::{name} {{")
            out += wrapped(fields, 12)
            out.append("        })")
        out.append("    }")
        out.append("}")
    return "\n".join(out) + "\n"


def from_sdk_mod(services, botocore_version):
    out = [f"// generated by {GENERATOR} from botocore {botocore_version}; do not edit"]
    out.append("//! The conversions of the SDK's types into the boto3-shaped model, one module per service.")
    out.append("")
    out += [f"mod {s.module};" for s in services]
    return "\n".join(out) + "\n"


def formatted(text, root):
    """The text as `cargo fmt` leaves it (the project's rustfmt.toml), so that formatting the tree
    never makes a generated file stale; rustfmt leaves the macro bodies as written here."""
    rustfmt = shutil.which("rustfmt") or os.path.expanduser("~/.cargo/bin/rustfmt")
    config = os.path.join(root, "rustfmt.toml")
    done = subprocess.run(
        [rustfmt, "--edition", "2021", "--config-path", config, "--emit", "stdout"],
        input=text,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"rustfmt refused the generated code: {done.stderr}")
    return done.stdout


def generate(root=ROOT):
    """{relative path: text} of every generated file, and a summary per module."""
    botocore_version, load = botocore_models()
    versions = locked_versions(root)
    files, summary = {}, {}
    for service in SERVICES:
        crate_version = versions.get(service.crate)
        if crate_version is None:
            raise SystemExit(f"{service.crate} is not in Cargo.lock")
        sdk = read_sdk(sdk_types_dir(service.crate, crate_version))
        closure, api_version = closure_of(service, load, sdk)
        head = header(service, botocore_version, api_version, crate_version)
        notes, diff = differences(closure, service.crate, crate_version)
        files[f"src/model/{service.module}.rs"] = formatted(model_file(service, closure, head, notes), root)
        files[f"src/fetch/from_sdk/{service.module}.rs"] = formatted(from_sdk_file(service, closure, head, notes), root)
        summary[service.module] = {
            "roots": list(service.roots),
            "shapes": len(closure.structs),
            "members": sum(len(s.members) for s in closure.structs.values()),
            "closure": closure,
            **diff,
        }
    files["src/fetch/from_sdk/mod.rs"] = formatted(from_sdk_mod(SERVICES, botocore_version), root)
    return files, summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=ROOT, help="the folder to write under (default: the repository root)")
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    a = ap.parse_args()
    files, summary = generate()
    for rel, text in files.items():
        path = os.path.join(a.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    if not a.quiet:
        for module, s in summary.items():
            roots = len(s["roots"])
            print(f"{module}: {s['shapes']} shapes, {s['members']} members from {roots} roots", file=sys.stderr)
            for kind in ("botocore only", "shapes botocore only", "sdk only"):
                if s[kind]:
                    print(f"  {kind}: {', '.join(s[kind])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

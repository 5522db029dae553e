"""The generated model (src/model/{ec2,autoscaling,elbv2,ssm}.rs, src/fetch/from_sdk/) is what
tools/model_gen.py makes of the pinned botocore and the locked SDK crates, and it is complete:
every emitted struct has every member of its botocore shape under its boto3 key, the emitted
structs are exactly the closure of the roots, and every conversion converts every field the
SDK has, the others being named in the file's header. No network, no build: botocore from the
venv, the SDK sources cargo fetched, rustfmt.

The completeness checks read the committed Rust text with their own patterns, so a generator bug
that drops a member is caught here rather than trusted.
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

botocore_loaders = pytest.importorskip("botocore.loaders")

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "tools" / "model_gen.py"


def _generator():
    spec = importlib.util.spec_from_file_location("model_gen", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


def _sdk_dir(service):
    """The SDK's types folder of the locked version, or a skip: without a cargo fetch there is
    nothing to compare with."""
    version = gen.locked_versions(str(ROOT)).get(service.crate)
    try:
        return gen.sdk_types_dir(service.crate, version)
    except SystemExit as e:
        pytest.skip(str(e))


def _rustfmt():
    if not (shutil.which("rustfmt") or os.path.exists(os.path.expanduser("~/.cargo/bin/rustfmt"))):
        pytest.skip("no rustfmt: the generator formats its output with it")


SERVICES = {s.module: s for s in gen.SERVICES}
LOADER = botocore_loaders.Loader()


def _botocore_shapes(service):
    return LOADER.load_service_model(service.botocore, "service-2")["shapes"]


# ---------------------------------------------------------------- up to date


def test_the_generated_files_are_what_the_generator_makes(tmp_path):
    _rustfmt()
    for service in gen.SERVICES:
        _sdk_dir(service)
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path), "--quiet"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    made = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.rs")}
    assert made, "the generator wrote nothing"
    stale = [rel for rel in sorted(made) if (tmp_path / rel).read_text() != _committed(rel)]
    # a file of from_sdk/ the generator no longer makes would still be compiled
    leftover = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "src" / "fetch" / "from_sdk").glob("*.rs")
        if p.relative_to(ROOT).as_posix() not in made
    )
    assert not stale and not leftover, (
        f"stale: {stale}, not generated any more: {leftover}; run `.venv/bin/python tools/model_gen.py`"
    )


def _committed(rel):
    path = ROOT / rel
    return path.read_text() if path.exists() else None


# ---------------------------------------------------------------- complete


SHAPE = re.compile(r"shape!\s*\{\s*(?:///\s*botocore `(\w+)`\.\s*)?pub struct (\w+)\s*\{(.*?)\n    \}\s*\}", re.S)
FIELD = re.compile(r'#\[serde\(rename = "([^"]+)"\)\]\s*((?:r#)?\w+): ([^,\n]+),')
SCALAR = {"string": "String", "timestamp": "String", "integer": "i32", "long": "i64", "boolean": "bool",
          "double": "f64", "float": "f64"}


def _structs(module):
    """{botocore name: (Rust name, [(boto3 key, field, type)])} of a generated model file."""
    text = (ROOT / "src" / "model" / f"{module}.rs").read_text()
    structs = {}
    for botocore, name, body in SHAPE.findall(text):
        structs[botocore or name] = (name, FIELD.findall(body))
    return structs


def _expected_type(shapes, ref, names):
    shape = shapes[ref]
    if shape["type"] == "structure":
        return names[ref]
    if shape["type"] == "list":
        return f"Vec<{_expected_type(shapes, shape['member']['shape'], names)}>"
    if shape["type"] == "map":
        return f"OrderedMap<{_expected_type(shapes, shape['value']['shape'], names)}>"
    return SCALAR[shape["type"]]


def _closure(shapes, roots):
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        shape = shapes[name]
        if shape["type"] == "structure":
            if name in seen:
                continue
            seen.add(name)
            todo += [m["shape"] for m in shape["members"].values()]
        elif shape["type"] == "list":
            todo.append(shape["member"]["shape"])
        elif shape["type"] == "map":
            todo.append(shape["value"]["shape"])
    return seen


@pytest.mark.parametrize("module", list(SERVICES))
def test_every_member_of_every_shape_the_roots_reach_is_in_the_model(module):
    service = SERVICES[module]
    shapes = _botocore_shapes(service)
    structs = _structs(module)
    assert set(structs) == _closure(shapes, service.roots), "the emitted structs are not the roots' closure"
    names = {botocore: name for botocore, (name, _) in structs.items()}
    for botocore, (name, fields) in structs.items():
        members = shapes[botocore]["members"]
        assert [key for key, _, _ in fields] == list(members), f"{name}: not botocore's members, in order"
        for key, _field, typ in fields:
            assert typ == _expected_type(shapes, members[key]["shape"], names), f"{name}.{key}: {typ}"
        assert len({f for _, f, _ in fields}) == len(fields), f"{name}: a field name twice"


IMPL = re.compile(r"impl From<sdk::(\w+)>\s*for m::(\w+)\s*\{.*?boto!\(v => m::\w+ \{(.*?)\}\)", re.S)


def _header_list(text, title):
    """The names a generated file's header lists under a title starting with `title`."""
    m = re.search(rf"^//! {re.escape(title)}[^\n]*\n((?://!   [^\n]*\n)+)", text, re.M)
    if not m:
        return set()
    return {n.strip().rstrip(".") for n in re.sub(r"//!\s*", "", m.group(1)).split(",") if n.strip()}


@pytest.mark.parametrize("module", list(SERVICES))
def test_every_conversion_fills_every_field_the_sdk_has_and_names_the_rest(module):
    service = SERVICES[module]
    sdk = gen.read_sdk(_sdk_dir(service))
    structs = _structs(module)
    text = (ROOT / "src" / "fetch" / "from_sdk" / f"{module}.rs").read_text()
    converted = {}
    for sdk_name, model_name, body in IMPL.findall(text):
        assert sdk_name == model_name
        converted[model_name] = [f.split(":")[0].strip() for f in body.split(",") if f.strip()]
    lacks = _header_list(text, "Members botocore has and")
    absent = _header_list(text, "Shapes botocore has and")
    sdk_only = _header_list(text, "Fields ")
    for _botocore, (name, fields) in structs.items():
        if name not in sdk.structs:
            assert name in absent, f"{name}: not in the SDK, and not said so"
            assert name not in converted
            continue
        sdk_fields = [f for f, _ in sdk.structs[name]]
        model_fields = {f: key for key, f, _ in fields}
        assert converted.get(name) == [f for f in model_fields if f in sdk_fields], f"{name}: fields not converted"
        for field, key in model_fields.items():
            if field not in sdk_fields:
                assert f"{name}.{key}" in lacks, f"{name}.{key}: the SDK lacks it, and the header does not say so"
        for field in sdk_fields:
            if field not in model_fields:
                assert f"{name}.{field}" in sdk_only, f"{name}.{field}: botocore lacks it, the header does not say so"
    model_text = (ROOT / "src" / "model" / f"{module}.rs").read_text()
    assert _header_list(model_text, "Members botocore has and") == lacks


def test_the_timestamp_keys_are_botocores():
    for module, service in SERVICES.items():
        shapes = _botocore_shapes(service)
        text = (ROOT / "src" / "model" / f"{module}.rs").read_text()
        if not service.items_as_data:
            assert "TIMESTAMP_KEYS" not in text, module
            continue
        keys = re.search(r"TIMESTAMP_KEYS: &\[&str\] =\s*&\[(.*?)\];", text, re.S).group(1)
        listed = set(re.findall(r'"(\w+)"', keys))
        want = {k for name in _closure(shapes, service.roots) for k, m in shapes[name]["members"].items()
                if shapes[m["shape"]]["type"] == "timestamp"}
        assert listed == want, module

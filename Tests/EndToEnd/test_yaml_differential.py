"""Differential test of trackspec's YAML parser against PyYAML (libyaml's C loader where available), with
PyYAML's resolvers set to YAML 1.2's core schema (PyYAML implements 1.1, where `yes` is a boolean and
`2001-12-14` a date): on every YAML file of rudder-cli's rule catalogue (and every project file embedded in
its examples), and on documents PyYAML's emitter writes in all its styles from generated data."""
import json
import random
import re
import subprocess

import pytest

from conftest import BINARY, shared_path

yaml = pytest.importorskip("yaml", reason="PyYAML is installed by scripts/install-test-deps.sh")

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Core12Loader(Loader):
    """YAML 1.2 core schema: null, bool, int (decimal, 0o, 0x), float; everything else a string."""


Core12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
]:
    Core12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


Core12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)


def trackspec_documents(text, tmp_path, name="doc.yaml"):
    """The documents trackspec reads from `text`, through `trackspec convert --to json`."""
    path = tmp_path / name
    path.write_text(text)
    run = subprocess.run([BINARY, "convert", str(path), "--to", "json"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, (text[:300], run.stderr[:500])
    decoder, out, rest = json.JSONDecoder(), [], run.stdout.strip()
    while rest:
        value, end = decoder.raw_decode(rest)
        out.append(value)
        rest = rest[end:].lstrip()
    return out


def pyyaml_documents(text):
    return [json.loads(json.dumps(d, default=str)) for d in yaml.load_all(text, Loader=Core12Loader)]


def rudder_cli_yaml_texts():
    """Every YAML file of the catalogue, and every project file its examples embed."""
    root = shared_path("rudder-cli-rules")
    texts = []
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text()
        texts.append((str(path.relative_to(root)), text))
        for doc in yaml.load_all(text, Loader=Core12Loader):
            stack = [doc]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    # An example's `files`: file name → the file's YAML text.
                    if isinstance(node.get("files"), dict):
                        for file_name, content in node["files"].items():
                            if isinstance(content, str):
                                texts.append((f"{path.name}: {file_name}", content))
                    stack.extend(node.values())
                elif isinstance(node, list):
                    stack.extend(node)
    return texts


def test_rudder_cli_catalogue_reads_as_pyyaml_reads_it(tmp_path):
    texts = rudder_cli_yaml_texts()
    assert len(texts) > 23, "the catalogue's files and the project files in its examples"
    for i, (name, text) in enumerate(texts):
        assert trackspec_documents(text, tmp_path, f"{i}.yaml") == pyyaml_documents(text), name


WORDS = ["event", "Order Completed", "a: b", "x #y", "- item", "? q", "'single'", '"double"', "tab\there", "back\\slash",
         "ünïcödé", "emoji 😀", "line\nbreak", "  padded  ", "trailing ", "{flow}", "[list]", "&anchor", "*alias", "!tag",
         "%percent", "@at", "`tick`", "|pipe", ">fold", "yes", "No", "on", "~tilde", "", " ", "100%", "http://x.y/z?a=b#c",
         "C:\\path", "a,b", "key:value", "#hash"]


def generated(rng, depth=0):
    kind = rng.random()
    if depth > 3 or kind < 0.45:
        choice = rng.random()
        if choice < 0.55:
            return rng.choice(WORDS) + (rng.choice(WORDS) if rng.random() < 0.3 else "")
        if choice < 0.7:
            return rng.randint(-10**12, 10**12)
        if choice < 0.8:
            return rng.choice([True, False, None])
        return round(rng.uniform(-1e6, 1e6), rng.randint(0, 6))
    if kind < 0.75:
        return {rng.choice(WORDS) + str(rng.randint(0, 99)): generated(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    return [generated(rng, depth + 1) for _ in range(rng.randint(0, 5))]


def test_pyyaml_emitter_output_in_every_style_reads_back(tmp_path):
    rng = random.Random(1912)
    styles = [dict(default_flow_style=False), dict(default_flow_style=True), dict(default_flow_style=None),
              dict(default_flow_style=False, width=20), dict(canonical=True), dict(default_flow_style=False, default_style='"'),
              dict(default_flow_style=False, default_style="'"), dict(default_flow_style=False, default_style="|"),
              dict(allow_unicode=True, default_flow_style=False, indent=4), dict(explicit_start=True, explicit_end=True)]
    data = [generated(rng) for _ in range(120)]
    failures = []
    compared = 0
    for i, value in enumerate(data):
        style = styles[i % len(styles)]
        text = yaml.dump(value, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, **style)
        expected = pyyaml_documents(text)
        if expected != [json.loads(json.dumps(value))]:
            continue  # PyYAML's 1.1 emitter wrote something 1.2 reads differently (a plain `0o7`…): not ours to judge
        if re.search(r"(^|[\s\[{,])! ", text):
            # `! '12'`: the non-specific tag makes a quoted scalar a string (YAML 1.2, and the test suite);
            # PyYAML resolves it as if plain. PyYAML's styles '|' and "'" write it for every non-string.
            continue
        got = trackspec_documents(text, tmp_path, f"g{i}.yaml")
        compared += 1
        if got != expected:
            failures.append((style, text[:400], got, expected))
    assert not failures, "\n\n".join(f"{style}\n{text}\ngot {got}\nexpected {expected}" for style, text, got, expected in failures[:3])
    assert compared >= 60, f"only {compared} documents compared"


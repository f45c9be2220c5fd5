"""The server publishes the same Snowplow diagnostics as `trackspec check` (same rules, ranges, severities),
for every Snowplow example, including the cross-file name clash with a file that is not open."""
import json
import pathlib
import subprocess

from conftest import BINARY, ROOT

EXAMPLES = ROOT / "Examples"
FILES = sorted((EXAMPLES / "snowplow").glob("*.json"))
SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}


def check_output():
    run = subprocess.run([BINARY, "check", "--format", "json", str(EXAMPLES)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1, run.stderr
    expected = {}
    for d in json.loads(run.stdout)["diagnostics"]:
        path = (ROOT / d["path"]).resolve()
        r = d["range"]
        expected.setdefault(path, set()).add((d["rule"], SEVERITY[d["severity"]], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]))
    return expected


def test_server_publishes_what_check_prints(raw_client):
    expected = check_output()
    assert any(rule.startswith("snowplow/schema-incompatible") for diags in expected.values() for (rule, *_rest) in diags)
    c = raw_client()
    c.initialize(root=str(EXAMPLES))
    # Only the broken scenario is opened: its name clash is with checkout.data-product.json, on disk.
    opened = [f for f in FILES if f.name != "checkout.data-product.json"]
    for f in opened:
        c.notify("textDocument/didOpen", {"textDocument": {"uri": f.as_uri(), "languageId": "json", "version": 1, "text": f.read_text()}})
    published = {}
    while set(published) != {f.resolve() for f in opened}:
        m = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics", timeout=60)
        path = pathlib.Path(m["params"]["uri"].removeprefix("file://")).resolve()
        published[path] = {(d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                            d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in m["params"]["diagnostics"]}
    for f in opened:
        assert published[f.resolve()] == expected.get(f.resolve(), set()), f.name
    clash = [d for d in published[(EXAMPLES / "snowplow" / "checkout-broken.scenario.json").resolve()] if d[0] == "snowplow/name-duplicate"]
    assert len(clash) == 1
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0

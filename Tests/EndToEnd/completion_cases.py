"""The completion cases the editor tests (headless Neovim's omnifunc, batch Emacs' completion-at-point) type
and accept, with the buffer text each must leave. `‸` marks the cursor; `rounds` is how many completions are
accepted one after the other (a key, then its value), so that every case ends in a complete document."""
import json
import shutil

from conftest import EXAMPLES

SOURCE = '"event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1"}'

# name, file name, text with the cursor, rounds, expected text
CASES = [
    ("empty string value", "empty.scenario.json",
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": "‸"\n}\n', 1,
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": "draft"\n}\n'),
    ("prefix inside a string", "prefix.scenario.json",
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": "pu‸"\n}\n', 1,
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": "published"\n}\n'),
    ("prefix in a string not closed yet", "open.scenario.json",
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": "dep‸\n}\n', 1,
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": "deprecated"\n}\n'),
    ("Iglu URI vendor segment", "vendor.scenario.json",
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.snowplowanalytics.sn‸"}\n}\n', 1,
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.snowplowanalytics.snowplow/"}\n}\n'),
    ("Iglu URI name segment", "name.scenario.json",
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/‸"}\n}\n', 1,
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/"}\n}\n'),
    ("Iglu URI version segment", "version.scenario.json",
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-‸"}\n}\n', 1,
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1"}\n}\n'),
    ("new key after an opening quote, then its value", "key.scenario.json",
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "sta‸\n}\n', 2,
     '{\n  "name": "Tap",\n  ' + SOURCE + ',\n  "status": "draft"\n}\n'),
    ("new key with no quote typed, then its value", "web.connection.json",
     '{\n  "config": {\n    "track": {\n      ‸\n    }\n  }\n}\n', 2,
     '{\n  "config": {\n    "track": {\n      "allowUnplannedEvents": "true"\n    }\n  }\n}\n'),
]


def write_workspace(folder):
    """The case files in `folder`, with the Examples' Iglu cache; returns [{file, line, col, rounds}]."""
    shutil.copytree(EXAMPLES / "iglu", folder / "iglu")
    (folder / "trackspec.json").write_text(json.dumps({"include": ["*.json"], "iglu": {"cache": ["iglu"]}}))
    cases = []
    for _name, file_name, marked, rounds, _expected in CASES:
        before, _, _ = marked.partition("‸")
        line = before.count("\n")
        col = len(before.split("\n")[-1].encode())
        (folder / file_name).write_text(marked.replace("‸", ""))
        cases.append({"file": str(folder / file_name), "line": line, "col": col, "rounds": rounds})
    return cases


def check_results(results, client):
    """Each case's buffer text is the expected one, and a complete JSON document."""
    assert len(results) == len(CASES), results
    failures = []
    for (name, _file, _marked, _rounds, expected), result in zip(CASES, results):
        if result["text"].rstrip("\n") != expected.rstrip("\n"):
            failures.append(f"{name}: {client} left {result['text']!r}, expected {expected!r} (offered {result.get('offered')})")
        else:
            json.loads(result["text"])
    assert not failures, "\n".join(failures)

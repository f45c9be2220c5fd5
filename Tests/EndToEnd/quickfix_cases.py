"""The quick fixes the editor tests (headless Neovim's code action menu, batch Emacs' Eglot and lsp-mode) apply,
JSON and YAML, with the buffer text each must leave. `‸` marks the cursor (on the diagnostic); `pick` is a part
of the title of the fix chosen from the client's menu, as a user picks it."""
import json
import shutil

from conftest import EXAMPLES

SOURCE = "iglu:com.acme/ui_actions/jsonschema/1-0-1"


def data_structure(required):
    return ("apiVersion: v1\nresourceType: data-structure\nmeta:\n  hidden: false\n  schemaType: event\n  customData: {}\n"
            "data:\n  $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#\n"
            "  self:\n    vendor: com.acme\n    name: checkout\n    format: jsonschema\n    version: 1-0-0\n  type: object\n"
            "  properties:\n    step:\n      type: integer\n      minimum: 1\n  additionalProperties: false\n  required:\n" + required)


# name, file name, text with the cursor, pick, expected text
CASES = [
    ("YAML: a misspelt status (plain scalar stays plain)", "status.scenario.yaml",
     f"name: Tap YAML\nstatus: pu‸blishd\nevent:\n  source: {SOURCE}\n", "published",
     f"name: Tap YAML\nstatus: published\nevent:\n  source: {SOURCE}\n"),
    ("YAML: a misspelt status in single quotes keeps them", "quoted.scenario.yaml",
     f"name: Tap quoted\nstatus: 'pu‸blishd'\nevent:\n  source: {SOURCE}\n", "published",
     f"name: Tap quoted\nstatus: 'published'\nevent:\n  source: {SOURCE}\n"),
    ("YAML: a misspelt key, its value untouched", "key.scenario.yaml",
     f"name: Tap key\nstatus: draft\nevent:\n  source: {SOURCE}\ndescr‸ipton: Taps on buttons\n", "description",
     f"name: Tap key\nstatus: draft\nevent:\n  source: {SOURCE}\ndescription: Taps on buttons\n"),
    ("YAML: a required name missing from properties, removed from a block list", "data-structures/checkout.yaml",
     data_structure("    - step\n    - to‸tal\n"), "Do not require",
     data_structure("    - step\n")),
    ("YAML: ... or added to properties at their indentation", "data-structures/basket.yaml",
     data_structure("    - step\n    - to‸tal\n").replace("name: checkout", "name: basket"), "to properties",
     data_structure("    - step\n    - total\n").replace("name: checkout", "name: basket")
     .replace("      minimum: 1\n", "      minimum: 1\n    total: {}\n")),
    ("JSON: a misspelt status", "status.scenario.json",
     '{\n  "name": "Tap JSON",\n  "status": "pu‸blishd",\n  "event": {"source": "' + SOURCE + '"}\n}\n', "published",
     '{\n  "name": "Tap JSON",\n  "status": "published",\n  "event": {"source": "' + SOURCE + '"}\n}\n'),
    ("JSON: a misspelt key", "key.scenario.json",
     '{\n  "name": "Tap JSON key",\n  "status": "draft",\n  "event": {"source": "' + SOURCE + '"},\n  "descr‸ipton": "Taps"\n}\n',
     "description",
     '{\n  "name": "Tap JSON key",\n  "status": "draft",\n  "event": {"source": "' + SOURCE + '"},\n  "description": "Taps"\n}\n'),
]


def write_workspace(folder, cases_list=None):
    """The case files in `folder`, with the Examples' Iglu cache; returns [{file, line, col, pick}]."""
    cases_list = CASES if cases_list is None else cases_list
    shutil.copytree(EXAMPLES / "iglu", folder / "iglu")
    (folder / "trackspec.json").write_text(json.dumps({"iglu": {"cache": ["iglu"]}}))
    cases = []
    for _name, file_name, marked, pick, _expected in cases_list:
        before, _, _ = marked.partition("‸")
        target = folder / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(marked.replace("‸", ""))
        cases.append({"file": str(target), "line": before.count("\n"), "col": len(before.split("\n")[-1].encode()), "pick": pick})
    return cases


def check_results(results, client, cases_list=None):
    """Each case's buffer text is the expected one."""
    cases_list = CASES if cases_list is None else cases_list
    assert len(results) == len(cases_list), results
    failures = [f"{name}: {client} left {result['text']!r}, expected {expected!r} (offered {result.get('offered')})"
                for (name, _file, _marked, _pick, expected), result in zip(cases_list, results)
                if result["text"] != expected]
    assert not failures, "\n".join(failures)

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
    ("a JSON Schema keyword in event.schema, typed in part (Eglot's flex style used to leave operproperties)", "keyword.scenario.json",
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1", "schema": {"propert‸": {}}}\n}\n', 1,
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1", "schema": {"properties": {}}}\n}\n'),
    ("a keyword in a string not closed yet, then its boolean", "boolean.scenario.json",
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1", "schema": {"additionalPro‸}}\n}\n', 2,
     '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1", "schema": {"additionalProperties": false}}\n}\n'),
    ("new key with no quote typed, then its value", "web.connection.json",
     '{\n  "config": {\n    "track": {\n      ‸\n    }\n  }\n}\n', 2,
     '{\n  "config": {\n    "track": {\n      "allowUnplannedEvents": "true"\n    }\n  }\n}\n'),
]

DATA_PRODUCT_JSON = ('{\n  "apiVersion": "v1",\n  "resourceType": "data-product",\n'
                     '  "resourceName": "1d9c7a0e-0000-4000-8000-000000000001",\n  "data": {\n    "name": "Checkout",\n')

SCHEMA_HEAD = '{\n  "name": "Tap",\n  "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1", "schema": '

CASES += [
    ("enum in a property's refinement (Eglot's flex style used to leave uenum)", "enum.scenario.json",
     SCHEMA_HEAD + '{"properties": {"action": {"enu‸": ["click"]}}}}\n}\n', 1,
     SCHEMA_HEAD + '{"properties": {"action": {"enum": ["click"]}}}}\n}\n'),
    ("items in a property's refinement", "items.scenario.json",
     SCHEMA_HEAD + '{"properties": {"action": {"ite‸": {}}}}}\n}\n', 1,
     SCHEMA_HEAD + '{"properties": {"action": {"items": {}}}}}\n}\n'),
    ("required in event.schema", "required.scenario.json",
     SCHEMA_HEAD + '{"requ‸": ["action"]}}\n}\n', 1,
     SCHEMA_HEAD + '{"required": ["action"]}}\n}\n'),

    ("a data product's key (snowplow-cli's JSON), its value already there", "checkout.data-product.json",
     DATA_PRODUCT_JSON + '    "ow‸": "growth@acme.example"\n  }\n}\n', 1,
     DATA_PRODUCT_JSON + '    "owner": "growth@acme.example"\n  }\n}\n'),
    ("the first key of an event specification in a data product (JSON)", "spec.data-product.json",
     DATA_PRODUCT_JSON + '    "eventSpecifications": [{"na‸": "Checkout started"}]\n  }\n}\n', 1,
     DATA_PRODUCT_JSON + '    "eventSpecifications": [{"name": "Checkout started"}]\n  }\n}\n'),
]

YAML_SOURCE = "source: iglu:com.acme/ui_actions/jsonschema/1-0-1"
DATA_PRODUCT_YAML = ("apiVersion: v1\nresourceType: data-product\nresourceName: 1d9c7a0e-0000-4000-8000-000000000001\n"
                     "data:\n  name: Checkout\n")
RUDDER_PROPERTIES = ("version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n"
                     "    - id: product_id\n      name: product_id\n      type: string\n      config:\n")
RUDDER_PLAN = "version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: web\nspec:\n  id: web\n  display_name: Web\n"

# The same in YAML files (snowplow-cli's notation): plain keys and values, the block structure from indentation.
YAML_CASES = [
    ("YAML: a new key on its own line, then its value", "key.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\nsta‸\n", 2,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\nstatus: draft\n"),
    ("YAML: a value after the key", "value.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\nstatus: ‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\nstatus: draft\n"),
    ("YAML: a prefix of a value", "prefix.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\nstatus: pu‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\nstatus: published\n"),
    ("YAML: an Iglu URI segment in a plain scalar", "segment.scenario.yaml",
     "name: Tap\nevent:\n  source: iglu:com.acme/‸\n", 1,
     "name: Tap\nevent:\n  source: iglu:com.acme/ui_actions/\n"),
    ("YAML: a key under event:", "nested.scenario.yaml",
     "name: Tap\nevent:\n  sou‸\n", 1,
     "name: Tap\nevent:\n  source: \n"),
    ("YAML: a key holding a mapping ends at its colon, and the next line is indented under it", "block.scenario.yaml",
     "name: Tap\nev‸\n", 1,
     "name: Tap\nevent:\n  source: iglu:com.acme/x", "<CR>source: iglu:com.acme/x"),
    ("YAML: the Iglu URI right after iglu:", "scheme.scenario.yaml",
     "name: Tap\nevent:\n  source: iglu:‸\n", 1,
     "name: Tap\nevent:\n  source: iglu:com.acme/\n"),
    ("YAML: the first property under an empty properties:", "properties.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    properties:\n      ‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    properties:\n      action: \n"),
    ("YAML: an item of a block required: list", "required.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    required:\n      - ‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    required:\n      - action\n"),
    ("YAML: the Iglu URI's version segment", "version.scenario.yaml",
     "name: Tap\nevent:\n  source: iglu:com.acme/ui_actions/jsonschema/1-‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n"),
    ("YAML: enum, a keyword holding a list, ends at its colon", "enum.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    properties:\n      action:\n        enu‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    properties:\n      action:\n        enum:\n"),
    ("YAML: items, a keyword holding a schema, ends at its colon", "items.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    properties:\n      action:\n        ite‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    properties:\n      action:\n        items:\n"),
    ("YAML: additionalProperties' boolean value", "closed.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    additionalProperties: ‸\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    additionalProperties: false\n"),
    ("YAML: a data product's key under data:", "checkout.data-product.yaml",
     DATA_PRODUCT_YAML + "  ow‸\n", 1,
     DATA_PRODUCT_YAML + "  owner: \n"),
    ("YAML: the first key of an event specification, after - ", "spec.data-product.yaml",
     DATA_PRODUCT_YAML + "  eventSpecifications:\n    - na‸\n", 1,
     DATA_PRODUCT_YAML + "  eventSpecifications:\n    - name: \n"),
    ("YAML: an advanced keyword in a rudder-cli property's config:", "properties.yaml",
     RUDDER_PROPERTIES + "        max‸\n", 1,
     RUDDER_PROPERTIES + "        max_length: \n"),
    ("YAML: a rudder-cli tracking plan's spec key", "web-plan.yaml",
     RUDDER_PLAN + "  desc‸\n", 1,
     RUDDER_PLAN + "  description: \n"),
    ("YAML: an item of a flow required: list", "flow.scenario.yaml",
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    required: [‸]\n", 1,
     "name: Tap\nevent:\n  " + YAML_SOURCE + "\n  schema:\n    required: [action]\n"),
]


def write_workspace(folder, cases_list=None):
    """The case files in `folder`, with the Examples' Iglu cache; returns [{file, line, col, rounds}]."""
    cases_list = CASES if cases_list is None else cases_list
    shutil.copytree(EXAMPLES / "iglu", folder / "iglu")
    (folder / "trackspec.json").write_text(json.dumps({"include": ["*.json", "*.yaml"], "iglu": {"cache": ["iglu"]}}))
    cases = []
    for _name, file_name, marked, rounds, _expected, *then_type in cases_list:
        before, _, _ = marked.partition("‸")
        line = before.count("\n")
        col = len(before.split("\n")[-1].encode())
        (folder / file_name).write_text(marked.replace("‸", ""))
        case = {"file": str(folder / file_name), "line": line, "col": col, "rounds": rounds}
        if then_type:
            # Keys typed after the completion, at the end of its line (Neovim key notation).
            case["then_type"] = then_type[0]
        cases.append(case)
    return cases


def check_results(results, client, cases_list=None):
    """Each case's buffer text is the expected one (for JSON cases, a complete JSON document)."""
    cases_list = CASES if cases_list is None else cases_list
    assert len(results) == len(cases_list), results
    failures = []
    for (name, file_name, _marked, _rounds, expected, *_), result in zip(cases_list, results):
        if result["text"].rstrip("\n") != expected.rstrip("\n"):
            failures.append(f"{name}: {client} left {result['text']!r}, expected {expected!r} (offered {result.get('offered')})")
        elif file_name.endswith(".json"):
            json.loads(result["text"])
    assert not failures, "\n".join(failures)

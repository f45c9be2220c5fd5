"""The server publishes the same diagnostics as `trackspec check` (same rules, ranges, severities) for every
Snowplow and RudderStack example, including cross-file ones with files that are not open (push mode) and in
pull mode; quick fixes and hovers on RudderStack files round-trip through the protocol."""
import json
import pathlib
import subprocess

import pytest

from conftest import BINARY, ROOT

EXAMPLES = ROOT / "Examples"
SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}


def check_output(root=EXAMPLES):
    run = subprocess.run([BINARY, "check", "--format", "json", str(root)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1, run.stderr
    expected = {}
    for d in json.loads(run.stdout)["diagnostics"]:
        path = (ROOT / d["path"]).resolve()
        r = d["range"]
        expected.setdefault(path, set()).add((d["rule"], SEVERITY[d["severity"]], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]))
    return expected


def as_tuples(diagnostics):
    return {(d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in diagnostics}


# workspace, family folder, the file left closed (its facts come from disk), a cross-file rule the open files
# must show; the YAML copies (Examples/yaml, what snowplow-cli and rudder-cli users keep) the same way.
YAML = EXAMPLES / "yaml"
RUDDER_CLI = EXAMPLES / "rudderstack" / "rudder-cli-broken"
DATA_CATALOG_API = EXAMPLES / "rudderstack" / "data-catalog-api"
SNOWPLOW_CLI = EXAMPLES / "snowplow" / "snowplow-cli"
CASES = [
    (EXAMPLES, "snowplow", "checkout.data-product.json", "snowplow/name-duplicate", "checkout-broken.scenario.json"),
    (EXAMPLES, "rudderstack", "catalog.json", "rudderstack/reference-unresolved", "ecommerce-broken.tracking-plan.json"),
    (YAML, "snowplow", "checkout-broken.scenario.yaml", "snowplow/name-duplicate", "checkout.data-product.yaml"),
    (YAML, "rudderstack", "catalog.yaml", "rudderstack/reference-unresolved", "ecommerce-broken.tracking-plan.yaml"),
    # A rudder-cli project (its own trackspec.json): a URN declared again in a file nobody opened.
    (RUDDER_CLI, ".", "more-properties.yaml", "rudderstack/urn-duplicate", "properties.yaml"),
    # Data Catalog API bodies and RudderTyper's plan.json: a variant's property id that only the catalog could define.
    (DATA_CATALOG_API, ".", "catalog.json", "rudderstack/reference-unresolved", "address-broken.custom-type.json"),
    # A snowplow-cli layout: a trigger app id that only the (unopened) source application file could declare.
    (SNOWPLOW_CLI, "data-products", "checkout.yaml", "snowplow/reference-unresolved", "checkout-broken.yaml"),
]


def open_and_diagnose(c, path, language):
    """Opens `path` with its text; returns its uri, its lines and the diagnostics published for it."""
    text = path.read_text()
    uri = path.as_uri()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}})
    published = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, timeout=60)
    return uri, text.split("\n"), published["params"]["diagnostics"]


def apply_quick_fix(c, uri, lines, diagnostic):
    """The one quick fix offered for `diagnostic`, its single edit applied to `lines` as an editor would;
    returns the action and the number of the line it changed."""
    rid = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}})
    (action,) = c.response(rid)["result"]
    (edit,) = action["edit"]["changes"][uri]
    start, end = edit["range"]["start"], edit["range"]["end"]
    assert start["line"] == end["line"]
    n = start["line"]
    lines[n] = lines[n][:start["character"]] + edit["newText"] + lines[n][end["character"]:]
    return action, n


def expect_only_the_fixed_one_gone(c, uri, lines, diagnostics, fixed):
    """Sends the fixed text (version 2): the fixed diagnostic is gone, every other one stays."""
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "\n".join(lines)}]})
    after = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 2, timeout=60)["params"]["diagnostics"]
    assert sorted(d["message"] for d in after) == sorted(d["message"] for d in diagnostics if d is not fixed)


@pytest.mark.parametrize("root,family,closed,cross_rule,cross_file", CASES, ids=[f"{c[0].name}-{c[1]}" for c in CASES])
def test_server_publishes_what_check_prints(raw_client, root, family, closed, cross_rule, cross_file):
    expected = check_output(root)
    suffix = ".yaml" if root in (YAML, RUDDER_CLI, SNOWPLOW_CLI) else ".json"
    files = sorted((root / family).glob("*" + suffix))
    assert any(rule.startswith(cross_rule.split("/")[0] + "/") for diags in expected.values() for (rule, *_rest) in diags)
    c = raw_client()
    c.initialize(root=str(root))
    opened = [f for f in files if f.name != closed]
    for f in opened:
        c.notify("textDocument/didOpen", {"textDocument": {"uri": f.as_uri(), "languageId": suffix[1:], "version": 1, "text": f.read_text()}})
    published = {}
    while set(published) != {f.resolve() for f in opened}:
        m = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics", timeout=60)
        published[pathlib.Path(m["params"]["uri"].removeprefix("file://")).resolve()] = as_tuples(m["params"]["diagnostics"])
    for f in opened:
        assert published[f.resolve()] == expected.get(f.resolve(), set()), f.name
    assert [d for d in published[(root / family / cross_file).resolve()] if d[0] == cross_rule]
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def test_pull_mode_includes_cross_file_diagnostics(raw_client):
    expected = check_output()
    c = raw_client()
    c.initialize(capabilities={"textDocument": {"diagnostic": {}}}, root=str(EXAMPLES))
    rid = c.request("workspace/diagnostic", {"previousResultIds": []})
    items = {pathlib.Path(i["uri"].removeprefix("file://")).resolve(): i for i in c.response(rid, timeout=60)["result"]["items"]}
    for root, family, _closed, cross_rule, cross_file in CASES:
        if root != EXAMPLES:
            continue
        path = (EXAMPLES / family / cross_file).resolve()
        assert as_tuples(items[path]["items"]) == expected[path], cross_file
        assert any(d["code"] == cross_rule for d in items[path]["items"])
    # Unchanged files are reported as such on the next pull.
    previous = [{"uri": i["uri"], "value": i["resultId"]} for i in items.values()]
    rid = c.request("workspace/diagnostic", {"previousResultIds": previous})
    again = c.response(rid, timeout=60)["result"]["items"]
    assert {i["kind"] for i in again} == {"unchanged"}
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def test_quick_fix_and_hover_on_a_connection(raw_client):
    path = EXAMPLES / "rudderstack" / "web-source-broken.connection.json"
    c = raw_client()
    c.initialize(capabilities={"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}}, root=str(EXAMPLES))
    uri, lines, diagnostics = open_and_diagnose(c, path, "json")
    boolean = [d for d in diagnostics if "JSON boolean" in d["message"]][0]
    action, n = apply_quick_fix(c, uri, lines, boolean)
    assert action["title"] == 'Replace with "true"'
    assert action["kind"] == "quickfix" and action["diagnostics"][0]["code"] == "rudderstack/config-value-invalid"
    assert lines[n].strip() == '"propagateValidationErrors": "true",'
    # Apply it as an editor would: the diagnostic is gone, every other one stays.
    expect_only_the_fixed_one_gone(c, uri, lines, diagnostics, boolean)
    # Hover on a setting says what RudderStack does with it.
    key_line = next(i for i, l in enumerate(lines) if "propagateValidationErrors" in l)
    rid = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": key_line, "character": lines[key_line].index("propagate") + 2}})
    hover = c.response(rid)["result"]
    assert hover["contents"]["kind"] == "markdown" and "context.violationErrors" in hover["contents"]["value"]
    rid = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    assert c.response(rid)["result"] is None
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def test_quick_fix_hover_and_definition_in_yaml(raw_client):
    """The YAML copies: the connection's quick fix applied to the YAML text leaves valid YAML and the other
    diagnostics; hover on a setting; definition from an Iglu URI in a YAML scenario to the cached schema."""
    path = YAML / "rudderstack" / "web-source-broken.connection.yaml"
    c = raw_client()
    c.initialize(capabilities={"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}}, root=str(YAML))
    uri, lines, diagnostics = open_and_diagnose(c, path, "yaml")
    boolean = [d for d in diagnostics if "JSON boolean" in d["message"] or "boolean" in d["message"]][0]
    _action, n = apply_quick_fix(c, uri, lines, boolean)
    assert lines[n] == '    propagateValidationErrors: "true"'
    expect_only_the_fixed_one_gone(c, uri, lines, diagnostics, boolean)
    key_line = next(i for i, l in enumerate(lines) if "propagateValidationErrors" in l)
    rid = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": key_line, "character": lines[key_line].index("propagate") + 2}})
    assert "context.violationErrors" in c.response(rid)["result"]["contents"]["value"]
    scenario = YAML / "snowplow" / "link-click.scenario.yaml"
    s_text = scenario.read_text()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": scenario.as_uri(), "languageId": "yaml", "version": 1, "text": s_text}})
    s_lines = s_text.split("\n")
    source_line = next(i for i, l in enumerate(s_lines) if "source: iglu:" in l)
    rid = c.request("textDocument/definition", {"textDocument": {"uri": scenario.as_uri()},
                                                "position": {"line": source_line, "character": s_lines[source_line].index("iglu:") + 8}})
    targets = c.response(rid)["result"]
    assert targets and "/iglu/schemas/" in (targets[0].get("uri") or targets[0].get("targetUri")), targets
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def test_rudder_cli_yaml_quick_fix_definition_and_completion(raw_client, tmp_path):
    """A rudder-cli source file (YAML): the quick fix for `drop_unplanned_events: yes` leaves valid YAML without
    that error; definition on `#tracking-plan:shop` lands on the plan's id in its file, hover on it names the
    plan and its file; completion after
    `type: ` offers the SDKs."""
    import shutil
    project = tmp_path / "project"
    shutil.copytree(RUDDER_CLI, project)
    path = project / "web-source.yaml"
    c = raw_client()
    c.initialize(root=str(project))
    uri, lines, diagnostics = open_and_diagnose(c, path, "yaml")
    boolean = [d for d in diagnostics if "plain yes" in d["message"]][0]
    action, n = apply_quick_fix(c, uri, lines, boolean)
    assert action["title"] == "Replace with true"
    assert lines[n].strip() == "drop_unplanned_events: true"
    expect_only_the_fixed_one_gone(c, uri, lines, diagnostics, boolean)
    # Definition: the reference to the plan → `id: shop` in tracking-plan.yaml.
    ref_line = next(i for i, l in enumerate(lines) if "#tracking-plan:shop" in l)
    rid = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": {"line": ref_line, "character": lines[ref_line].index("#tracking-plan") + 3}})
    (target,) = c.response(rid)["result"]
    plan = project / "tracking-plan.yaml"
    assert target["uri"] == plan.as_uri()
    plan_lines = plan.read_text().split("\n")
    start, end = target["range"]["start"], target["range"]["end"]
    assert plan_lines[start["line"]][start["character"]:end["character"]] == "shop"
    # Hover on the same reference: the plan it names and its file (the plan is not open).
    rid = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": ref_line, "character": lines[ref_line].index("#tracking-plan") + 3}})
    hover = c.response(rid)["result"]
    assert "**tracking-plan** `shop`" in hover["contents"]["value"] and "tracking-plan.yaml" in hover["contents"]["value"], hover
    # Completion of the source's type.
    type_line = next(i for i, l in enumerate(lines) if l.strip().startswith("type:"))
    lines[type_line] = "  type: "
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "\n".join(lines)}]})
    rid = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": type_line, "character": len(lines[type_line])}})
    result = c.response(rid)["result"]
    labels = [i["label"] for i in (result["items"] if isinstance(result, dict) else result)]
    assert "javascript" in labels and "android" in labels, labels
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def test_a_data_structure_being_edited_is_the_iglu_schema_event_specs_are_judged_against(raw_client):
    """snowplow-cli layout: checkout.yaml refines com.acme/checkout_started, which only data-structures/ defines.
    Narrowing the data structure in its (unsaved) buffer re-judges the open data product; definition on the
    URI goes to the data-structure file."""
    product = SNOWPLOW_CLI / "data-products" / "checkout.yaml"
    structure = SNOWPLOW_CLI / "data-structures" / "com.acme" / "checkout_started.yaml"
    c = raw_client()
    c.initialize(root=str(SNOWPLOW_CLI), capabilities={"textDocument": {"publishDiagnostics": {"relatedInformation": True}}})
    uri, lines, diagnostics = open_and_diagnose(c, product, "yaml")
    assert diagnostics == []
    s_uri, s_lines, s_diagnostics = open_and_diagnose(c, structure, "yaml")
    assert s_diagnostics == []
    narrowed = structure.read_text().replace("basketValue: {type: number, minimum: 0}", "basketValue: {type: number, minimum: 5}")
    assert narrowed != structure.read_text()
    c.notify("textDocument/didChange", {"textDocument": {"uri": s_uri, "version": 2}, "contentChanges": [{"text": narrowed}]})
    republished = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                               and m["params"]["diagnostics"], timeout=60)["params"]["diagnostics"]
    (d,) = republished
    assert d["code"] == "snowplow/schema-incompatible" and "lower bound 1 is below 5" in d["message"], d
    assert d["relatedInformation"][0]["location"]["uri"] == s_uri
    row = next(i for i, line in enumerate(lines) if "iglu:com.acme/checkout_started" in line)
    rid = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": {"line": row, "character": lines[row].index("iglu:") + 8}})
    (target,) = c.response(rid)["result"]
    assert target["uri"] == s_uri
    assert narrowed.split("\n")[target["range"]["start"]["line"]].strip().startswith("$schema:")
    # The source application's $ref leads to its file (nobody opened it), by definition and by link.
    web = (SNOWPLOW_CLI / "data-products" / "source-apps" / "web.yaml").resolve().as_uri()
    ref_row = next(i for i, line in enumerate(lines) if "$ref: ./source-apps/web.yaml" in line)
    rid = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": {"line": ref_row, "character": lines[ref_row].index("./") + 4}})
    assert [t["uri"] for t in c.response(rid)["result"]] == [web]
    rid = c.request("textDocument/documentLink", {"textDocument": {"uri": uri}})
    links = c.response(rid)["result"]
    assert {l["target"] for l in links} >= {web, s_uri}, links
    assert any(l["target"] == web and l["range"]["start"]["line"] == ref_row for l in links)
    # Back as it was: the data product is clean again.
    c.notify("textDocument/didChange", {"textDocument": {"uri": s_uri, "version": 3}, "contentChanges": [{"text": structure.read_text()}]})
    c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                 and m["params"]["diagnostics"] == [], timeout=60)
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def with_messages(diagnostics):
    return {(d["code"], d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["line"], d["range"]["end"]["character"], d["message"]) for d in diagnostics}


def check_with_messages(root, cwd=ROOT, extra=()):
    run = subprocess.run([BINARY, "check", "--format", "json", *extra, str(root)], capture_output=True, text=True, cwd=cwd, timeout=120)
    assert run.returncode in (0, 1), run.stderr
    expected = {}
    for d in json.loads(run.stdout)["diagnostics"]:
        r = d["range"]
        expected.setdefault((cwd / d["path"]).resolve(), set()).add(
            # The API's code (SchemaIncompatible) leads the message in LSP, whose `code` is the rule id.
            (d["rule"], SEVERITY[d["severity"]], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"],
             f'{d["code"]}: {d["message"]}' if "code" in d else d["message"]))
    return expected


def example_files():
    """Every file under Examples a user might open, except the Iglu cache (the registry's copy)."""
    out = []
    for p in sorted(EXAMPLES.rglob("*")):
        rel = p.relative_to(EXAMPLES)
        if not p.is_file() or rel.parts[0] == "iglu" or any(part.startswith(".") for part in rel.parts):
            continue
        if p.suffix in (".json", ".yaml", ".yml") or "schemas" in rel.parts:
            out.append(p)
    return out


def language_of(path):
    return "yaml" if path.suffix in (".yaml", ".yml") else "json"


def test_every_example_opened_at_the_monorepo_root_shows_what_check_prints(raw_client):
    """The workspace opened at Examples/, which holds nested projects (folders with their own trackspec.json, as
    a monorepo does): each file, opened on its own, gets exactly check's diagnostics (rule, severity, range),
    its nested project's configuration and cross-file rules included, never another project's files."""
    expected = check_with_messages(EXAMPLES)
    files = example_files()
    assert len(files) >= 60
    c = raw_client()
    c.initialize(root=str(EXAMPLES))
    differing = []
    for f in files:
        uri = f.as_uri()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language_of(f), "version": 1, "text": f.read_text()}})
        m = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                         and m["params"].get("version") == 1, timeout=60)
        got = with_messages(m["params"]["diagnostics"])
        if got != expected.get(f.resolve(), set()):
            differing.append((str(f.relative_to(EXAMPLES)), sorted(got ^ expected.get(f.resolve(), set()))))
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert differing == []
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def test_every_example_pulled_with_files_closed_shows_what_check_prints(raw_client):
    """The same in pull mode, nothing open: workspace/diagnostic over the monorepo gives check's diagnostics."""
    expected = check_with_messages(EXAMPLES)
    c = raw_client()
    c.initialize(capabilities={"textDocument": {"diagnostic": {}}}, root=str(EXAMPLES))
    rid = c.request("workspace/diagnostic", {"previousResultIds": []})
    items = {pathlib.Path(i["uri"].removeprefix("file://")).resolve(): with_messages(i["items"]) for i in c.response(rid, timeout=120)["result"]["items"]}
    differing = [(str(f.relative_to(EXAMPLES)), sorted(items.get(f.resolve(), set()) ^ expected.get(f.resolve(), set())))
                 for f in example_files() if items.get(f.resolve(), set()) != expected.get(f.resolve(), set())]
    assert differing == []
    c.request("shutdown")
    c.notify("exit")
    assert c.close() == 0


def realworld_cases():
    """shared/realworld-dev: the corpus folder, its cases (expected.json) and its Iglu cache (Iglu Central)."""
    from conftest import shared_path
    corpus = shared_path("realworld-dev")
    return corpus, json.loads((corpus / "expected.json").read_text())["cases"], str((corpus / "../fixtures/iglu-central").resolve())


def test_every_realworld_case_shows_in_the_editor_what_check_prints(raw_client):
    """shared/realworld-dev: each case folder opened as the workspace, each of its files opened on its own, gets
    exactly the diagnostics `check` prints for it (with the corpus's Iglu cache)."""
    corpus, expected_cases, cache = realworld_cases()
    differing = []
    checked = 0
    for case, record in sorted(expected_cases.items()):
        folder = corpus / case
        expected = check_with_messages(case, cwd=corpus, extra=("--iglu-cache", cache))
        c = raw_client()
        c.initialize(root=str(folder), initializationOptions={"iglu": {"cache": [cache]}})
        for name in record["files"]:
            f = corpus / name
            uri = f.as_uri()
            c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language_of(f), "version": 1, "text": f.read_text(errors="replace")}})
            m = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                             and m["params"].get("version") == 1, timeout=60)
            got = with_messages(m["params"]["diagnostics"])
            checked += 1
            if got != expected.get(f.resolve(), set()):
                differing.append((name, sorted(got ^ expected.get(f.resolve(), set()))))
            c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        c.request("shutdown")
        c.notify("exit")
        assert c.close() == 0
    assert checked >= 150
    assert differing == []


def test_every_realworld_case_pulled_with_files_closed_shows_what_check_prints(raw_client):
    """The same corpus in pull mode, nothing open: workspace/diagnostic over each case folder."""
    corpus, expected_cases, cache = realworld_cases()
    differing = []
    checked = 0
    for case, record in sorted(expected_cases.items()):
        expected = check_with_messages(case, cwd=corpus, extra=("--iglu-cache", cache))
        c = raw_client()
        c.initialize(capabilities={"textDocument": {"diagnostic": {}}}, root=str(corpus / case), initializationOptions={"iglu": {"cache": [cache]}})
        rid = c.request("workspace/diagnostic", {"previousResultIds": []})
        items = {pathlib.Path(i["uri"].removeprefix("file://")).resolve(): with_messages(i["items"]) for i in c.response(rid, timeout=120)["result"]["items"]}
        for name in record["files"]:
            path = (corpus / name).resolve()
            checked += 1
            if items.get(path, set()) != expected.get(path, set()):
                differing.append((name, sorted(items.get(path, set()) ^ expected.get(path, set()))))
        c.request("shutdown")
        c.notify("exit")
        assert c.close() == 0
    assert checked >= 150
    assert differing == []

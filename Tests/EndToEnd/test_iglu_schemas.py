"""Iglu schemas being authored in a static registry's layout (files without an extension): the server judges
an open version against the previous one on disk, as `check` does, offers the renumbering fix (applied here to
the buffer text) and shows the verdict on hover; Python's jsonschema confirms the example event."""
import json
import subprocess

import jsonschema

from conftest import BINARY

META = "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#"


def schema(version, maximum):
    return json.dumps({
        "$schema": META, "description": "A search",
        "self": {"vendor": "com.acme", "name": "search", "format": "jsonschema", "version": version},
        "type": "object",
        "properties": {"query": {"type": "string", "maxLength": 500}, "results": {"type": "integer", "minimum": 0, "maximum": maximum}},
        "required": ["query"], "additionalProperties": False}, indent=2)


def registry(root):
    folder = root / "schemas" / "com.acme" / "search" / "jsonschema"
    folder.mkdir(parents=True)
    (root / "trackspec.json").write_text("{}")
    (folder / "1-0-0").write_text(schema("1-0-0", 10000))
    (folder / "1-0-1").write_text(schema("1-0-1", 1000))
    return folder


def position(text, needle, delta=0):
    offset = text.index(needle) + delta
    line = text.count("\n", 0, offset)
    return {"line": line, "character": offset - (text.rfind("\n", 0, offset) + 1)}


def apply(text, edit):
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    s = starts[edit["range"]["start"]["line"]] + edit["range"]["start"]["character"]
    e = starts[edit["range"]["end"]["line"]] + edit["range"]["end"]["character"]
    return text[:s] + edit["newText"] + text[e:]


def test_check_finds_the_breaking_addition_and_its_example_holds(tmp_path):
    folder = registry(tmp_path)
    run = subprocess.run([BINARY, "check", "--format", "json", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stdout + run.stderr
    found = [d for d in json.loads(run.stdout)["diagnostics"] if d["rule"].startswith("iglu/")]
    assert [(d["rule"], d["path"].split("/")[-1]) for d in found] == [("iglu/addition-incompatible", "1-0-1")]
    message = found[0]["message"]
    example = json.loads(message.split("accepts: ", 1)[1].split(" is valid under", 1)[0])
    # The example event: valid under 1-0-0, rejected by 1-0-1, by an independent validator.
    jsonschema.Draft4Validator(json.loads((folder / "1-0-0").read_text())).validate(example)
    assert not jsonschema.Draft4Validator(json.loads((folder / "1-0-1").read_text())).is_valid(example)
    # iglu list --check judges the same folder as a cache with the same rule.
    listing = subprocess.run([BINARY, "iglu", "list", "--check", "--cache", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert listing.returncode == 1
    assert "[iglu/addition-incompatible]" in listing.stdout
    assert listing.stdout.splitlines()[-1].endswith("; 1 error, 0 warnings")


def test_the_editor_judges_renumbers_and_explains_a_version(raw_client, tmp_path):
    folder = registry(tmp_path)
    path = folder / "1-0-1"
    uri, text = path.as_uri(), path.read_text()
    c = raw_client()
    c.initialize(root=str(tmp_path), capabilities={
        "textDocument": {"publishDiagnostics": {"relatedInformation": True}, "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}},
        "workspace": {"workspaceEdit": {"documentChanges": True, "resourceOperations": ["create", "rename", "delete"]}}})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}})
    published = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                             and any(d["code"] == "iglu/addition-incompatible" for d in m["params"]["diagnostics"]), timeout=30)
    d = next(d for d in published["params"]["diagnostics"] if d["code"] == "iglu/addition-incompatible")
    assert d["range"]["start"] == position(text, '"1-0-1"')
    assert d["relatedInformation"][0]["location"]["uri"] == (folder / "1-0-0").as_uri()
    rid = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}})
    actions = c.response(rid)["result"]
    titles = [a["title"] for a in actions]
    assert titles == ["Renumber to 1-1-0 (REVISION) and rename the file", "Renumber to 2-0-0 (MODEL) and rename the file"], titles
    # The version in the buffer, then the file renamed to it, in one workspace edit.
    document_edit, rename = actions[0]["edit"]["documentChanges"]
    assert document_edit["textDocument"] == {"uri": uri, "version": 1}
    assert rename == {"kind": "rename", "oldUri": uri, "newUri": (folder / "1-1-0").as_uri()}
    edits = document_edit["edits"]
    fixed = text
    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        fixed = apply(fixed, edit)
    assert fixed == text.replace('"version": "1-0-1"', '"version": "1-1-0"')
    # Hover on the version says why.
    rid = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position(text, '"1-0-1"', 2)})
    hover = c.response(rid)["result"]["contents"]["value"]
    assert hover.startswith("**iglu:com.acme/search/jsonschema/1-0-1**\n\nAn ADDITION after 1-0-0. Not backward compatible"), hover
    # The renumbered buffer: a REVISION, the error gone.
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]})
    after = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                         and m["params"].get("version") == 2, timeout=30)
    assert [d["code"] for d in after["params"]["diagnostics"] if d["code"] != "iglu/self-mismatch"] == []


def test_a_client_that_cannot_rename_files_is_told_to(raw_client, tmp_path):
    folder = registry(tmp_path)
    path = folder / "1-0-1"
    uri, text = path.as_uri(), path.read_text()
    c = raw_client()
    c.initialize(root=str(tmp_path), capabilities={"textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}}})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}})
    published = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                             and any(d["code"] == "iglu/addition-incompatible" for d in m["params"]["diagnostics"]), timeout=30)
    d = next(d for d in published["params"]["diagnostics"] if d["code"] == "iglu/addition-incompatible")
    rid = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}})
    action = c.response(rid)["result"][0]
    assert action["title"] == "Renumber to 1-1-0 (REVISION) (rename the file to 1-1-0 yourself)"
    assert apply(text, action["edit"]["changes"][uri][0]) == text.replace('"version": "1-0-1"', '"version": "1-1-0"')

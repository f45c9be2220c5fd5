"""Cross-file diagnostics follow the workspace as it changes: a buffer closed without saving reverts to the
file on disk (or leaves the workspace), a file deleted on disk leaves it. `check .` is the reference: what it
does not report, the server must stop reporting."""
import json
import subprocess

from conftest import BINARY


def scenario(uid, name):
    return json.dumps({"id": uid, "version": 1, "status": "draft", "name": name,
                       "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-0"}}, indent=2)


A_ID = "6a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d"
B_ID = "7b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e"


def duplicates(client, uri):
    """The name-duplicate diagnostics of the next publication for `uri`."""
    m = client.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, timeout=30)
    return [d for d in m["params"]["diagnostics"] if d["code"] == "snowplow/name-duplicate"]


def settle(client, uri, want):
    """Reads publications for `uri` until its duplicate count is `want` (each must arrive within the timeout)."""
    for _ in range(10):
        if len(duplicates(client, uri)) == want:
            return True
    return False


def check_duplicates(root):
    run = subprocess.run([BINARY, "check", "--format", "json", str(root)], capture_output=True, text=True, timeout=60)
    return [d for d in json.loads(run.stdout)["diagnostics"] if d["rule"] == "snowplow/name-duplicate"]


def start(raw_client, root):
    (root / "trackspec.json").write_text(json.dumps({"rules": {"snowplow/source-not-found": "off"}}))
    c = raw_client()
    c.initialize(root=str(root))
    return c


def open_a(raw_client, root, b_name=None):
    """a.json ("Tap") open in a server for `root`; b.json on disk named `b_name` when given."""
    a, b = root / "a.json", root / "b.json"
    a.write_text(scenario(A_ID, "Tap"))
    if b_name:
        b.write_text(scenario(B_ID, b_name))
    c = start(raw_client, root)
    c.notify("textDocument/didOpen", {"textDocument": {"uri": a.as_uri(), "languageId": "json", "version": 1, "text": a.read_text()}})
    return c, a, b


def test_closing_an_unsaved_new_buffer_drops_its_facts(raw_client, tmp_path):
    c, a, b = open_a(raw_client, tmp_path)
    assert duplicates(c, a.as_uri()) == []
    # A new buffer, never saved, with the same name: both clash.
    c.notify("textDocument/didOpen", {"textDocument": {"uri": b.as_uri(), "languageId": "json", "version": 1, "text": scenario(B_ID, "Tap")}})
    assert settle(c, a.as_uri(), 1)
    c.notify("textDocument/didClose", {"textDocument": {"uri": b.as_uri()}})
    assert settle(c, a.as_uri(), 0)
    assert check_duplicates(tmp_path) == []


def test_closing_an_edited_buffer_reverts_to_the_file_on_disk(raw_client, tmp_path):
    c, a, b = open_a(raw_client, tmp_path, "Swipe")
    assert duplicates(c, a.as_uri()) == []
    c.notify("textDocument/didOpen", {"textDocument": {"uri": b.as_uri(), "languageId": "json", "version": 1, "text": b.read_text()}})
    c.notify("textDocument/didChange", {"textDocument": {"uri": b.as_uri(), "version": 2}, "contentChanges": [{"text": scenario(B_ID, "Tap")}]})
    assert settle(c, a.as_uri(), 1)
    c.notify("textDocument/didClose", {"textDocument": {"uri": b.as_uri()}})
    assert settle(c, a.as_uri(), 0)
    assert check_duplicates(tmp_path) == []


def test_a_file_deleted_on_disk_leaves_the_workspace(raw_client, tmp_path):
    c, a, b = open_a(raw_client, tmp_path, "Tap")
    assert len(duplicates(c, a.as_uri())) == 1
    assert len(check_duplicates(tmp_path)) == 2
    b.unlink()
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": b.as_uri(), "type": 3}]})
    assert settle(c, a.as_uri(), 0)
    assert check_duplicates(tmp_path) == []
    # And a file created on disk joins it.
    b.write_text(scenario(B_ID, "Tap"))
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": b.as_uri(), "type": 1}]})
    assert settle(c, a.as_uri(), 1)


SCHEMA = {"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
          "self": {"vendor": "com.acme", "name": "tap", "format": "jsonschema", "version": "1-0-0"},
          "type": "object", "properties": {"x": {"type": "string"}}}


def not_found(client, uri):
    m = client.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, timeout=30)
    return [d for d in m["params"]["diagnostics"] if d["code"] == "snowplow/source-not-found"]


def open_scenario_missing_its_schema(raw_client, root, capabilities):
    (root / "trackspec.json").write_text(json.dumps({"iglu": {"cache": ["cache"]}}))
    (root / "cache").mkdir()
    scenario_file = root / "tap.json"
    scenario_file.write_text(json.dumps({"id": A_ID, "version": 1, "status": "draft", "name": "Tap",
                                         "event": {"source": "iglu:com.acme/tap/jsonschema/1-0-0"}}, indent=2))
    c = raw_client()
    c.initialize(capabilities, root=str(root))
    watchers = []
    if capabilities:
        registration = c.read_until(lambda m: m.get("method") == "client/registerCapability")
        c.send({"jsonrpc": "2.0", "id": registration["id"], "result": None})
        watchers = registration["params"]["registrations"][0]["registerOptions"]["watchers"]
    c.notify("textDocument/didOpen", {"textDocument": {"uri": scenario_file.as_uri(), "languageId": "json", "version": 1,
                                                       "text": scenario_file.read_text()}})
    assert len(not_found(c, scenario_file.as_uri())) == 1
    schema_file = root / "cache" / "schemas" / "com.acme" / "tap" / "jsonschema" / "1-0-0"
    schema_file.parent.mkdir(parents=True)
    schema_file.write_text(json.dumps(SCHEMA))
    return c, scenario_file, schema_file, watchers


def test_a_schema_added_to_the_cache_clears_not_found(raw_client, tmp_path):
    caps = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True}}}
    c, scenario_file, schema_file, watchers = open_scenario_missing_its_schema(raw_client, tmp_path, caps)
    assert {"globPattern": {"baseUri": (tmp_path / "cache").as_uri(), "pattern": "**/*"}} in watchers
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": schema_file.as_uri(), "type": 1}]})
    assert not_found(c, scenario_file.as_uri()) == []


def test_without_file_watching_a_save_looks_at_the_disk_again(raw_client, tmp_path):
    c, scenario_file, _, _ = open_scenario_missing_its_schema(raw_client, tmp_path, {})
    c.notify("textDocument/didSave", {"textDocument": {"uri": scenario_file.as_uri()}})
    assert not_found(c, scenario_file.as_uri()) == []


def test_pull_mode_clients_are_told_to_pull_again(raw_client, tmp_path):
    """A file deleted on disk changes another file's cross-file diagnostics: a pull-mode client that accepts
    refresh requests is sent `workspace/diagnostic/refresh`, and its next pull no longer has the clash."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(scenario(A_ID, "Tap"))
    b.write_text(scenario(B_ID, "Tap"))
    (tmp_path / "trackspec.json").write_text(json.dumps({"rules": {"snowplow/source-not-found": "off"}}))
    c = raw_client()
    c.initialize({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": True}}}, root=str(tmp_path))
    c.notify("textDocument/didOpen", {"textDocument": {"uri": a.as_uri(), "languageId": "json", "version": 1, "text": a.read_text()}})

    def pull():
        rid = c.request("textDocument/diagnostic", {"textDocument": {"uri": a.as_uri()}})
        return [d for d in c.response(rid, timeout=30)["result"]["items"] if d["code"] == "snowplow/name-duplicate"]

    assert len(pull()) == 1
    b.unlink()
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": b.as_uri(), "type": 3}]})
    refresh = c.read_until(lambda m: m.get("method") == "workspace/diagnostic/refresh", timeout=30)
    assert "params" not in refresh
    c.send({"jsonrpc": "2.0", "id": refresh["id"], "result": None})
    assert pull() == []


def test_a_new_cache_folder_in_the_configuration_is_watched(raw_client, tmp_path):
    """trackspec.json changed to name another Iglu cache folder: the watcher registration is replaced, so a
    schema added to the new folder reaches the server (the old folder is no longer watched)."""
    caps = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True}}}
    c, scenario_file, _schema_file, watchers = open_scenario_missing_its_schema(raw_client, tmp_path, caps)
    assert {"globPattern": {"baseUri": (tmp_path / "cache").as_uri(), "pattern": "**/*"}} in watchers
    (tmp_path / "cache2").mkdir()
    # (No longer a cache, the old folder would be schema files of the workspace: excluded.)
    (tmp_path / "trackspec.json").write_text(json.dumps({"iglu": {"cache": ["cache2"]}, "exclude": ["cache/"]}))
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": (tmp_path / "trackspec.json").as_uri(), "type": 2}]})
    gone = c.read_until(lambda m: m.get("method") == "client/unregisterCapability")
    assert gone["params"]["unregisterations"] == [{"id": "trackspec-watched-files", "method": "workspace/didChangeWatchedFiles"}]
    c.send({"jsonrpc": "2.0", "id": gone["id"], "result": None})
    again = c.read_until(lambda m: m.get("method") == "client/registerCapability")
    c.send({"jsonrpc": "2.0", "id": again["id"], "result": None})
    watchers = again["params"]["registrations"][0]["registerOptions"]["watchers"]
    assert {"globPattern": {"baseUri": (tmp_path / "cache2").as_uri(), "pattern": "**/*"}} in watchers
    assert {"globPattern": {"baseUri": (tmp_path / "cache").as_uri(), "pattern": "**/*"}} not in watchers
    # The schema is only in the old folder now: not found; put into the new one and announced: found.
    assert len(not_found(c, scenario_file.as_uri())) == 1
    target = tmp_path / "cache2" / "schemas" / "com.acme" / "tap" / "jsonschema" / "1-0-0"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(SCHEMA))
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": target.as_uri(), "type": 1}]})
    assert not_found(c, scenario_file.as_uri()) == []

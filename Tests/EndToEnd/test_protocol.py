"""Protocol-level tests with a raw byte client: lifecycle, error codes, encoding negotiation, cancellation,
client-process death, and fifty kinds of malformed traffic after each of which the server must still
answer a valid request."""
import json
import os
import subprocess
import time

import pytest

from conftest import EXAMPLES


def frame(body: bytes, header: bytes = None) -> bytes:
    return (header if header is not None else b"Content-Length: %d\r\n\r\n" % len(body)) + body


def test_lifecycle_and_error_codes(raw_client):
    c = raw_client()
    rid = c.request("textDocument/hover", {"textDocument": {"uri": "file:///x.json"}, "position": {"line": 0, "character": 0}})
    assert c.response(rid)["error"]["code"] == -32002
    # A notification before initialize is dropped (no diagnostics for it later).
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///early.json", "languageId": "json", "version": 1, "text": "[1,]"}})
    result = c.initialize()
    assert result["capabilities"]["positionEncoding"] == "utf-16"
    assert result["capabilities"]["textDocumentSync"]["change"] == 2
    assert "diagnosticProvider" not in result["capabilities"]
    rid = c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert c.response(rid)["error"]["code"] == -32600
    rid = c.request("trackspec/unknownMethod", {})
    assert c.response(rid)["error"]["code"] == -32601
    c.notify("$/unknownNotification", {})
    c.notify("$/setTrace", {"value": "off"})
    rid = c.request("shutdown")
    assert c.response(rid) == {"jsonrpc": "2.0", "id": rid, "result": None}
    rid = c.request("textDocument/diagnostic", {"textDocument": {"uri": "file:///x.json"}})
    assert c.response(rid)["error"]["code"] == -32600
    c.notify("exit")
    assert c.process.wait(timeout=20) == 0
    # Nothing was ever published for the document opened before initialize.
    while not c.messages.empty():
        m = c.messages.get()
        assert m is None or m.get("params", {}).get("uri") != "file:///early.json"


def test_exit_without_shutdown_is_1(raw_client):
    c = raw_client()
    c.initialize()
    c.notify("exit")
    assert c.process.wait(timeout=20) == 1


def test_stdin_closed_without_shutdown_exits_1(raw_client):
    c = raw_client()
    c.initialize()
    assert c.close() == 1


@pytest.mark.parametrize("offered,expected", [(["utf-8", "utf-16"], "utf-8"), (["utf-32", "utf-16"], "utf-16"), (None, "utf-16")])
def test_position_encoding_negotiation(raw_client, offered, expected):
    c = raw_client()
    caps = {"general": {"positionEncodings": offered}} if offered else {}
    # No workspace: the client's settings include the JSON files (else a plain JSON file gets nothing).
    assert c.initialize(caps, initializationOptions={"include": ["**/*.json"]})["capabilities"]["positionEncoding"] == expected
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///tmp/enc.json", "languageId": "json", "version": 1,
                                                       "text": '{"é😀": tru}'}})
    published = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    start = published["params"]["diagnostics"][0]["range"]["start"]["character"]
    # `{"é😀": ` is 8 UTF-16 code units and 11 UTF-8 bytes.
    assert start == (11 if expected == "utf-8" else 8)
    # Incremental changes are read in the same encoding: delete "tru" and write "true".
    c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///tmp/enc.json", "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": start}, "end": {"line": 0, "character": start + 3}}, "text": "true"}]})
    fixed = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 2)
    assert fixed["params"]["diagnostics"] == []


def test_cancel_request_answers_32800(raw_client, tmp_path):
    c = raw_client()
    c.initialize({"textDocument": {"diagnostic": {}}})
    big = "[" + ",".join(['{"a": "%d"}' % i for i in range(300_000)]) + "]"
    path = tmp_path / "big.json"
    path.write_text(big)
    rid = 77
    request = json.dumps({"jsonrpc": "2.0", "id": rid, "method": "textDocument/diagnostic",
                          "params": {"textDocument": {"uri": path.as_uri()}}}).encode()
    cancel = json.dumps({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}}).encode()
    c.send_raw(frame(request) + frame(cancel))
    response = c.response(rid, timeout=60)
    assert response["error"]["code"] == -32800
    # Exactly one answer: the late analysis result is dropped.
    probe = c.request("trackspec/probe")
    assert c.response(probe, timeout=60)["error"]["code"] == -32601


@pytest.mark.parametrize("how", ["initialize", "argument"])
def test_exits_when_client_process_dies(raw_client, how):
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        if how == "argument":
            c = raw_client("--clientProcessId", str(sleeper.pid))
            c.initialize()
        else:
            c = raw_client()
            c.initialize(processId=sleeper.pid)
        time.sleep(0.5)
        assert c.process.poll() is None
        sleeper.kill()
        sleeper.wait()
        assert c.process.wait(timeout=15) == 1
    finally:
        if sleeper.poll() is None:
            sleeper.kill()


VALID = b'{"jsonrpc":"2.0","id":5,"method":"trackspec/x"}'

# (name, bytes on the wire, expected error code for an immediate reply or None when it is dropped)
MALFORMED = [
    ("body not JSON", frame(b"{bad json"), -32700),
    ("empty body", frame(b""), -32700),
    ("batch", frame(b'[{"jsonrpc":"2.0","id":1,"method":"x"}]'), -32600),
    ("empty batch", frame(b"[]"), -32600),
    ("string body", frame(b'"hello"'), -32600),
    ("number body", frame(b"42"), -32600),
    ("null body", frame(b"null"), -32600),
    ("no jsonrpc member", frame(b'{"id":1,"method":"x"}'), -32600),
    ("jsonrpc 1.0", frame(b'{"jsonrpc":"1.0","id":1,"method":"x"}'), -32600),
    ("jsonrpc as number", frame(b'{"jsonrpc":2,"id":1,"method":"x"}'), -32600),
    ("method not a string", frame(b'{"jsonrpc":"2.0","id":1,"method":5}'), -32600),
    ("id an object", frame(b'{"jsonrpc":"2.0","id":{},"method":"x"}'), -32600),
    ("id a fraction", frame(b'{"jsonrpc":"2.0","id":1.5,"method":"x"}'), -32600),
    ("id a boolean", frame(b'{"jsonrpc":"2.0","id":true,"method":"x"}'), -32600),
    ("id null on a request", frame(b'{"jsonrpc":"2.0","id":null,"method":"x"}'), -32600),
    ("params a string", frame(b'{"jsonrpc":"2.0","id":1,"method":"x","params":"p"}'), -32602),
    ("notification params a number", frame(b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":3}'), None),
    ("neither method nor result", frame(b'{"jsonrpc":"2.0","id":1}'), -32600),
    ("response to an unknown id", frame(b'{"jsonrpc":"2.0","id":999,"result":{}}'), None),
    ("error response to an unknown id", frame(b'{"jsonrpc":"2.0","id":998,"error":{"code":1,"message":"m"}}'), None),
    ("header without Content-Length", b"Content-Type: application/json\r\n\r\n", None),
    ("negative Content-Length", b"Content-Length: -5\r\n\r\n", None),
    ("non-numeric Content-Length", b"Content-Length: abc\r\n\r\n", None),
    ("Content-Length with inner space", b"Content-Length: 1 2\r\n\r\n", None),
    ("garbage bytes then a blank line", b"\x00\xffgarbage\r\n\r\n", None),
    ("garbage glued to the next header", b"garbage-without-terminator", None),
    ("Content-Length shorter than the body", frame(b'{"jsonrpc":"2.0","id":1,"method":"x"}', b"Content-Length: 10\r\n\r\n"), -32700),
    ("invalid UTF-8 in body", frame(b'{"jsonrpc":"2.0","id":3,"method":"\xff\xfe"}'), -32700),
    ("UTF-8 BOM before body", frame(b'\xef\xbb\xbf{"jsonrpc":"2.0","id":4,"method":"x"}'), -32601),
    ("trailing comma in body", frame(b'{"jsonrpc":"2.0","id":1,"method":"x",}'), -32700),
    ("comment in body", frame(b'{"jsonrpc":"2.0", /* c */ "id":1,"method":"x"}'), -32700),
    ("100000-deep nesting", frame(b"[" * 100000), -32700),
    ("NUL bytes in body", frame(b'{"jsonrpc":"2.0","id":1,\x00\x00"method":"x"}'), -32700),
    ("20 KB header line", b"X-Long: " + b"a" * 20000 + b"\r\n\r\n", None),
    ("duplicate Content-Length (last wins)", frame(VALID, b"Content-Length: 1\r\nContent-Length: %d\r\n\r\n" % len(VALID)), -32601),
    ("header line without colon", frame(VALID, b"nonsense\r\nContent-Length: %d\r\n\r\n" % len(VALID)), -32601),
    ("lower-case header name", frame(VALID, b"content-length: %d\r\n\r\n" % len(VALID)), -32601),
    ("bare LF header terminators", frame(VALID, b"Content-Length: %d\n\n" % len(VALID)), -32601),
    ("unusual Content-Type", frame(VALID, b"Content-Type: text/plain; charset=latin1\r\nContent-Length: %d\r\n\r\n" % len(VALID)), -32601),
    ("unknown request method", frame(VALID), -32601),
    ("unknown notification", frame(b'{"jsonrpc":"2.0","method":"custom/thing","params":{}}'), None),
    ("unknown $/ notification", frame(b'{"jsonrpc":"2.0","method":"$/custom"}'), None),
    ("didOpen without params", frame(b'{"jsonrpc":"2.0","method":"textDocument/didOpen"}'), None),
    ("didOpen with array params", frame(b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":[1,2]}'), None),
    ("didChange for an unopened document", frame(json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": "file:///nowhere.json", "version": 2}, "contentChanges": [{"text": "{}"}]}}).encode()), None),
    ("didChange with a negative line", frame(json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": "file:///tmp/open.json", "version": 2},
        "contentChanges": [{"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]}}).encode()), None),
    ("didChange with a range past the end", frame(json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": "file:///tmp/open.json", "version": 3},
        "contentChanges": [{"range": {"start": {"line": 99, "character": 99}, "end": {"line": 120, "character": 0}}, "text": "]"}]}}).encode()), None),
    ("diagnostic request without params", frame(b'{"jsonrpc":"2.0","id":6,"method":"textDocument/diagnostic"}'), -32602),
    ("cancel of an unknown request", frame(b'{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":12345}}'), None),
    ("second initialize", frame(b'{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"capabilities":{}}}'), -32600),
    ("5 MB notification body", frame(json.dumps({"jsonrpc": "2.0", "method": "custom/big", "params": {"s": "x" * 5_000_000}}).encode()), None),
    ("stray CRLFs between messages", b"\r\n\r\n\r\n", None),
]


def test_fifty_kinds_of_malformed_traffic(raw_client):
    assert len(MALFORMED) >= 50
    c = raw_client()
    c.initialize(initializationOptions={"include": ["**/*.json"]})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///tmp/open.json", "languageId": "json", "version": 1, "text": "[1]"}})
    probe_id = 10_000
    for name, data, expected in MALFORMED:
        c.send_raw(data)
        probe_id += 1
        c.send({"jsonrpc": "2.0", "id": probe_id, "method": "trackspec/probe"})
        seen = []
        while True:
            m = c.read(timeout=30)
            assert m is not None, f"server died after: {name}"
            if m.get("id") == probe_id:
                assert m["error"]["code"] == -32601, name
                break
            if "method" not in m:
                seen.append(m)
        codes = [m["error"]["code"] for m in seen if "error" in m]
        if expected is None:
            assert codes == [], f"{name}: expected no reply, got {seen}"
        else:
            assert expected in codes, f"{name}: expected {expected}, got {seen}"
        assert c.process.poll() is None, f"server exited after: {name}"
    # Still a working server: a document round trip.
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///tmp/after.json", "languageId": "json", "version": 1, "text": "[1,]"}})
    published = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == "file:///tmp/after.json")
    assert [d["code"] for d in published["params"]["diagnostics"]] == ["json/trailing-comma"]
    rid = c.request("shutdown")
    assert c.response(rid)["result"] is None
    c.notify("exit")
    assert c.process.wait(timeout=20) == 0


def test_watched_configuration_change_republishes_open_documents(raw_client, tmp_path):
    """A trackspec.json written while a plain JSON file is open: the file becomes one of the project's
    (checked), with the configured severity."""
    c = raw_client()
    caps = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}
    c.initialize(caps, root=str(tmp_path), workspaceFolders=[{"uri": tmp_path.as_uri(), "name": "ws"}])
    registration = c.read_until(lambda m: m.get("method") == "client/registerCapability")
    watchers = registration["params"]["registrations"][0]["registerOptions"]["watchers"]
    # The workspace's JSON files, and the (default) Iglu cache folder, whose schema files have no extension.
    assert watchers == [{"globPattern": "**/*.{json,yaml,yml}"}, {"globPattern": "**/schemas/*/*/*/[0-9]*-[0-9]*-[0-9]*"}, {"globPattern": str(tmp_path / "iglu") + "/**/*"}]
    c.send({"jsonrpc": "2.0", "id": registration["id"], "result": None})
    doc = (tmp_path / "plan.json").as_uri()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": doc, "languageId": "json", "version": 1, "text": "[1,]"}})
    first = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    # Not a tracking file, and no trackspec.json includes it yet: left alone.
    assert first["params"]["diagnostics"] == []
    (tmp_path / "trackspec.json").write_text('{"rules": {"json/trailing-comma": "warning"}}')
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": (tmp_path / "trackspec.json").as_uri(), "type": 1}]})
    again = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert [(d["code"], d["severity"]) for d in again["params"]["diagnostics"]] == [("json/trailing-comma", 2)]


@pytest.mark.parametrize("tab_size", [-5, 10**15, 2**63, 1e400])
def test_formatting_with_a_hostile_tab_size(raw_client, tab_size):
    """A client's tabSize is clamped: a negative one trapped and a huge one would fill memory."""
    c = raw_client()
    c.initialize()
    text = json.dumps({"event": {"schema": {"properties": {f"property_{i}": {"type": "string", "maxLength": i} for i in range(8)}}}})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///tmp/format.json", "languageId": "json", "version": 1, "text": text}})
    body = ('{"jsonrpc":"2.0","id":77,"method":"textDocument/formatting","params":{"textDocument":{"uri":"file:///tmp/format.json"},'
            '"options":{"tabSize":%s,"insertSpaces":true}}}' % (str(tab_size) if tab_size != 1e400 else "1e400")).encode()
    c.send_raw(frame(body))
    reply = c.response(77, timeout=30)
    assert "result" in reply, reply
    edits = reply["result"]
    assert edits and len(edits[0]["newText"]) < 10 * len(text)
    assert c.process.poll() is None


def open_and_read(c, path, text, language="json"):
    uri = path.as_uri()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}})
    published = c.read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    return [d["code"] for d in published["params"]["diagnostics"]]


def test_json_files_of_an_unconfigured_project_are_left_alone(raw_client, tmp_path):
    """Editors start the server for every JSON file: in a project without trackspec.json, tsconfig.json (sent as
    jsonc) and package.json get no diagnostics; a tracking file there still gets its own."""
    c = raw_client()
    c.initialize({}, root=str(tmp_path), workspaceFolders=[{"uri": tmp_path.as_uri(), "name": "ws"}])
    tsconfig = '{\n  // the compiler\n  "compilerOptions": {"strict": true,},\n}\n'
    assert open_and_read(c, tmp_path / "tsconfig.json", tsconfig, "jsonc") == []
    assert open_and_read(c, tmp_path / "package.json", '{"name": "x",}') == []
    scenario = '{"name": "Tap", "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-0"}, "status": "drafty",}'
    codes = open_and_read(c, tmp_path / "tap.json", scenario)
    assert "json/trailing-comma" in codes and "snowplow/status-invalid" in codes, codes


def test_jsonc_documents_may_have_comments_and_trailing_commas(raw_client, tmp_path):
    """In a configured project, a jsonc document's comments and trailing commas are its format's; other
    mistakes are still reported. The same text as json gets both."""
    (tmp_path / "trackspec.json").write_text("{}")
    c = raw_client()
    c.initialize({}, root=str(tmp_path), workspaceFolders=[{"uri": tmp_path.as_uri(), "name": "ws"}])
    text = '{\n  // settings\n  "a": [1, 2,],\n  "b": tru\n}\n'
    assert open_and_read(c, tmp_path / "settings.json", text, "jsonc") == ["json/unexpected-token"]
    assert open_and_read(c, tmp_path / "other.json", text) == ["json/comment", "json/trailing-comma", "json/unexpected-token"]


def test_yaml_documents_are_not_formatted_as_json(raw_client, tmp_path):
    """The formatter writes JSON: asked to format a YAML file, the server declines and says so, so the
    user's notation and comments stay."""
    (tmp_path / "trackspec.json").write_text("{}")
    c = raw_client()
    c.initialize({}, root=str(tmp_path), workspaceFolders=[{"uri": tmp_path.as_uri(), "name": "ws"}])
    path = tmp_path / "tap.scenario.yaml"
    text = "# a comment\nname:   Tap\nevent:\n    source: iglu:com.acme/ui_actions/jsonschema/1-0-0\n"
    open_and_read(c, path, text, "yaml")
    rid = c.request("textDocument/formatting", {"textDocument": {"uri": path.as_uri()}, "options": {"tabSize": 2, "insertSpaces": True}})
    message = c.read_until(lambda m: m.get("method") == "window/showMessage")
    assert "does not format YAML" in message["params"]["message"]
    assert c.response(rid)["result"] == []

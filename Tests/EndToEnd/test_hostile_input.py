"""Hostile documents through the real server binary (no proxy, so the process measured is the server)."""
import json
import pathlib
import os
import subprocess
import threading
import queue

from conftest import BINARY, read_messages


class DirectServer:
    def __init__(self):
        self.process = subprocess.Popen([BINARY, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        read_messages(self.process.stdout, self.messages)

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def wait_for(self, predicate, timeout=60):
        while True:
            m = self.messages.get(timeout=timeout)
            assert m is not None, "server closed its output"
            if predicate(m):
                return m

    def peak_kib(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise AssertionError("no VmHWM in /proc status")

    def stop(self):
        self.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
        self.wait_for(lambda m: m.get("id") == 99)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        assert self.process.wait(timeout=20) == 0


def test_two_thousand_duplicate_keys_keep_the_server_small(tmp_path):
    """Each copy of the key used to carry every other copy as related information: 2,000 copies grew the
    server past 6 GB. Now one diagnostic per later copy, pointing at the first."""
    server = DirectServer()
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": tmp_path.as_uri(),
        "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}},
        # Past the default cap of 1,000 published diagnostics per file: all 1,999 are wanted here.
        "initializationOptions": {"include": ["**/*.json"], "maxDiagnostics": 5000}}})
    server.wait_for(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    text = "{" + ", ".join(['"k": 1'] * 2000) + "}"
    uri = (tmp_path / "dup.json").as_uri()
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "json", "version": 1, "text": text}}})
    published = server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    diagnostics = published["params"]["diagnostics"]
    assert len(diagnostics) == 1999
    assert all(d["code"] == "json/duplicate-key" for d in diagnostics)
    assert all(len(d["relatedInformation"]) == 1 and d["relatedInformation"][0]["location"]["range"]["start"] == {"line": 0, "character": 1}
               for d in diagnostics)
    peak = server.peak_kib()
    server.stop()
    assert peak < 100 * 1024, f"server peak resident memory {peak} KiB"


import pytest  # noqa: E402


def large_plan():
    """A 30,000-line RudderStack tracking plan, with a known semantic error in its last event."""
    events = [{"name": f"Event {i}", "eventType": "track", "description": "An event",
               "properties": [{"name": "sku", "type": "string"}]} for i in range(2730)]
    events[-1]["eventType"] = "trak"
    return json.dumps({"name": "Web", "events": events}, indent=2)


TYPOS = [
    ("a value's opening quote", '"name": "Event 10"', '"name": Event 10"', "json/missing-opening-quote"),
    ("a key's opening quote", '"name": "Event 12"', 'name": "Event 12"', "json/missing-opening-quote"),
    ("a closing quote before the comma", '"name": "Event 14",', '"name": "Event 14,', "json/unterminated-string"),
]


@pytest.mark.parametrize("what,good,typo,rule", TYPOS, ids=[t[0] for t in TYPOS])
def test_one_missing_quote_in_a_large_file_is_one_diagnostic(tmp_path, what, good, typo, rule):
    """A missing quote used to give a cascade (8 diagnostics, one 15,000 lines below) and stop the analysis.
    Recovery resynchronises on the line structure: one syntax diagnostic, and the semantic error in the
    file's last event is still reported."""
    text = large_plan()
    assert text.count("\n") > 30_000 and text.count(good) == 1
    text = text.replace(good, typo)
    typo_line = text[:text.index(typo)].count("\n")
    server = DirectServer()
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": tmp_path.as_uri(), "capabilities": {}}})
    server.wait_for(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = (tmp_path / "web.tracking-plan.json").as_uri()
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "json", "version": 1, "text": text}}})
    published = server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    diagnostics = published["params"]["diagnostics"]
    syntax = [d for d in diagnostics if d["code"].startswith("json/")]
    assert [(d["code"], d["range"]["start"]["line"]) for d in syntax] == [(rule, typo_line)], syntax
    last_event_type = text.rindex('"trak"')
    semantic = [d for d in diagnostics if d["code"] == "rudderstack/event-type-invalid"]
    assert [d["range"]["start"]["line"] for d in semantic] == [text[:last_event_type].count("\n")], diagnostics
    assert len(diagnostics) == 2, diagnostics
    server.stop()


def test_every_request_on_every_position_of_the_yaml_examples(tmp_path):
    """Hover, completion, definition, code actions, symbols, folding and selection ranges at positions all
    over each YAML example (and over each cut short, as while typing): every request answered, no crash.
    The server's requests were written for JSON trees first; a YAML tree must never trip them."""
    root = pathlib.Path(__file__).resolve().parent.parent.parent / "Examples" / "yaml"
    server = DirectServer()
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}}})
    server.wait_for(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    rid = 100
    for path in sorted(root.rglob("*.yaml")):
        full = path.read_text()
        for version, text in enumerate([full, full[: len(full) // 2], full[: len(full) // 3] + "\n  - "], start=1):
            uri = (tmp_path / (str(version) + "-" + path.name)).as_uri()
            server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
            lines = text.split("\n")
            positions = [(i, c) for i, line in enumerate(lines) for c in range(0, len(line) + 1, 5)]
            for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition"]:
                for line, character in positions[::3]:
                    rid += 1
                    server.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": {
                        "textDocument": {"uri": uri}, "position": {"line": line, "character": character}}})
            whole = {"start": {"line": 0, "character": 0}, "end": {"line": len(lines) - 1, "character": len(lines[-1])}}
            for method, params in [("textDocument/documentSymbol", {}), ("textDocument/foldingRange", {}),
                                   ("textDocument/selectionRange", {"positions": [{"line": l, "character": c} for l, c in positions[::7]]}),
                                   ("textDocument/codeAction", {"range": whole, "context": {"diagnostics": []}}),
                                   ("textDocument/rangeFormatting", {"range": whole, "options": {"tabSize": 2, "insertSpaces": True}})]:
                rid += 1
                server.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": dict(params, textDocument={"uri": uri})})
            last = rid
            answer = server.wait_for(lambda m: m.get("id") == last, timeout=120)
            assert "error" not in answer or answer["error"]["code"] != -32603, (path.name, answer)
            assert server.process.poll() is None, f"server died on {path.name}"
    server.stop()

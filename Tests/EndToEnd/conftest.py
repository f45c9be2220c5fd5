"""Shared setup for the end-to-end tests: the server binary, a recording proxy in front of it, a raw
client for protocol-level tests, and a final check of every message the server sent against the LSP 3.17
meta model."""
import json
import os
import pathlib
import queue
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
import threading

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BINARY = os.environ.get("TRACKSPEC_BIN", str(ROOT / ".build" / "debug" / "trackspec"))
SHARED = pathlib.Path(os.environ["TRACKSPEC_SHARED_DIR"]) if os.environ.get("TRACKSPEC_SHARED_DIR") else ROOT.parent / "shared"
META_MODEL = SHARED / "lsp" / "metaModel-3.17.json"
TRACE_DIR = pathlib.Path(os.environ.get("TRACKSPEC_TRACE_DIR") or tempfile.mkdtemp(prefix="trackspec-lsp-trace-"))
EXAMPLES = ROOT / "Examples"

sys.path.insert(0, str(HERE))
from metamodel import MetaModel  # noqa: E402

def missing_fixture_message(path):
    return (f"missing test fixture {path}: the end-to-end tests read the read-only test material in shared/ beside the "
            f"project folder (or at TRACKSPEC_SHARED_DIR); see README.md, 'Test fixtures'")


def shared_path(relative):
    """A path inside shared/; the calling test fails with one clear message when it is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.fail(missing_fixture_message(path), pytrace=False)
    return path


def traced_command(*server_args):
    """The server command wrapped in the recording proxy."""
    return [sys.executable, str(HERE / "lsp_proxy.py"), str(TRACE_DIR), "--", BINARY, "lsp", *server_args]


def rudder_cli_project(tmp_path, needle="#property:product_id"):
    """A copy of the Examples' rudder-cli project, its tracking plan's text, and the cursor (0-based line, column) just
    inside `needle` in the plan: where the editors' navigation tests ask for references and rename."""
    import shutil
    project = tmp_path / "rudder-cli"
    shutil.copytree(EXAMPLES / "rudderstack" / "rudder-cli", project)
    plan = (project / "tracking-plan.yaml").read_text()
    before = plan[:plan.index(needle) + 3]
    return project, plan, before.count("\n"), len(before.split("\n")[-1])


def readme_config(editor, language, index=0):
    """The INDEXth ```LANGUAGE block of editors/EDITOR/README.md, with its `/path/to/trackspec` made this checkout:
    the editor tests load exactly the configuration a user copies, so README and tests cannot drift apart."""
    readme = ROOT / "editors" / editor / "README.md"
    blocks = re.findall(r"^ *```" + re.escape(language) + r"\n(.*?)^ *```", readme.read_text(), flags=re.S | re.M)
    assert len(blocks) > index, f"{readme} has no ```{language} block number {index + 1}"
    block = textwrap.dedent(blocks[index])
    assert "/path/to/trackspec" in block, f"the {language} block of {readme} no longer names /path/to/trackspec"
    return block.replace("/path/to/trackspec", str(ROOT))


def readme_editor_env(tmp_path, editor, language, prelude="", index=0):
    """An environment for an editor started as on a fresh machine that followed editors/EDITOR/README.md: the init
    file is the README's block (after `prelude`, what the editor itself does before a user's init file), HOME an
    empty folder (the editor's state files go there, not to the user's), and `trackspec` on PATH the binary
    under test behind the recording proxy (the README's default command)."""
    folder = tmp_path.parent / (tmp_path.name + "-editor")
    (folder / "bin").mkdir(parents=True, exist_ok=True)
    wrapper = folder / "bin" / "trackspec"
    wrapper.write_text("#!/bin/sh\nexec " + " ".join(shlex.quote(c) for c in traced_command()[:-1]) + ' "$@"\n')
    wrapper.chmod(0o755)
    init = folder / ("init.lua" if language == "lua" else "init.el")
    init.write_text(prelude + readme_config(editor, language, index))
    (folder / "home").mkdir(exist_ok=True)
    return dict(os.environ, PATH=f"{folder / 'bin'}:{os.environ.get('PATH', '')}", HOME=str(folder / "home"), TRACKSPEC_INIT=str(init))


def read_messages(stream, messages):
    """Puts each framed JSON-RPC message read from `stream` on the queue `messages`; None at the end."""
    while True:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = stream.read(1)
            if not c:
                messages.put(None)
                return
            header += c
        length = int([l for l in header.decode().split("\r\n") if l.lower().startswith("content-length")][0].split(":")[1])
        messages.put(json.loads(stream.read(length)))


class RawClient:
    """Speaks bytes to the server, for lifecycle and malformed-traffic tests that a well-behaved client
    library would refuse to send."""

    def __init__(self, *server_args):
        self.process = subprocess.Popen(traced_command(*server_args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 1000

    def _read(self):
        read_messages(self.process.stdout, self.messages)

    def send_raw(self, data: bytes):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.next_id

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def read(self, timeout=20):
        return self.messages.get(timeout=timeout)

    def read_until(self, predicate, timeout=20):
        while True:
            message = self.read(timeout)
            assert message is not None, "server closed its output"
            if predicate(message):
                return message

    def response(self, request_id, timeout=20):
        return self.read_until(lambda m: m.get("id") == request_id and "method" not in m, timeout)

    def initialize(self, capabilities=None, root=None, **extra):
        params = {"processId": os.getpid(), "rootUri": root and pathlib.Path(root).as_uri(), "capabilities": capabilities or {}}
        params.update(extra)
        rid = self.request("initialize", params)
        result = self.response(rid)["result"]
        self.notify("initialized", {})
        return result

    def close(self):
        try:
            self.process.stdin.close()
        except Exception:
            pass
        try:
            return self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()


@pytest.fixture
def raw_client():
    clients = []

    def make(*args):
        c = RawClient(*args)
        clients.append(c)
        return c

    yield make
    for c in clients:
        if c.process.poll() is None:
            c.process.kill()
            c.process.wait()


def pytest_sessionfinish(session, exitstatus):
    """Every message the server sent in any test must validate against the LSP meta model."""
    traces = sorted(TRACE_DIR.glob("trace-*.jsonl"))
    if not traces:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if not META_MODEL.exists():
        line = "meta model: " + missing_fixture_message(META_MODEL)
        reporter.write_line(line) if reporter else print(line)
        session.exitstatus = 1
        return
    model = MetaModel(META_MODEL)
    total, problems = 0, []
    for trace in traces:
        lines = [json.loads(l) for l in trace.read_text(encoding="utf-8").splitlines() if l.strip()]
        count, errors = model.check_trace(lines)
        total += count
        problems += [f"{trace.name}: {e}" for e in errors]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    line = f"meta model: {total} server messages in {len(traces)} sessions checked against LSP 3.17, {len(problems)} invalid"
    if reporter:
        reporter.write_line(line)
        for p in problems[:50]:
            reporter.write_line("  " + p)
    else:
        print(line)
    if problems or total == 0:
        session.exitstatus = 1


def write_catalog_and_plan(folder):
    """A rudder-cli project: catalog/properties.yaml (product_id), catalog/events.yaml (viewed) and plan.yaml
    referencing both, clean. The editors' disk-change tests rename product_id on disk (`sed -i`)."""
    (folder / "catalog").mkdir()
    (folder / "trackspec.json").write_text("{}")
    (folder / "catalog" / "properties.yaml").write_text(
        "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n"
        "    - id: product_id\n      name: product_id\n      type: string\n")
    (folder / "catalog" / "events.yaml").write_text(
        "version: rudder/v1\nkind: events\nmetadata:\n  name: events\nspec:\n  events:\n"
        "    - id: viewed\n      name: Product Viewed\n      event_type: track\n")
    (folder / "plan.yaml").write_text(
        "version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: plan\nspec:\n  id: shop\n  display_name: Shop Plan\n"
        "  rules:\n    - type: event_rule\n      id: viewed_rule\n      event: \"#event:viewed\"\n      properties:\n"
        "        - property: \"#property:product_id\"\n          required: true\n")

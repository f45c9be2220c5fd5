"""The meta-model validator itself must reject what the LSP 3.17 model forbids, or its green light means nothing."""
import pytest

from conftest import META_MODEL, shared_path
from metamodel import MetaModel

MODEL = MetaModel(META_MODEL) if META_MODEL.exists() else None


@pytest.fixture(autouse=True)
def meta_model_present():
    shared_path("lsp/metaModel-3.17.json")
GOOD = {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"uri": "file:///a.json", "version": 1, "diagnostics": [
    {"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 2}}, "severity": 1, "code": "json/x", "message": "m"}]}}


def errors(message, requests=None):
    return MODEL.check_server_message(message, requests or {})


def test_accepts_valid_messages():
    assert errors(GOOD) == []
    assert errors({"jsonrpc": "2.0", "id": 1, "result": None}, {"1": "shutdown"}) == []
    assert errors({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "x"}}) == []


def test_rejects_invalid_messages():
    import copy
    bad_severity = copy.deepcopy(GOOD)
    bad_severity["params"]["diagnostics"][0]["severity"] = 7
    assert errors(bad_severity)
    missing_range = copy.deepcopy(GOOD)
    del missing_range["params"]["diagnostics"][0]["range"]
    assert errors(missing_range)
    typo = copy.deepcopy(GOOD)
    typo["params"]["diagnostic"] = []
    assert errors(typo)
    negative = copy.deepcopy(GOOD)
    negative["params"]["diagnostics"][0]["range"]["start"]["line"] = -1
    assert errors(negative)
    assert errors({"jsonrpc": "2.0", "method": "textDocument/hover", "id": 1, "params": {}})  # a client→server request
    assert errors({"jsonrpc": "2.0", "id": 1, "result": {"capabilities": {"textDocumentSync": 9}}}, {"1": "initialize"})
    assert errors({"jsonrpc": "2.0", "id": 2, "result": None}, {})  # no such request
    assert errors({"jsonrpc": "1.0", "id": 1, "result": None}, {"1": "shutdown"})

"""The hygiene family (#39) through both doors: `check --hygiene` (the summary counts its findings apart) and the
language server of a workspace whose trackspec.json turns the family on (the same findings)."""
import json
import pathlib
import subprocess
import tempfile

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import BINARY, traced_command
from test_lsp_clients import CLIENTS, next_diagnostics, start_session

PROPERTIES = ("version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n"
              + "".join(f"    - id: {n}\n      name: {n}\n      type: string\n      description: The {n}\n"
                        for n in ["order_id", "product_id", "unit_price", "coupon_code", "shipping_cost", "tax_rate", "productSku", "coupon-code"]))

WORKSPACE = pathlib.Path(tempfile.mkdtemp(prefix="trackspec-hygiene-"))
(WORKSPACE / "props.yaml").write_text(PROPERTIES)
(WORKSPACE / "trackspec.json").write_text(json.dumps({"rules": {"hygiene/*": "warning"}}))


def check(folder, *options):
    return subprocess.run([BINARY, "check", *options, "--format", "json", str(folder)], capture_output=True, text=True, timeout=60)


def test_check_hygiene_is_off_by_default_and_counted_apart(tmp_path):
    (tmp_path / "props.yaml").write_text(PROPERTIES)
    (tmp_path / "trackspec.json").write_text("{}")
    assert [d["rule"] for d in json.loads(check(tmp_path).stdout)["diagnostics"] if d["rule"].startswith("hygiene/")] == []
    found = [d for d in json.loads(check(tmp_path, "--hygiene").stdout)["diagnostics"] if d["rule"].startswith("hygiene/")]
    assert sorted({d["rule"] for d in found}) == ["hygiene/naming-convention", "hygiene/near-duplicate"], found
    text = subprocess.run([BINARY, "check", "--hygiene", str(tmp_path)], capture_output=True, text=True, timeout=60)
    # coupon-code is also a name RudderStack refuses (rudderstack/property-name-invalid): the run fails for that.
    assert text.returncode == 1
    assert text.stdout.strip().endswith(f"{len(found)} of these are hygiene findings."), text.stdout


@pytest_lsp.fixture(config=ClientServerConfig(server_command=traced_command()), params=CLIENTS[:1])
async def client(request, lsp_client: LanguageClient):
    await start_session(lsp_client, request.param, WORKSPACE, "hygiene")
    yield
    await lsp_client.shutdown_session()


async def test_the_server_reports_what_check_reports(client):
    path = WORKSPACE / "props.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="yaml", version=1, text=PROPERTIES)))
    published = await next_diagnostics(client, path.as_uri(), version=1)
    served = sorted((d.code, d.range.start.line, d.message) for d in published.diagnostics)
    checked = sorted((d["rule"], d["range"]["start"]["line"], d["message"]) for d in json.loads(check(WORKSPACE).stdout)["diagnostics"])
    assert served == checked and served, (served, checked)


async def test_a_change_in_one_file_refreshes_the_others_findings(client):
    """The majority is the workspace's: a file that makes camelCase the convention takes the finding off the open
    file whose one camelCase name used to break it."""
    path = WORKSPACE / "props.yaml"
    other = WORKSPACE / "more.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="yaml", version=1, text=PROPERTIES)))
    first = await next_diagnostics(client, path.as_uri(), version=1)
    assert any(d.code == "hygiene/naming-convention" and "productSku" in d.message for d in first.diagnostics)
    camel = ("version: rudder/v1\nkind: properties\nmetadata:\n  name: more\nspec:\n  properties:\n"
             + "".join(f"    - id: {n}\n      name: {n}\n      type: string\n      description: The {n}\n"
                       for n in ["cartTotal", "itemCount", "pageTitle", "pageUrl", "searchTerm", "sessionLength", "userAgent",
                                 "screenName", "buttonLabel", "formName", "videoTitle", "videoLength", "shareMethod", "errorCode"]))
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=other.as_uri(), language_id="yaml", version=1, text=camel)))
    # props.yaml is published again, without the finding (no majority any more: 6 snake_case, 15 camelCase of 22).
    while True:
        again = await next_diagnostics(client, path.as_uri())
        if not any(d.code == "hygiene/naming-convention" and "productSku" in d.message for d in again.diagnostics):
            break

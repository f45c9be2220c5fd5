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


PLAN = ("version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: plan\nspec:\n  id: web\n  display_name: Web\n  rules:\n"
        "    - type: event_rule\n      id: viewed_rule\n      event: \"#event:viewed\"\n      properties:\n"
        "        - property: \"#property:productSku\"\n")
EVENTS = ("version: rudder/v1\nkind: events\nmetadata:\n  name: evs\nspec:\n  events:\n"
          "    - id: viewed\n      name: Product Viewed\n      event_type: track\n      description: d\n")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=traced_command()), params=CLIENTS)
async def fixing_client(request, lsp_client: LanguageClient, tmp_path):
    (tmp_path / "trackspec.json").write_text(json.dumps({"rules": {"hygiene/naming-convention": "info"}}))
    (tmp_path / "props.yaml").write_text(PROPERTIES)
    (tmp_path / "plan.yaml").write_text(PLAN)
    (tmp_path / "events.yaml").write_text(EVENTS)
    lsp_client.workspace_root = tmp_path
    await start_session(lsp_client, request.param, tmp_path, "fixing")
    yield
    await lsp_client.shutdown_session()


def edits_by_file(edit):
    """A workspace edit's text edits by file name, from `changes` or `documentChanges` alike."""
    if edit.document_changes:
        return {pathlib.Path(c.text_document.uri[len("file://"):]).name: c.edits for c in edit.document_changes}
    return {pathlib.Path(uri[len("file://"):]).name: edits for uri, edits in edit.changes.items()}


async def test_naming_fixes_respell_a_name_here_and_an_id_everywhere(fixing_client):
    """The name's fix edits its string; the id's fix is the workspace rename: the plan's `#property:productSku`
    changes with it. Applied, `check` has no naming finding left for either."""
    from test_navigation import apply
    client = fixing_client
    root = client.workspace_root
    path = root / "props.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="yaml", version=1, text=PROPERTIES)))
    published = await next_diagnostics(client, path.as_uri(), version=1)
    naming = [d for d in published.diagnostics if d.code == "hygiene/naming-convention" and "productSku" in d.message]
    assert len(naming) == 2, published.diagnostics
    line = PROPERTIES.split("\n").index("    - id: productSku")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
        range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line + 1, character=30)),
        context=types.CodeActionContext(diagnostics=naming)))
    fixes = {(a.diagnostics[0].message.split(" is not")[0], a.title): edits_by_file(a.edit) for a in actions if a.title.startswith("Rename to")}
    assert sorted(fixes) == [("property id 'productSku'", "Rename to 'product_sku' (snake_case), with every reference"),
                             ("property name 'productSku'", "Rename to 'product_sku' (snake_case)")], fixes
    name_edits = fixes[("property name 'productSku'", "Rename to 'product_sku' (snake_case)")]
    assert list(name_edits) == ["props.yaml"]
    id_edits = fixes[("property id 'productSku'", "Rename to 'product_sku' (snake_case), with every reference")]
    assert sorted(id_edits) == ["plan.yaml", "props.yaml"], id_edits
    props = apply(apply(PROPERTIES, name_edits["props.yaml"]), id_edits["props.yaml"])
    plan = apply(PLAN, id_edits["plan.yaml"])
    assert "    - id: product_sku\n      name: product_sku\n" in props and ": productSku" not in props, props
    assert "\"#property:product_sku\"" in plan and "productSku" not in plan, plan
    path.write_text(props)
    (root / "plan.yaml").write_text(plan)
    after = json.loads(check(root).stdout)["diagnostics"]
    assert not [d for d in after if "productSku" in d["message"] or "product_sku" in d["message"]], after  # (the description keeps its words)
    assert not [d for d in after if d["rule"] == "rudderstack/reference-unresolved"], after

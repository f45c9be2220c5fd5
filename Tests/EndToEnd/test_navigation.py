"""References, highlights, rename and workspace symbols (#38) through pytest-lsp's client with Neovim 0.7's and VS
Code 1.65's recorded capabilities, on a copy of the Examples' rudder-cli project: the rename's edits applied to the
files' texts leave a project `trackspec check` finds as clean as before."""
import json
import pathlib
import shutil
import subprocess
import tempfile

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import BINARY, EXAMPLES, traced_command
from test_lsp_clients import CLIENTS, start_session

PROJECT = pathlib.Path(tempfile.mkdtemp(prefix="trackspec-navigation-")) / "rudder-cli"
shutil.copytree(EXAMPLES / "rudderstack" / "rudder-cli", PROJECT)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=traced_command()), params=CLIENTS)
async def client(request, lsp_client: LanguageClient):
    await start_session(lsp_client, request.param, PROJECT, "rudder-cli")
    yield request.param
    await lsp_client.shutdown_session()


def position_of(text, needle, plus=1):
    before = text[:text.index(needle) + plus]
    return types.Position(line=before.count("\n"), character=len(before.split("\n")[-1]))


def open_plan(client):
    path = PROJECT / "tracking-plan.yaml"
    text = path.read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="yaml", version=7, text=text)))
    return path, text


def apply(text, edits):
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = offsets[edit.range.start.line] + edit.range.start.character
        end = offsets[edit.range.end.line] + edit.range.end.character
        text = text[:start] + edit.new_text + text[end:]
    return text


async def test_references_of_a_property_from_a_use(client):
    path, text = open_plan(client)
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=position_of(text, "#property:product_id", 3),
        context=types.ReferenceContext(include_declaration=True)))
    found = sorted((pathlib.Path(r.uri[len("file://"):]).name, r.range.start.line) for r in refs)
    names = [name for name, _ in found]
    assert "properties.yaml" in names and "tracking-plan.yaml" in names, found
    # Without the declaration: uses only.
    uses = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=position_of(text, "#property:product_id", 3),
        context=types.ReferenceContext(include_declaration=False)))
    assert len(uses) == len(refs) - 1
    highlights = await client.text_document_document_highlight_async(types.DocumentHighlightParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=position_of(text, "#property:product_id", 3)))
    assert highlights and all(h.kind == types.DocumentHighlightKind.Read for h in highlights)


async def test_rename_a_property_everywhere(client):
    path, text = open_plan(client)
    at = position_of(text, "#property:product_id", 3)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=at))
    assert prepared.placeholder == "product_id", prepared
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=at, new_name="product_sku"))
    files = {}
    if edit.document_changes:
        for change in edit.document_changes:
            target = pathlib.Path(change.text_document.uri[len("file://"):])
            # The open plan's edits are for the version the client has; other files are not open (no version).
            assert change.text_document.version == (7 if target == path else None), change.text_document
            files[target] = apply(files.get(target, target.read_text()), change.edits)
    else:
        for uri, edits in edit.changes.items():
            target = pathlib.Path(uri[len("file://"):])
            files[target] = apply(target.read_text(), edits)
    assert set(p.name for p in files) >= {"properties.yaml", "tracking-plan.yaml"}
    assert "- id: product_sku" in files[PROJECT / "properties.yaml"]
    assert '"#property:product_sku"' in files[path] and "product_id" not in files[path]
    # The project after the edit: copied, changed, checked — as clean as the original.
    after = pathlib.Path(tempfile.mkdtemp()) / "rudder-cli"
    shutil.copytree(PROJECT, after)
    for target, new_text in files.items():
        (after / target.name).write_text(new_text)
    before_run = subprocess.run([BINARY, "check", "--format", "json", str(PROJECT)], capture_output=True, text=True, timeout=60)
    after_run = subprocess.run([BINARY, "check", "--format", "json", str(after)], capture_output=True, text=True, timeout=60)
    assert after_run.returncode == before_run.returncode == 0, after_run.stdout[-2000:]
    assert [d["rule"] for d in json.loads(after_run.stdout)["diagnostics"]] == [d["rule"] for d in json.loads(before_run.stdout)["diagnostics"]]
    # An id already taken is refused with a reason.
    try:
        await client.text_document_rename_async(types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=at, new_name="quantity"))
        raise AssertionError("renaming onto a taken id was accepted")
    except Exception as error:  # pytest-lsp raises the JSON-RPC error
        assert "already has the id 'quantity'" in str(error), error


async def test_workspace_symbols(client):
    open_plan(client)
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="paymnt"))
    names = {(s.name, s.kind) for s in symbols}
    assert ("payment_method", types.SymbolKind.Property) in names, names
    assert ("payment_details", types.SymbolKind.Struct) in names, names


async def test_code_lenses_on_definitions_and_iglu_uris(client):
    """Lenses: on a property's definition, its uses with the command that lists them; on a scenario's Iglu URI (the
    Examples' workspace, its cache), the cached versions, and on resolve the compatibility verdicts."""
    path = PROJECT / "properties.yaml"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="yaml", version=1, text=path.read_text())))
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri())))
    product = next(lens for lens in lenses if lens.range.start.line == 28)
    assert product.command.title == "used by 1 tracking plan · 1 reference", product
    assert product.command.command in ("editor.action.showReferences", "trackspec.showReferences")
    uri, position, locations = product.command.arguments
    assert uri == path.as_uri() and len(locations) == 1 and locations[0]["uri"].endswith("tracking-plan.yaml"), product.command.arguments
    assert await client.workspace_execute_command_async(types.ExecuteCommandParams(command="trackspec.showReferences", arguments=[])) is None


@pytest_lsp.fixture(config=ClientServerConfig(server_command=traced_command()), params=CLIENTS)
async def examples_client(request, lsp_client: LanguageClient):
    await start_session(lsp_client, request.param, EXAMPLES, "Examples",
                        client_name="Visual Studio Code" if "visual-studio-code" in request.param else "Neovim")
    yield request.param
    await lsp_client.shutdown_session()


async def test_code_lens_of_an_iglu_uri_resolves_to_its_verdicts(examples_client):
    client = examples_client
    path = EXAMPLES / "snowplow" / "docs-link-click.scenario.json"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="json", version=1, text=path.read_text())))
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri())))
    (source,) = [lens for lens in lenses if lens.data]
    assert source.command is None
    resolved = await client.code_lens_resolve_async(source)
    assert resolved.command.title.startswith("2 versions cached, latest 1-0-1 — current "), resolved.command.title
    assert "latest " in resolved.command.title.split("—")[1], resolved.command.title

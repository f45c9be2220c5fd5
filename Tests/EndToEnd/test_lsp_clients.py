"""End-to-end tests through pytest-lsp's real LSP client, with the capability sets it recorded from
Neovim 0.7 and VS Code 1.65 (no pull diagnostics, no snippets in Neovim), plus a VS Code set with pull
diagnostics added (as VS Code 1.74+ sends)."""
import asyncio
import copy
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import EXAMPLES, traced_command

CLIENTS = ["neovim@v0.7.0", "visual-studio-code@v1.65.2"]

BROKEN = '{\n  "name": "Checkout 😀",\n  "status": "draft",\n}\n'


def accept_registrations(client: LanguageClient):
    """VS Code accepts dynamic registrations; pytest-lsp's client has no handler for them by default."""
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda *args: None)


async def start_session(lsp_client, spec, root, name, client_name=None):
    """An initialized session as the client `spec` (its recorded capabilities) opens the folder `root`."""
    accept_registrations(lsp_client)
    lsp_client.set_configuration({"trackspec": {}})
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities(spec), root_uri=root.as_uri(), workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=name)],
        client_info=types.ClientInfo(name=client_name) if client_name else None))


def capabilities(spec, pull=False):
    caps = copy.deepcopy(client_capabilities(spec))
    if pull:
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False, related_document_support=False)
    return caps


@pytest_lsp.fixture(config=ClientServerConfig(server_command=traced_command()), params=CLIENTS)
async def client(request, lsp_client: LanguageClient, tmp_path):
    # A project that set trackspec up: its JSON files are checked (unconfigured ones are left alone).
    (tmp_path / "trackspec.json").write_text("{}")
    accept_registrations(lsp_client)
    lsp_client.set_configuration({"trackspec": {}})
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities(request.param), root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="ws")]))
    lsp_client.workspace_root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def open_document(client, path, text, version=1):
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="json", version=version, text=text)))
    return uri


async def next_diagnostics(client, uri, version=None, timeout=15):
    """Waits for a publishDiagnostics for `uri` (and `version` when given)."""
    async def wait():
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and (version is None or params.version == version):
                return params
    return await asyncio.wait_for(wait(), timeout)


async def test_broken_file_diagnostics_then_fixed_by_incremental_change(client: LanguageClient):
    uri = await open_document(client, client.workspace_root / "scenario.json", BROKEN)
    published = await next_diagnostics(client, uri, version=1)
    assert published.version == 1
    assert len(published.diagnostics) == 1
    d = published.diagnostics[0]
    # The comma after "draft" on line 2 (0-based); columns in UTF-16 (the emoji is on line 1, not this one).
    assert d.range == types.Range(start=types.Position(line=2, character=19), end=types.Position(line=2, character=20))
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.code == "json/trailing-comma"
    assert d.source == "trackspec"
    assert d.message == "trailing comma before '}'"

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=2, character=19), end=types.Position(line=2, character=20)), text="")]))
    fixed = await next_diagnostics(client, uri, version=2)
    assert list(fixed.diagnostics) == []


async def test_utf16_columns_after_emoji(client: LanguageClient):
    uri = await open_document(client, client.workspace_root / "emoji.json", '{"name": "😀😀", "x": tru}')
    published = await next_diagnostics(client, uri)
    assert [(d.code, d.range.start.character, d.range.end.character) for d in published.diagnostics] == [("json/unexpected-token", 22, 25)]


async def test_unsaved_file_cleared_on_close(client: LanguageClient):
    uri = await open_document(client, client.workspace_root / "not-on-disk.json", "[1,]")
    assert len((await next_diagnostics(client, uri)).diagnostics) == 1
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    # A re-analysis of version 1 (the client's settings arriving) may still be in flight: the clearing
    # publish is the one without a version.
    cleared = await next_diagnostics(client, uri)
    while cleared.version is not None:
        cleared = await next_diagnostics(client, uri)
    assert list(cleared.diagnostics) == []


async def test_file_on_disk_keeps_disk_diagnostics_after_close(client: LanguageClient):
    path = client.workspace_root / "on-disk.json"
    path.write_text('{"a": 1 "b": 2}')
    uri = await open_document(client, path, '{"a": 1, "b": 2}')
    assert list((await next_diagnostics(client, uri)).diagnostics) == []
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    closed = await next_diagnostics(client, uri)
    assert [d.code for d in closed.diagnostics] == ["json/missing-comma"]


async def test_rapid_edits_publish_only_the_latest_version(client: LanguageClient):
    uri = await open_document(client, client.workspace_root / "typing.json", "{}")
    await next_diagnostics(client, uri, version=1)
    text = '{"status": "draft"}'
    for i in range(1, len(text)):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=1 + i),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text[:i])]))
    last = await next_diagnostics(client, uri, version=len(text))
    assert [d.code for d in last.diagnostics] == ["json/unclosed-bracket"]


async def test_workspace_configuration_turns_rules_off(client: LanguageClient):
    client.set_configuration({"trackspec": {"rules": {"json/trailing-comma": "off"}}})
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await asyncio.sleep(0.5)
    uri = await open_document(client, client.workspace_root / "configured.json", "[1,]")
    published = await next_diagnostics(client, uri)
    if client.capabilities.workspace and client.capabilities.workspace.configuration:
        assert list(published.diagnostics) == []
    else:
        # Neovim 0.7 does not declare workspace/configuration, so the server cannot ask for settings.
        assert [d.code for d in published.diagnostics] == ["json/trailing-comma"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=traced_command()))
async def pull_client(lsp_client: LanguageClient):
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities("visual-studio-code@v1.65.2", pull=True), root_uri=EXAMPLES.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=EXAMPLES.as_uri(), name="Examples")]))
    yield
    await lsp_client.shutdown_session()


async def test_pull_diagnostics(pull_client: LanguageClient):
    client = pull_client
    uri = (EXAMPLES / "snowplow" / "checkout-broken.scenario.json").as_uri()
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert report.kind == "full"
    codes = [d.code for d in report.items]
    assert "json/comment" in codes and "json/trailing-comma" in codes
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert again.kind == "unchanged"
    workspace = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    names = sorted(pathlib.Path(item.uri.replace("file://", "")).name for item in workspace.items)
    assert "checkout-broken.scenario.json" in names and "link-click.scenario.json" in names
    broken = [i for i in workspace.items if i.uri.endswith("ecommerce-broken.tracking-plan.json")][0]
    codes = {d.code for d in broken.items}
    assert broken.kind == "full" and broken.version is None and "rudderstack/event-type-invalid" in codes
    assert "rudderstack/reference-unresolved" in codes, "workspace rules (the catalog is another file) hold in pull mode too"
    assert client.diagnostics == {}, "a pull-mode client must not also get pushed diagnostics"

"""Completion, hover, definition, code actions, symbols and formatting through pytest-lsp's client, with
the capability sets it recorded from Neovim 0.7 (no snippet support) and VS Code 1.65, in the Examples
workspace (its Iglu cache and catalog)."""
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import EXAMPLES, traced_command
from test_lsp_clients import CLIENTS, next_diagnostics, open_document, start_session


@pytest_lsp.fixture(config=ClientServerConfig(server_command=traced_command()), params=CLIENTS)
async def client(request, lsp_client: LanguageClient):
    await start_session(lsp_client, request.param, EXAMPLES, "Examples")
    yield
    await lsp_client.shutdown_session()


def end_of(text):
    lines = text.split("\n")
    return types.Position(line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2)


def apply(text, edit):
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    start = offsets[edit.range.start.line] + edit.range.start.character
    end = offsets[edit.range.end.line] + edit.range.end.character
    return text[:start] + edit.new_text + text[end:]


async def complete(client, path, text):
    uri = await open_document(client, path, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=end_of(text)))
    return result


async def test_completion_of_connection_values_is_plain_text(client: LanguageClient):
    text = '{"config": {"track": {"propagateValidationErrors": '
    result = await complete(client, EXAMPLES / "rudderstack" / "new.connection.json", text)
    items = result.items if isinstance(result, types.CompletionList) else result
    assert [i.label for i in items] == ["true", "false"]
    for item in items:
        assert item.insert_text_format in (None, types.InsertTextFormat.PlainText)
        assert item.text_edit.new_text == f'"{item.label}"', "strings, never JSON booleans, no snippet syntax"
        assert "$" not in item.text_edit.new_text
        assert item.text_edit.range.end == end_of(text)


async def test_completion_of_iglu_uris_and_keys(client: LanguageClient):
    text = '{"name": "Tap", "event": {"source": "iglu:com.acme/'
    result = await complete(client, EXAMPLES / "snowplow" / "new.scenario.json", text)
    assert result.is_incomplete, "the next segment changes the list"
    assert [i.label for i in result.items] == ["iglu:com.acme/ui_actions/"]
    text = '{"name": "Tap", "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-1"}, "'
    keys = await complete(client, EXAMPLES / "snowplow" / "new2.scenario.json", text)
    labels = [i.label for i in (keys.items if isinstance(keys, types.CompletionList) else keys)]
    assert "status" in labels and "name" not in labels


async def test_hover_and_definition_on_an_iglu_uri(client: LanguageClient):
    path = EXAMPLES / "snowplow" / "button-tap.scenario.json"
    text = path.read_text()
    uri = await open_document(client, path, text)
    line = next(i for i, l in enumerate(text.split("\n")) if '"source"' in l)
    character = text.split("\n")[line].index("iglu:") + 6
    position = types.Position(line=line, character=character)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert "Cached versions" in hover.contents.value and "(latest)" in hover.contents.value
    targets = await client.text_document_definition_async(types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert len(targets) == 1 and "/Examples/iglu/schemas/com.acme/ui_actions/jsonschema/" in targets[0].uri


async def test_code_action_turns_a_boolean_into_a_string(client: LanguageClient):
    path = EXAMPLES / "rudderstack" / "web-source-broken.connection.json"
    text = path.read_text()
    uri = await open_document(client, path, text)
    diagnostics = (await next_diagnostics(client, uri, timeout=60)).diagnostics
    boolean = [d for d in diagnostics if "JSON boolean" in d.message][0]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=boolean.range, context=types.CodeActionContext(diagnostics=[boolean])))
    (action,) = actions
    assert action.kind == types.CodeActionKind.QuickFix
    fixed = apply(text, action.edit.changes[uri][0])
    assert '"propagateValidationErrors": "true"' in fixed and fixed.replace('"true"', "true", 1) != text


async def test_symbols_and_formatting(client: LanguageClient):
    path = EXAMPLES / "rudderstack" / "ecommerce.tracking-plan.json"
    text = path.read_text()
    uri = await open_document(client, path, text)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    events = [s for s in symbols if s.name == "events"][0]
    assert [c.name for c in events.children][:2] == ["Product Viewed", "Order Completed"]
    assert events.children[0].kind == types.SymbolKind.Event
    squashed = '{"name":"Web","events":[{"name":"","eventType":"page"}]}'
    squashed_uri = await open_document(client, EXAMPLES / "rudderstack" / "squashed.tracking-plan.json", squashed)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=squashed_uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    formatted = squashed
    for edit in edits:
        formatted = apply(formatted, edit)
    assert formatted == '{\n  "name": "Web",\n  "events": [\n    {"name": "", "eventType": "page"}\n  ]\n}'

"""More checks of the server's answers against the client's capabilities, registered with
pytest-lsp's own registry so that they run on every request like its built-in ones (snippets,
commit characters and documentation formats in completion items). A failed check is an
`LspSpecificationWarning`, which the suite turns into an error (pytest.ini).

The checks cover what the protocol makes depend on a client capability: a choice the server must
make among what the client offered (the position encoding), a form of an answer the client must
have declared it understands (MarkupContent kinds, hierarchical symbols, code action literals,
location links, label offsets, workspace edit forms, folding by line), and server requests the
client must allow (dynamic registration, code lens refresh). Optional properties that a client
just ignores when it does not support them, such as `codeDescription`, are not checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types as t
from pygls.capabilities import get_capability
from pytest_lsp.checks import check_params_of, check_result_for

Caps = t.ClientCapabilities
UTF16 = t.PositionEncodingKind.Utf16


@check_result_for(method=t.INITIALIZE)
def initialize(caps: Caps, result: t.InitializeResult) -> None:
    offered = get_capability(caps, "general.position_encodings", None) or [UTF16]
    chosen = result.capabilities.position_encoding or UTF16
    assert chosen in offered, f"position encoding {chosen!r} is not one of {offered}"
    rename = result.capabilities.rename_provider
    if isinstance(rename, t.RenameOptions) and rename.prepare_provider:
        # "RenameOptions may only be specified if the client states that it supports
        # prepareSupport in its initial initialize request."
        assert get_capability(caps, "text_document.rename.prepare_support", False), (
            "RenameOptions.prepareProvider sent to a client without rename.prepareSupport"
        )


def check_markup(content: Any, formats: Sequence[str] | None, where: str) -> None:
    if isinstance(content, t.MarkupContent):
        allowed = formats or [t.MarkupKind.PlainText]
        assert content.kind in allowed, f"{where}: {content.kind.value!r} is not in {allowed}"


@check_result_for(method=t.TEXT_DOCUMENT_HOVER)
def hover(caps: Caps, result: t.Hover | None) -> None:
    if result is not None:
        formats = get_capability(caps, "text_document.hover.content_format", None)
        check_markup(result.contents, formats, "hover")


@check_result_for(method=t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(caps: Caps, result: Sequence[Any] | None) -> None:
    if any(isinstance(s, t.DocumentSymbol) for s in result or []):
        assert get_capability(
            caps, "text_document.document_symbol.hierarchical_document_symbol_support", False
        ), "DocumentSymbol[] sent to a client without hierarchicalDocumentSymbolSupport"


@check_result_for(method=t.WORKSPACE_SYMBOL)
def workspace_symbols(caps: Caps, result: Sequence[Any] | None) -> None:
    for symbol in result or []:
        if isinstance(symbol, t.WorkspaceSymbol) and not isinstance(symbol.location, t.Location):
            properties = get_capability(caps, "workspace.symbol.resolve_support.properties", [])
            assert "location.range" in properties, "a location without a range needs resolve"


def check_workspace_edit(caps: Caps, edit: t.WorkspaceEdit | None, where: str) -> None:
    if edit is None:
        return
    if edit.document_changes:
        assert get_capability(caps, "workspace.workspace_edit.document_changes", False), (
            f"{where}: documentChanges sent to a client without that support"
        )
    if edit.change_annotations:
        assert get_capability(caps, "workspace.workspace_edit.change_annotation_support", None), (
            f"{where}: change annotations sent to a client without that support"
        )


@check_result_for(method=t.TEXT_DOCUMENT_RENAME)
def rename(caps: Caps, result: t.WorkspaceEdit | None) -> None:
    check_workspace_edit(caps, result, "rename")


@check_result_for(method=t.TEXT_DOCUMENT_CODE_ACTION)
def code_actions(caps: Caps, result: Sequence[Any] | None) -> None:
    for action in result or []:
        if isinstance(action, t.CodeAction):
            literal = get_capability(
                caps, "text_document.code_action.code_action_literal_support", None
            )
            assert literal is not None, "CodeAction literals need codeActionLiteralSupport"
            check_workspace_edit(caps, action.edit, "code action")


def check_locations(caps: Caps, name: str, result: Any) -> None:
    items = result if isinstance(result, list) else [result]
    if any(isinstance(i, t.LocationLink) for i in items):
        assert get_capability(caps, f"text_document.{name}.link_support", False), (
            f"LocationLink sent to a client without {name}.linkSupport"
        )


@check_result_for(method=t.TEXT_DOCUMENT_DEFINITION)
def definition(caps: Caps, result: Any) -> None:
    check_locations(caps, "definition", result)


@check_result_for(method=t.TEXT_DOCUMENT_TYPE_DEFINITION)
def type_definition(caps: Caps, result: Any) -> None:
    check_locations(caps, "type_definition", result)


@check_result_for(method=t.TEXT_DOCUMENT_SIGNATURE_HELP)
def signature_help(caps: Caps, result: t.SignatureHelp | None) -> None:
    info = "text_document.signature_help.signature_information"
    for signature in result.signatures if result else []:
        formats = get_capability(caps, f"{info}.documentation_format", None)
        check_markup(signature.documentation, formats, "signature documentation")
        if signature.active_parameter is not None:
            assert get_capability(caps, f"{info}.active_parameter_support", False), (
                "SignatureInformation.activeParameter needs activeParameterSupport"
            )
        for parameter in signature.parameters or []:
            if not isinstance(parameter.label, str):
                assert get_capability(
                    caps, f"{info}.parameter_information.label_offset_support", False
                ), "parameter label offsets need labelOffsetSupport"


@check_result_for(method=t.TEXT_DOCUMENT_FOLDING_RANGE)
def folding_ranges(caps: Caps, result: Sequence[t.FoldingRange] | None) -> None:
    ranges = result or []
    if get_capability(caps, "text_document.folding_range.line_folding_only", False):
        for r in ranges:
            assert r.start_character is None and r.end_character is None, (
                f"a character in a folding range for a line-folding client: {r}"
            )
    limit = get_capability(caps, "text_document.folding_range.range_limit", None)
    if limit is not None:
        assert len(ranges) <= limit, f"{len(ranges)} folding ranges, over the limit {limit}"


@check_result_for(method=t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL)
def semantic_tokens(caps: Caps, result: t.SemanticTokens | None) -> None:
    if result is not None:
        formats = get_capability(caps, "text_document.semantic_tokens.formats", [])
        assert t.TokenFormat.Relative in formats, "the client does not take relative tokens"
        if not get_capability(caps, "text_document.semantic_tokens.overlapping_token_support"):
            data, start, end = result.data, 0, 0
            for i in range(0, len(data), 5):
                delta_line, delta_start, length = data[i : i + 3]
                start = delta_start if delta_line else start + delta_start
                end = 0 if delta_line else end
                assert start >= end, f"overlapping semantic tokens at {i // 5}"
                end = start + length


# The capability whose `dynamicRegistration` a registration of each method needs.
DYNAMIC = {
    t.WORKSPACE_DID_CHANGE_WATCHED_FILES: "workspace.did_change_watched_files",
}


@check_params_of(method=t.CLIENT_REGISTER_CAPABILITY)
def register_capability(caps: Caps, params: t.RegistrationParams) -> None:
    for registration in params.registrations:
        capability = DYNAMIC.get(registration.method)
        assert capability is not None, f"unexpected registration of {registration.method}"
        assert get_capability(caps, f"{capability}.dynamic_registration", False), (
            f"{registration.method} registered with a client that does not allow it"
        )


@check_params_of(method=t.WORKSPACE_CODE_LENS_REFRESH)
def refresh_code_lenses(caps: Caps, params: None) -> None:
    assert get_capability(caps, "workspace.code_lens.refresh_support", False), (
        "workspace/codeLens/refresh sent to a client without codeLens.refreshSupport"
    )

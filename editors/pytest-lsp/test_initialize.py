"""The handshake with each recorded editor: the capabilities the server advertises, the position
encoding it picks from what the editor offers, the file watcher it registers only where the
editor allows dynamic registration, and the set of recorded editors itself.
"""

from __future__ import annotations

import subprocess
from importlib import resources

from lsprotocol import types as t
from pygls.capabilities import get_capability
from pygls.protocol import default_converter

from support import CLIENTS, POLICY, SERVER, Session

# Every capability the server advertises; each has a test in this suite.
ADVERTISED = {
    "positionEncoding",
    "textDocumentSync",
    "hoverProvider",
    "completionProvider",
    "signatureHelpProvider",
    "definitionProvider",
    "typeDefinitionProvider",
    "selectionRangeProvider",
    "referencesProvider",
    "documentHighlightProvider",
    "documentSymbolProvider",
    "workspaceSymbolProvider",
    "codeActionProvider",
    "documentFormattingProvider",
    "documentRangeFormattingProvider",
    "renameProvider",
    "foldingRangeProvider",
    "semanticTokensProvider",
    "inlayHintProvider",
    "codeLensProvider",
    "executeCommandProvider",
    "workspace",
}

# What each editor offers in `general.positionEncodings` (absent before LSP 3.17), and what the
# server must pick: UTF-8 when offered, else UTF-16, the protocol's default.
ENCODINGS = {
    "visual-studio-code@1.65.2": (None, "utf-16"),
    "neovim@0.6.1": (None, "utf-16"),
    "neovim@0.7.0": (None, "utf-16"),
    "neovim@0.8.0": (None, "utf-16"),
    "neovim@0.9.1": (None, "utf-16"),
    "neovim@0.10.0": (("utf-16",), "utf-16"),
    "neovim@0.11.0": (("utf-8", "utf-16", "utf-32"), "utf-8"),
}


def test_the_recorded_editors_are_all_that_pytest_lsp_ships() -> None:
    shipped = sorted(
        f.name.removesuffix(".json").replace("_v", "@").replace("_", "-")
        for f in resources.files("pytest_lsp.clients").iterdir()
        if f.name.endswith(".json") and f.name.startswith(("visual_studio_code", "neovim"))
    )
    assert sorted(CLIENTS) == shipped
    assert set(ENCODINGS) == set(CLIENTS)


async def test_advertised_capabilities(session: Session) -> None:
    caps = session.result.capabilities
    advertised = default_converter().unstructure(caps)
    assert set(advertised) == ADVERTISED

    sync = caps.text_document_sync
    assert isinstance(sync, t.TextDocumentSyncOptions)
    assert sync.open_close is True
    assert sync.change == t.TextDocumentSyncKind.Incremental
    assert sync.save is True

    assert caps.completion_provider.trigger_characters == (".",)
    assert caps.signature_help_provider.trigger_characters == ("(", ",")
    assert caps.code_action_provider.code_action_kinds == (t.CodeActionKind.QuickFix,)
    # `prepareProvider` only for an editor that says it sends `prepareRename`.
    prepares = get_capability(session.capabilities, "text_document.rename.prepare_support", False)
    if prepares:
        assert caps.rename_provider.prepare_provider is True
    else:
        assert caps.rename_provider is True
    assert caps.code_lens_provider.resolve_provider is False
    assert caps.execute_command_provider.commands == (
        "palisade.runTest",
        "palisade.runTests",
        "palisade.evaluate",
        "palisade.stopEvaluating",
    )
    for simple in (
        "hover",
        "definition",
        "type_definition",
        "selection_range",
        "references",
        "document_highlight",
        "document_symbol",
        "workspace_symbol",
        "document_formatting",
        "document_range_formatting",
        "folding_range",
        "inlay_hint",
    ):
        assert getattr(caps, f"{simple}_provider") is True, simple

    tokens = caps.semantic_tokens_provider
    assert tokens.full == t.SemanticTokensFullDelta(delta=True) and not tokens.range
    assert tokens.legend.token_modifiers == ("declaration", "readonly")
    assert tokens.legend.token_types[:4] == ("keyword", "string", "number", "comment")
    # The legend only names types and modifiers that the editor knows, where it has them.
    known_types = get_capability(session.capabilities, "text_document.semantic_tokens.token_types")
    if known_types is not None:
        assert set(tokens.legend.token_types) <= set(known_types)
        known_modifiers = get_capability(
            session.capabilities, "text_document.semantic_tokens.token_modifiers"
        )
        assert set(tokens.legend.token_modifiers) <= set(known_modifiers)

    version = subprocess.run([SERVER, "--version"], capture_output=True, text=True, check=True)
    assert session.result.server_info.name == "palisade"
    assert version.stdout.split() == ["palisade", session.result.server_info.version]


async def test_position_encoding(session: Session) -> None:
    offered, expected = ENCODINGS[session.editor]
    assert get_capability(session.capabilities, "general.position_encodings", None) == offered
    assert session.result.capabilities.position_encoding == expected


async def test_file_watcher_registered_only_where_allowed(session: Session) -> None:
    doc = session.open("pods.pal")
    # The watcher is registered from `initialized`, before the first diagnostics go out.
    await session.diagnostics(doc.uri, lambda p: len(p.diagnostics) > 0)
    allowed = get_capability(
        session.capabilities, "workspace.did_change_watched_files.dynamic_registration", False
    )
    if not allowed:
        assert session.client.registrations == []
        return
    [registration] = session.client.registrations
    assert registration.method == t.WORKSPACE_DID_CHANGE_WATCHED_FILES
    options = registration.register_options
    # Policies, and the inputs an evaluation reads.
    assert options == {
        "watchers": [
            {"globPattern": "**/*.pal"},
            {"globPattern": "**/*.{json,yaml,yml}"},
            {"globPattern": "**/palisade.toml"},
        ]
    }

    # A file created on disk and reported by the editor's watcher is checked.
    other = session.root / "other.pal"
    policy = POLICY.replace("acme.pods", "acme.other").replace("ACME-PRIV", "ACME-OTHER")
    other.write_text(policy, encoding="utf-8")
    session.client.workspace_did_change_watched_files(
        t.DidChangeWatchedFilesParams(
            changes=[t.FileEvent(uri=other.as_uri(), type=t.FileChangeType.Created)]
        )
    )
    published = await session.diagnostics(other.as_uri(), lambda p: len(p.diagnostics) > 0)
    assert [d.code for d in published.diagnostics] == ["E0301"]

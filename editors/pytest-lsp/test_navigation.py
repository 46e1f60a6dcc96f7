"""Reading and moving around a policy in each recorded editor: hover, go to definition and type
definition (into the standard library, written read-only under the server's cache folder),
selection ranges, references, document highlights, rename (and its refusal for the library),
document and workspace symbols.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from lsprotocol import types as t

from support import POLICY, Session, ordered

# Every mention of the loop variable `c`: its binding and four uses.
C = r"\bc\b"


async def test_hover(session: Session) -> None:
    doc = session.open("pods.pal")

    async def hover(needle: str, shift: int = 0) -> t.Hover:
        position = doc.text.position(needle, shift)
        return await session.ask(
            t.TEXT_DOCUMENT_HOVER, t.HoverParams(text_document=doc.id, position=position)
        )

    local = await hover("c in pod")
    assert local.contents.kind == t.MarkupKind.Markdown
    assert local.contents.value == "```pal\nc: Container\n```"
    assert local.range == doc.text.range("c in pod", length=1)

    rule = await hover("privileged(pod")
    assert rule.contents.value.startswith("```pal\nrule privileged(pod: k8s.Pod)\n```")
    for shown in (
        "**No privileged containers**",
        "id: ACME-PRIV",
        "severity: high",
        "Containers must not run privileged.",
        "*package `acme.pods`*",
    ):
        assert shown in rule.contents.value
    assert doc.text.at(rule.range) == "privileged"

    library = await hover("Pod)", 1)
    assert library.contents.value.startswith('```pal\ntype Pod = { apiVersion: "v1", kind: "Pod"')
    assert library.contents.value.endswith("*package `palisade.k8s`*")
    assert doc.text.at(library.range) == "Pod"

    optional = await hover("image ??", 2)
    # A field: its declared type and the record it belongs to.
    assert optional.contents.value == "```pal\nimage?: string\n```\n\nfield of `Container`"
    assert doc.text.at(optional.range) == "image"

    nothing = await hover("# Containers", 3)
    assert nothing is None


def path_of(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


async def test_definition_into_the_standard_library(session: Session) -> None:
    doc = session.open("pods.pal")
    target = await session.ask(
        t.TEXT_DOCUMENT_DEFINITION,
        t.DefinitionParams(text_document=doc.id, position=doc.text.position("Pod)", 1)),
    )
    assert isinstance(target, t.Location)
    path = path_of(target.uri)
    assert path.is_relative_to(session.cache / "palisade")
    assert path.parts[-2:] == ("k8s", "schema.pal")
    assert path.stat().st_mode & 0o222 == 0, "the library is written read-only"
    library = session.text(path.read_text(encoding="utf-8"))
    assert library.at(target.range) == "Pod"
    assert library.lines[target.range.start.line].startswith("type Pod = {")


async def test_definition_of_a_local(session: Session) -> None:
    doc = session.open("pods.pal")
    target = await session.ask(
        t.TEXT_DOCUMENT_DEFINITION,
        t.DefinitionParams(text_document=doc.id, position=doc.text.position("{image}", 1)),
    )
    assert target == t.Location(uri=doc.uri, range=doc.text.range("image =", length=5))


async def test_type_definition_into_the_standard_library(session: Session) -> None:
    doc = session.open("pods.pal")
    targets = await session.ask(
        t.TEXT_DOCUMENT_TYPE_DEFINITION,
        t.TypeDefinitionParams(text_document=doc.id, position=doc.text.position("c in pod")),
    )
    [target] = targets
    path = path_of(target.uri)
    assert path.is_relative_to(session.cache / "palisade")
    assert path.parts[-2:] == ("k8s", "schema.pal")
    library = session.text(path.read_text(encoding="utf-8"))
    assert library.at(target.range) == "Container"
    assert library.lines[target.range.start.line] == "type Container = {"


@pytest.mark.needs("text_document.selection_range")
async def test_selection_ranges(session: Session) -> None:
    doc = session.open("pods.pal")
    # In the field after the emoji: each range is inside its parent, out to the whole file.
    inside = doc.text.position("privilegd", 3)
    [selection] = await session.ask(
        t.TEXT_DOCUMENT_SELECTION_RANGE,
        t.SelectionRangeParams(text_document=doc.id, positions=[inside]),
    )
    chain = []
    while selection is not None:
        chain.append(doc.text.at(selection.range))
        selection = selection.parent
    assert chain[0] == "privilegd"
    for inner, outer in zip(chain, chain[1:], strict=False):
        assert inner in outer and inner != outer, (inner, outer)
    assert "c.securityContext?.privilegd" in chain
    assert any(x.startswith("rule privileged(pod: k8s.Pod) {") for x in chain)
    assert chain[-1] == POLICY


async def test_references_and_highlights(session: Session) -> None:
    doc = session.open("pods.pal")
    at = doc.text.position("c.name", 0)
    everywhere = doc.text.ranges(C)
    assert len(everywhere) == 5

    def context(include: bool) -> t.ReferenceParams:
        return t.ReferenceParams(
            text_document=doc.id,
            position=at,
            context=t.ReferenceContext(include_declaration=include),
        )

    refs = await session.ask(t.TEXT_DOCUMENT_REFERENCES, context(True))
    assert {r.uri for r in refs} == {doc.uri}
    assert ordered([r.range for r in refs]) == everywhere
    uses = await session.ask(t.TEXT_DOCUMENT_REFERENCES, context(False))
    assert ordered([r.range for r in uses]) == everywhere[1:]

    highlights = await session.ask(
        t.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT,
        t.DocumentHighlightParams(text_document=doc.id, position=at),
    )
    assert ordered([h.range for h in highlights]) == everywhere


async def test_rename(session: Session) -> None:
    doc = session.open("pods.pal")
    at = doc.text.position("c.securityContext?.privileged")
    prepared = await session.ask(
        t.TEXT_DOCUMENT_PREPARE_RENAME,
        t.PrepareRenameParams(text_document=doc.id, position=at),
    )
    assert prepared == doc.text.ranges(C)[-1]

    edit = await session.ask(
        t.TEXT_DOCUMENT_RENAME,
        t.RenameParams(text_document=doc.id, position=at, new_name="container"),
    )
    assert edit.document_changes is None
    assert list(edit.changes) == [doc.uri]
    renamed = doc.text.apply(edit.changes[doc.uri])
    assert renamed == re.sub(C, "container", POLICY)
    assert "if /* é 🎉 */ container.securityContext?.privilegd" in renamed


async def test_the_library_cannot_be_renamed(session: Session) -> None:
    doc = session.open("pods.pal")
    params = t.PrepareRenameParams(text_document=doc.id, position=doc.text.position("Pod)", 1))
    try:
        await session.ask(t.TEXT_DOCUMENT_PREPARE_RENAME, params)
    except Exception as refused:  # pygls raises the JSON-RPC error it received
        assert "read-only" in str(refused)
    else:
        raise AssertionError("renaming a type of the standard library was not refused")


async def test_document_symbols(session: Session) -> None:
    doc = session.open("pods.pal")
    symbols = await session.ask(
        t.TEXT_DOCUMENT_DOCUMENT_SYMBOL, t.DocumentSymbolParams(text_document=doc.id)
    )
    assert [(s.name, s.kind, s.detail) for s in symbols] == [
        ("acme.pods", t.SymbolKind.Package, None),
        ("palisade.k8s", t.SymbolKind.Module, None),
        ("privileged", t.SymbolKind.Event, "ACME-PRIV"),
    ]
    for s in symbols:
        assert doc.text.at(s.selection_range) == s.name
    rule = symbols[2]
    assert doc.text.at(rule.range) == POLICY[POLICY.index("rule privileged") :].rstrip("\n")


async def test_workspace_symbols(session: Session) -> None:
    doc = session.open("pods.pal")
    symbols = await session.ask(t.WORKSPACE_SYMBOL, t.WorkspaceSymbolParams(query="PRIV"))
    [symbol] = symbols
    assert (symbol.name, symbol.kind, symbol.container_name) == (
        "privileged",
        t.SymbolKind.Event,
        "acme.pods",
    )
    assert symbol.location.uri == doc.uri
    assert doc.text.at(symbol.location.range) == "privileged"
    assert list(await session.ask(t.WORKSPACE_SYMBOL, t.WorkspaceSymbolParams(query="zzz"))) == []

"""Diagnostics as each recorded editor receives them: the code, range, message and link of a
misspelt field, positions counted in the negotiated encoding after non-ASCII text, an unsaved
document checked on open, the quick fix, and the diagnostics cleared by the edit that fixes the
field (typed, or applied from the quick fix).
"""

from __future__ import annotations

from lsprotocol import types as t

from support import FIXED, POLICY, REPO, Session, units


def has_some(p: t.PublishDiagnosticsParams) -> bool:
    return len(p.diagnostics) > 0


def has_none(p: t.PublishDiagnosticsParams) -> bool:
    return len(p.diagnostics) == 0


async def test_a_misspelt_field_is_reported_with_a_did_you_mean(session: Session) -> None:
    doc = session.open("pods.pal")
    published = await session.diagnostics(doc.uri, has_some)
    [d] = published.diagnostics
    assert d.code == "E0301"
    assert d.severity == t.DiagnosticSeverity.Error
    assert d.source == "palisade"
    assert d.range == doc.text.range("privilegd")
    assert d.message == (
        "`c.securityContext` has no field `privilegd`\nhelp: did you mean `privileged`?"
    )
    assert d.code_description is not None
    assert d.code_description.href.endswith("/spec/diagnostics.md#e0301")
    spec = (REPO / "spec" / "diagnostics.md").read_text(encoding="utf-8")
    assert '<a id="e0301"></a>\n### E0301 — a field that the record type does not declare' in spec


async def test_positions_count_the_negotiated_encoding(session: Session) -> None:
    doc = session.open("pods.pal")
    [d] = (await session.diagnostics(doc.uri, has_some)).diagnostics
    # The line starts `    if /* é 🎉 */ c.securityContext?.`: one code point each for `é`
    # and `🎉`, but two UTF-16 units for the emoji and two and four UTF-8 bytes.
    line = POLICY.splitlines()[d.range.start.line]
    prefix = line[: line.index("privilegd")]
    assert "é 🎉" in prefix
    assert d.range.start.character == units(prefix, session.encoding)
    assert d.range.start.character != len(prefix)
    assert d.range.end.character == units(prefix + "privilegd", session.encoding)

    # Hover past the emoji and the accented letter of the message on the `violation` line.
    at = "c.securityContext?.privileged"
    hover = await session.ask(
        t.TEXT_DOCUMENT_HOVER,
        t.HoverParams(text_document=doc.id, position=doc.text.position(at, shift=len(at) - 3)),
    )
    # The hover is the field's: its name (ASCII, so as long in every encoding), past the emoji.
    field = doc.text.range(at)
    assert hover.range.end == field.end
    assert hover.range.start.line == field.start.line
    assert hover.range.end.character - hover.range.start.character == len("privileged")
    assert hover.contents.value == "```pal\nprivileged?: bool\n```\n\nfield of `SecurityContext`"


async def test_an_unsaved_document_is_checked_when_opened(session: Session) -> None:
    draft = 'package acme.draft\n\n# Café ☕: a number, not a string.\nparam replicas: int = "10"\n'
    doc = session.open("draft.pal", draft)
    [d] = (await session.diagnostics(doc.uri, has_some)).diagnostics
    assert d.code == "E0300"
    assert d.range == doc.text.range('"10"')
    assert not (session.root / "draft.pal").exists()


async def test_the_quick_fix_replaces_the_field(session: Session) -> None:
    doc = session.open("pods.pal")
    [d] = (await session.diagnostics(doc.uri, has_some)).diagnostics
    actions = await session.ask(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionParams(
            text_document=doc.id,
            range=d.range,
            context=t.CodeActionContext(diagnostics=[d], only=[t.CodeActionKind.QuickFix]),
        ),
    )
    [action] = actions
    assert action.title == "Replace with `privileged`"
    assert action.kind == t.CodeActionKind.QuickFix
    assert action.is_preferred is True
    assert [x.code for x in action.diagnostics] == ["E0301"]
    assert list(action.edit.changes) == [doc.uri]
    edits = list(action.edit.changes[doc.uri])
    assert edits == [t.TextEdit(range=doc.text.range("privilegd"), new_text="privileged")]
    assert doc.text.apply(edits) == FIXED

    # The editor applies the fix as a change of the open document.
    session.edit(doc, edits)
    published = await session.diagnostics(doc.uri, has_none)
    assert published.version == 2

    # Nowhere else to fix: no actions.
    actions = await session.ask(
        t.TEXT_DOCUMENT_CODE_ACTION,
        t.CodeActionParams(
            text_document=doc.id, range=d.range, context=t.CodeActionContext(diagnostics=[])
        ),
    )
    assert list(actions) == []


async def test_typing_the_missing_letter_clears_the_diagnostic(session: Session) -> None:
    doc = session.open("pods.pal")
    await session.diagnostics(doc.uri, has_some)
    # Type `e` between `privileg` and `d`, after the emoji on the same line.
    where = doc.text.position("privilegd", shift=len("privileg"))
    session.edit(doc, [t.TextEdit(range=t.Range(start=where, end=where), new_text="e")])
    assert doc.text.content == FIXED
    published = await session.diagnostics(doc.uri, has_none)
    assert published.version == 2

    # Undo, sent as the whole text: the diagnostic is back, for the newer version.
    session.replace(doc, POLICY)
    published = await session.diagnostics(doc.uri, has_some)
    assert published.version == 3
    assert [d.range for d in published.diagnostics] == [doc.text.range("privilegd")]

"""Writing a policy in each recorded editor: completion of a container's fields after `c.` and of
builtins (snippets only where the editor takes them), signature help, formatting of the document
and of a range, semantic tokens (whole and as deltas), folding ranges and inlay hints. Requests
an editor never sends (it declares no such capability) are skipped for it.
"""

from __future__ import annotations

import re

import pytest
from lsprotocol import types as t
from pygls.capabilities import get_capability

from support import POLICY, REPO, Session


def snippets(session: Session) -> bool:
    path = "text_document.completion.completion_item.snippet_support"
    return bool(get_capability(session.capabilities, path, False))


def container_fields() -> list[str]:
    """The fields of `Container` in the standard library's Kubernetes schema, in order."""
    schema = (REPO / "stdlib" / "k8s" / "schema.pal").read_text(encoding="utf-8")
    body = schema[schema.index("type Container = {") :]
    body = body[: body.index("\n}")]
    return re.findall(r"^  (\w+)\??:", body, flags=re.MULTILINE)


async def test_completion_of_container_fields(session: Session) -> None:
    doc = session.open("pods.pal")
    # The author has just typed `c.` where `c.image` was.
    session.edit(doc, [t.TextEdit(range=doc.text.range("image ??", length=5), new_text="")])
    assert 'let image = c. ?? "none"' in doc.text.content
    items = await session.ask(
        t.TEXT_DOCUMENT_COMPLETION,
        t.CompletionParams(
            text_document=doc.id,
            position=doc.text.position("c. ??", 2),
            context=t.CompletionContext(
                trigger_kind=t.CompletionTriggerKind.TriggerCharacter, trigger_character="."
            ),
        ),
    )
    fields = container_fields()
    assert {"name", "image", "securityContext"} <= set(fields)
    assert [i.label for i in items] == fields
    assert {i.kind for i in items} == {t.CompletionItemKind.Field}
    details = {i.label: i.detail for i in items}
    assert details["name"] == "string"
    assert details["image"] == "string?"
    assert details["securityContext"] == "SecurityContext?"
    assert [i.sort_text for i in items] == sorted(i.sort_text for i in items)
    # Snippets only for editors that take them (pytest-lsp checks that too).
    plain = t.InsertTextFormat.PlainText
    assert {i.insert_text_format for i in items} == {
        t.InsertTextFormat.Snippet if snippets(session) else plain
    }


async def test_completion_of_a_builtin(session: Session) -> None:
    doc = session.open("pods.pal")
    items = await session.ask(
        t.TEXT_DOCUMENT_COMPLETION,
        t.CompletionParams(
            text_document=doc.id,
            position=doc.text.position("c.image ??"),
            context=t.CompletionContext(trigger_kind=t.CompletionTriggerKind.Invoked),
        ),
    )
    by_label = {i.label: i for i in items}
    assert {"c", "pod", "count", "starts_with"} <= set(by_label)
    count = by_label["count"]
    assert count.kind == t.CompletionItemKind.Function
    if snippets(session):
        assert count.insert_text == "count($1)"
        assert count.insert_text_format == t.InsertTextFormat.Snippet
    else:
        assert count.insert_text is None  # the label is inserted
        assert count.insert_text_format == t.InsertTextFormat.PlainText


async def test_signature_help(session: Session) -> None:
    text = 'package acme.names\n\n# «app» 🎉\nlet prefixed = starts_with("app-é🎉", "app")\n'
    doc = session.open("names.pal", text)
    help_ = await session.ask(
        t.TEXT_DOCUMENT_SIGNATURE_HELP,
        t.SignatureHelpParams(
            text_document=doc.id,
            position=doc.text.position('"app")'),
            context=t.SignatureHelpContext(
                trigger_kind=t.SignatureHelpTriggerKind.TriggerCharacter,
                trigger_character=",",
                is_retrigger=False,
            ),
        ),
    )
    [signature] = help_.signatures
    assert signature.label == "starts_with(s: string, prefix: string) -> bool"
    assert help_.active_parameter == 1
    assert signature.active_parameter == 1
    # Parameter labels are offsets into the label, in UTF-16 code units whatever the encoding.
    parameters = [signature.label[a:b] for a, b in (p.label for p in signature.parameters)]
    assert parameters == ["s: string", "prefix: string"]


async def test_formatting(session: Session) -> None:
    doc = session.open("pods.pal")
    options = t.FormattingOptions(tab_size=2, insert_spaces=True)
    params = t.DocumentFormattingParams(text_document=doc.id, options=options)
    assert list(await session.ask(t.TEXT_DOCUMENT_FORMATTING, params)) == []

    broken = POLICY.replace("  meta {", "meta   {").replace(
        '    let image = c.image ?? "none"', '        let image=c.image??"none"'
    )
    session.replace(doc, broken)
    edits = await session.ask(t.TEXT_DOCUMENT_FORMATTING, params)
    assert doc.text.apply(edits) == POLICY


async def test_range_formatting(session: Session) -> None:
    doc = session.open("pods.pal")
    broken = POLICY.replace('    let image = c.image ?? "none"', '  let   image=c.image??"none"')
    session.replace(doc, broken)
    line = doc.text.line_of("let   image")
    edits = await session.ask(
        t.TEXT_DOCUMENT_RANGE_FORMATTING,
        t.DocumentRangeFormattingParams(
            text_document=doc.id,
            range=t.Range(
                start=t.Position(line=line, character=0),
                end=t.Position(line=line + 1, character=0),
            ),
            options=t.FormattingOptions(tab_size=2, insert_spaces=True),
        ),
    )
    assert doc.text.apply(edits) == POLICY


@pytest.mark.needs("text_document.semantic_tokens")
async def test_semantic_tokens(session: Session) -> None:
    doc = session.open("pods.pal")
    tokens = await session.ask(
        t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, t.SemanticTokensParams(text_document=doc.id)
    )
    legend = session.result.capabilities.semantic_tokens_provider.legend
    data = list(tokens.data)
    assert len(data) % 5 == 0
    # Decode the relative form: (line, start, text, type, modifiers) for each token.
    decoded = []
    line = start = 0
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind, bits = data[i : i + 5]
        line += delta_line
        start = start + delta_start if delta_line == 0 else delta_start
        range_ = t.Range(
            start=t.Position(line=line, character=start),
            end=t.Position(line=line, character=start + length),
        )
        modifiers = {m for j, m in enumerate(legend.token_modifiers) if bits & (1 << j)}
        decoded.append((line, doc.text.at(range_), legend.token_types[kind], modifiers))
    assert len(decoded) > 40
    assert decoded[0] == (0, "package", "keyword", set())

    def token(needle: str, length: int | None = None, nth: int = 0) -> tuple:
        at = doc.text.position(needle, nth=nth)
        text = needle if length is None else needle[:length]
        [found] = [d[1:] for d in decoded if d[0] == at.line and d[1] == text]
        return found

    assert token("/* é 🎉 */") == ("/* é 🎉 */", "comment", set())
    assert token("# Containers must not run privileged.") == (
        "# Containers must not run privileged.",
        "comment",
        set(),
    )
    assert token("privileged(", 10) == ("privileged", "event", {"declaration"})
    assert token("Pod)", 3) == ("Pod", "type", set())
    assert token("for c", 3) == ("for", "keyword", set())
    assert token("??", nth=1) == ("??", "operator", set())
    # A string is one token, interpolations included, after an emoji and an accented letter.
    message = '"🎉 container `{c.name}` (é {image}) is privileged"'
    assert token(message) == (message, "string", set())
    assert token("c.securityContext?.privileged", 1) == ("c", "variable", set())


def apply_token_edits(data: list[int], edits: list[t.SemanticTokensEdit]) -> list[int]:
    """Applies the edits of a delta to the numbers they were computed against."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        data[edit.start : edit.start + edit.delete_count] = list(edit.data or [])
    return data


@pytest.mark.needs("text_document.semantic_tokens.requests.full.delta")
async def test_semantic_token_deltas(session: Session) -> None:
    doc = session.open("pods.pal")
    first = await session.ask(
        t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, t.SemanticTokensParams(text_document=doc.id)
    )
    assert first.result_id

    # A new line in the loop, after the line with the emoji.
    end_of_if = doc.text.position("    }\n  }\n}")
    line = '    let label = "🎉 {c.name}"\n'
    session.edit(doc, [t.TextEdit(range=t.Range(start=end_of_if, end=end_of_if), new_text=line)])

    async def delta(previous: str) -> t.SemanticTokensDelta | t.SemanticTokens:
        return await session.ask(
            t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA,
            t.SemanticTokensDeltaParams(text_document=doc.id, previous_result_id=previous),
        )

    changed = await delta(first.result_id)
    assert isinstance(changed, t.SemanticTokensDelta)
    assert changed.result_id and changed.result_id != first.result_id
    whole = await session.ask(
        t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, t.SemanticTokensParams(text_document=doc.id)
    )
    assert apply_token_edits(list(first.data), list(changed.edits)) == list(whole.data)
    assert len(whole.data) > len(first.data)

    # An unknown previous result: the whole tokens.
    fresh = await delta("no such result")
    assert isinstance(fresh, t.SemanticTokens)
    assert list(fresh.data) == list(whole.data)


def closing_lines(text: str) -> list[tuple[int, int]]:
    """The lines of each `{` that ends a line and of its `}`, matched by indentation."""
    lines = text.split("\n")
    pairs = []
    for i, line in enumerate(lines):
        if line.endswith("{"):
            indent = line[: len(line) - len(line.lstrip())]
            end = next(j for j in range(i + 1, len(lines)) if lines[j] == indent + "}")
            pairs.append((i, end))
    return pairs


@pytest.mark.needs("text_document.folding_range")
async def test_folding_ranges(session: Session) -> None:
    doc = session.open("pods.pal")
    ranges = await session.ask(
        t.TEXT_DOCUMENT_FOLDING_RANGE, t.FoldingRangeParams(text_document=doc.id)
    )
    expected = closing_lines(POLICY)
    assert len(expected) == 4  # the rule, its meta, the loop and the `if`
    assert sorted((r.start_line, r.end_line) for r in ranges) == sorted(expected)


@pytest.mark.needs("text_document.inlay_hint")
async def test_inlay_hints(session: Session) -> None:
    doc = session.open("pods.pal")

    async def hints(range_: t.Range) -> list[tuple[t.Position, str]]:
        answer = await session.ask(
            t.TEXT_DOCUMENT_INLAY_HINT, t.InlayHintParams(text_document=doc.id, range=range_)
        )
        assert {h.kind for h in answer} <= {t.InlayHintKind.Type}
        return [(h.position, h.label) for h in answer]

    after_c = doc.text.position("c in pod", 1)
    after_image = doc.text.position("image =", len("image"))
    assert await hints(doc.text.whole()) == [(after_c, ": Container"), (after_image, ": string")]
    line = after_image.line
    only_let = t.Range(
        start=t.Position(line=line, character=0), end=t.Position(line=line + 1, character=0)
    )
    assert await hints(only_let) == [(after_image, ": string")]

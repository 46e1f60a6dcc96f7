"""What the tests share: the recorded editors under test, the fixture policy, protocol positions
counted in the encoding the server negotiated, and a session that talks to one `palisade lsp`.

Positions are never hand-counted: a test names a piece of text (`text.position("privilegd")`)
and `Text` turns it into a line and a character in UTF-16 code units or UTF-8 bytes, whichever
the server chose for the client. Positions that come back from the server go the other way
(`text.at(range)`), and a position inside a character or past the end of a line is an error.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pytest_lsp import LanguageClient

REPO = Path(__file__).resolve().parents[2]
# The binary under test: run.sh builds it and sets PALISADE_BIN.
SERVER = os.environ.get("PALISADE_BIN", str(REPO / "target" / "debug" / "palisade"))

# The recorded client capabilities that pytest-lsp 1.0.1 ships for VS Code and Neovim, each
# the full `capabilities` object the editor sent in its `initialize` request.
CLIENTS = (
    "visual-studio-code@1.65.2",
    "neovim@0.6.1",
    "neovim@0.7.0",
    "neovim@0.8.0",
    "neovim@0.9.1",
    "neovim@0.10.0",
    "neovim@0.11.0",
)

# How long one request or one wait for a notification may take.
PATIENCE = 30.0

# The workspace's policy: a misspelt field (E0301 with a did-you-mean) on a line where a block
# comment with an accented letter and an emoji comes first, so that the character of every
# later position differs between UTF-16, UTF-8 and code points. It is in the canonical style.
POLICY = """\
package acme.pods

import palisade.k8s

# Containers must not run privileged.
rule privileged(pod: k8s.Pod) {
  meta {
    id: "ACME-PRIV"
    title: "No privileged containers"
    severity: "high"
  }
  for c in pod.spec.containers {
    let image = c.image ?? "none"
    if /* é 🎉 */ c.securityContext?.privilegd ?? false {
      violation "🎉 container `{c.name}` (é {image}) is privileged" at c.securityContext?.privileged
    }
  }
}
"""

# The same policy with the field spelt right: no diagnostics.
FIXED = POLICY.replace("privilegd", "privileged")

# The workspace marker, as in the Neovim fixture.
PALISADE_TOML = (
    "# Settings of `palisade scan` for this workspace; "
    "the language server uses the folder as its root.\n"
)


def units(text: str, encoding: str) -> int:
    """The length of `text` in the code units of a position encoding."""
    if encoding == t.PositionEncodingKind.Utf16:
        return len(text.encode("utf-16-le")) // 2
    if encoding == t.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    return len(text)


class Text:
    """A document's text, with protocol positions counted in one encoding."""

    def __init__(self, content: str, encoding: str):
        self.content = content
        self.encoding = encoding
        self.lines = content.split("\n")

    def position_of_index(self, index: int) -> t.Position:
        """The position of a string index (a code point offset)."""
        before = self.content[:index]
        line = before.count("\n")
        column = before.rsplit("\n", 1)[-1]
        return t.Position(line=line, character=units(column, self.encoding))

    def index(self, needle: str, nth: int = 0) -> int:
        """Where the `nth` occurrence of `needle` starts."""
        at = -1
        for _ in range(nth + 1):
            at = self.content.index(needle, at + 1)
        return at

    def position(self, needle: str, shift: int = 0, nth: int = 0) -> t.Position:
        """The position `shift` characters after the start of `needle`."""
        return self.position_of_index(self.index(needle, nth) + shift)

    def range(self, needle: str, nth: int = 0, length: int | None = None) -> t.Range:
        """The range that `needle` covers, or its first `length` characters."""
        start = self.index(needle, nth)
        return t.Range(
            start=self.position_of_index(start),
            end=self.position_of_index(start + (len(needle) if length is None else length)),
        )

    def ranges(self, pattern: str) -> list[t.Range]:
        """The ranges of every match of a regular expression, in order."""
        return [
            t.Range(
                start=self.position_of_index(m.start()),
                end=self.position_of_index(m.end()),
            )
            for m in re.finditer(pattern, self.content)
        ]

    def line_of(self, needle: str, nth: int = 0) -> int:
        return self.position(needle, nth=nth).line

    def offset(self, position: t.Position) -> int:
        """The string index of a position the server sent; it must be on a character boundary
        of an existing line."""
        assert position.line < len(self.lines), f"line {position.line} is past the end"
        start = sum(len(line) + 1 for line in self.lines[: position.line])
        line = self.lines[position.line]
        counted, index = 0, 0
        while counted < position.character and index < len(line):
            counted += units(line[index], self.encoding)
            index += 1
        assert counted >= position.character, f"{position} is past the end of {line!r}"
        assert counted == position.character, (
            f"{position} falls inside {line[index - 1]!r} ({self.encoding})"
        )
        return start + index

    def at(self, range_: t.Range) -> str:
        """The text a range the server sent covers."""
        return self.content[self.offset(range_.start) : self.offset(range_.end)]

    def apply(self, edits: Sequence[t.TextEdit]) -> str:
        """The text after non-overlapping edits, as an editor applies them."""
        spans = sorted(
            ((self.offset(e.range.start), self.offset(e.range.end), e.new_text) for e in edits),
            reverse=True,
        )
        content = self.content
        for start, end, new_text in spans:
            content = content[:start] + new_text + content[end:]
        return content

    def whole(self) -> t.Range:
        """The range of the whole text."""
        return t.Range(
            start=t.Position(line=0, character=0),
            end=self.position_of_index(len(self.content)),
        )


def ordered(ranges: Sequence[t.Range]) -> list[t.Range]:
    """Ranges in document order."""
    return sorted(
        ranges, key=lambda r: (r.start.line, r.start.character, r.end.line, r.end.character)
    )


@dataclass
class Document:
    """An open document as the editor holds it."""

    uri: str
    text: Text
    version: int

    @property
    def id(self) -> t.TextDocumentIdentifier:
        return t.TextDocumentIdentifier(uri=self.uri)


class EditorClient(LanguageClient):
    """pytest-lsp's client, also keeping every `publishDiagnostics` (with its version), the
    capabilities the server registered and how often it asked to refresh code lenses."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.published: list[t.PublishDiagnosticsParams] = []
        self.registrations: list[t.Registration] = []
        self.lens_refreshes = 0


@dataclass
class Session:
    """One server, initialized as one recorded editor on a fresh workspace folder."""

    client: EditorClient
    editor: str
    capabilities: t.ClientCapabilities
    result: t.InitializeResult
    root: Path
    cache: Path
    documents: dict[str, Document] = field(default_factory=dict)

    @property
    def encoding(self) -> str:
        return self.result.capabilities.position_encoding or t.PositionEncodingKind.Utf16

    def text(self, content: str) -> Text:
        return Text(content, self.encoding)

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def ask(self, method: str, params: Any) -> Any:
        """Sends a request; pytest-lsp checks the answer against the client's capabilities."""
        request = self.client.protocol.send_request_async(method, params)
        return await asyncio.wait_for(request, PATIENCE)

    def open(self, name: str, content: str | None = None) -> Document:
        """Opens a workspace file (its text on disk unless given) as the editor does."""
        if content is None:
            content = (self.root / name).read_text(encoding="utf-8")
        doc = Document(uri=self.uri(name), text=self.text(content), version=1)
        self.client.text_document_did_open(
            t.DidOpenTextDocumentParams(
                text_document=t.TextDocumentItem(
                    uri=doc.uri, language_id="palisade", version=doc.version, text=content
                )
            )
        )
        self.documents[name] = doc
        return doc

    def edit(self, doc: Document, edits: Sequence[t.TextEdit]) -> None:
        """Sends edits as incremental changes, applied in order (the protocol's rule), and
        updates the editor's copy of the text."""
        changes = []
        for edit in edits:
            changes.append(t.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text))
            doc.text = self.text(doc.text.apply([edit]))
        doc.version += 1
        self.client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
                content_changes=changes,
            )
        )

    def replace(self, doc: Document, content: str) -> None:
        """Sends a whole new text, as editors do after large changes."""
        doc.version += 1
        doc.text = self.text(content)
        self.client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
                content_changes=[t.TextDocumentContentChangeWholeDocument(text=content)],
            )
        )

    async def diagnostics(
        self,
        uri: str,
        until: Callable[[t.PublishDiagnosticsParams], bool],
    ) -> t.PublishDiagnosticsParams:
        """The newest diagnostics published for `uri` once they satisfy `until`."""

        def newest() -> t.PublishDiagnosticsParams | None:
            return next((p for p in reversed(self.client.published) if p.uri == uri), None)

        await self.eventually(
            lambda: (p := newest()) is not None and until(p), f"diagnostics of {uri}"
        )
        found = newest()
        assert found is not None
        return found

    async def eventually(self, condition: Callable[[], bool], what: str) -> None:
        """Waits until what the server sent satisfies `condition`."""
        deadline = asyncio.get_running_loop().time() + PATIENCE
        while not condition():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"never came: {what}")
            await asyncio.sleep(0.02)

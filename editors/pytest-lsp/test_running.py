"""Running from the editor, in each recorded editor that shows code lenses: the lenses of a policy
with tests, its tests run by the command behind "Run all tests in file" (the failure shown on
its assertion), and its rule evaluated against the YAML file beside it, the violation published
on the offending line of the YAML file and cleared by the edit that fixes the input (typed after
non-ASCII text on that line). Code lenses are refreshed only in editors that allow it.
"""

from __future__ import annotations

from typing import Any

import pytest
from lsprotocol import types as t
from pygls.capabilities import get_capability

from support import FIXED, Document, Session

# A policy with a rule and two tests, the second wrong on purpose.
IMAGES = """\
package acme.images

import palisade.k8s

# Images name a tag: « é 🎉 ».
rule pinned(pod: k8s.Pod) {
  meta {
    id: "ACME-TAG"
    title: "Images are pinned to a tag"
    severity: "medium"
  }
  for c in pod.spec.containers {
    if not contains(c.image ?? "", ":") {
      violation "container `{c.name}` uses an untagged image" at c.image
    }
  }
}

test "an untagged image is denied" {
  assert denies(pinned, fixture("fixtures/untagged.json"))
}

test "this one is wrong on purpose" {
  assert allows(pinned, fixture("fixtures/untagged.json"))
}
"""

UNTAGGED = """\
{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
 "spec": {"containers": [{"name": "app", "image": "nginx"}]}}
"""

# The input beside the policy; the image that the editor fixes comes after an accented letter
# and an emoji on its line.
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - {name: "wéb-🎉", image: nginx}
"""


async def run_folder(session: Session) -> None:
    """Writes the folder with the policy and its input, after fixing the workspace's other
    policy: tests and evaluations need policies without errors."""
    session.open("pods.pal", FIXED)
    await session.diagnostics(session.uri("pods.pal"), lambda p: len(p.diagnostics) == 0)
    folder = session.root / "run"
    (folder / "fixtures").mkdir(parents=True)
    (folder / "images.pal").write_text(IMAGES, encoding="utf-8")
    (folder / "fixtures" / "untagged.json").write_text(UNTAGGED, encoding="utf-8")
    (folder / "pod.yaml").write_text(POD, encoding="utf-8")


async def lenses(session: Session, doc: Document) -> list[t.CodeLens]:
    return list(
        await session.ask(t.TEXT_DOCUMENT_CODE_LENS, t.CodeLensParams(text_document=doc.id))
    )


async def command(session: Session, name: str, *arguments: Any) -> Any:
    return await session.ask(
        t.WORKSPACE_EXECUTE_COMMAND,
        t.ExecuteCommandParams(command=name, arguments=list(arguments)),
    )


def field(result: Any, name: str) -> Any:
    return result[name] if isinstance(result, dict) else getattr(result, name)


@pytest.mark.needs("text_document.code_lens")
async def test_tests_and_evaluations_run_from_code_lenses(session: Session) -> None:
    await run_folder(session)
    doc = session.open("run/images.pal")
    pod_uri = session.uri("run/pod.yaml")

    found = await lenses(session, doc)
    assert [lens.command.title for lens in found] == [
        "▷ Evaluate",
        "▶ Run all tests in file",
        "▶ Run test",
        "▶ Run test",
    ]
    evaluate, run_all, first, second = found
    assert doc.text.at(evaluate.range) == "rule pinned"
    # A test's lenses cover its keyword and name, as a rule's cover `rule` and its name.
    heads = [doc.text.at(lens.range) for lens in (run_all, first, second)]
    assert heads[0] == heads[1] and heads[0].startswith('test "')
    assert heads[2].startswith('test "this one is wrong') and heads[2].endswith('"')
    assert doc.text.lines[second.range.start.line].startswith('test "this one is wrong')
    assert evaluate.command.command == "palisade.evaluate"
    assert list(evaluate.command.arguments) == [doc.uri, "acme.images.pinned"]
    assert (run_all.command.command, list(run_all.command.arguments)) == (
        "palisade.runTests",
        [doc.uri],
    )
    assert (second.command.command, list(second.command.arguments)) == (
        "palisade.runTest",
        [doc.uri, "this one is wrong on purpose"],
    )

    # Run all tests: one passes, one fails, and the failure sits on its assertion.
    ran = await command(session, run_all.command.command, *run_all.command.arguments)
    assert field(ran, "summary") == "1 passed, 1 failed"
    summary = "palisade test: 1 passed, 1 failed"
    shown = session.client.messages
    await session.eventually(lambda: any(m.message == summary for m in shown), summary)
    assert [m.type for m in shown] == [t.MessageType.Info]
    [failure] = (await session.diagnostics(doc.uri, lambda p: len(p.diagnostics) > 0)).diagnostics
    assert failure.source == "palisade test"
    assert doc.text.at(failure.range) == 'allows(pinned, fixture("fixtures/untagged.json"))'
    assert "this one is wrong on purpose" in failure.message

    # Evaluate the rule: the pod beside the policy is denied, at its image.
    evaluated = await command(session, evaluate.command.command, *evaluate.command.arguments)
    assert field(evaluated, "title") == "✗ 1 violation(s) in pod.yaml"
    [violation] = (await session.diagnostics(pod_uri, lambda p: len(p.diagnostics) > 0)).diagnostics
    pod = session.text(POD)
    assert violation.code == "ACME-TAG"
    assert "container `wéb-🎉` uses an untagged image" in violation.message
    # A violation is shown on the whole line of the offending value.
    line = pod.line_of("nginx")
    assert violation.range == t.Range(
        start=t.Position(line=line, character=0), end=t.Position(line=line + 1, character=0)
    )
    assert [lens.command.title for lens in await lenses(session, doc)][0] == (
        "✗ 1 violation(s) in pod.yaml"
    )

    # Tag the image in the editor, after the emoji on that line: evaluated again, it passes.
    yaml = session.open("run/pod.yaml")
    where = yaml.text.position("nginx", len("nginx"))
    session.edit(yaml, [t.TextEdit(range=t.Range(start=where, end=where), new_text=":1.27")])
    assert "image: nginx:1.27}" in yaml.text.content
    await session.diagnostics(pod_uri, lambda p: len(p.diagnostics) == 0)
    assert [lens.command.title for lens in await lenses(session, doc)][0] == ("✓ passes pod.yaml")

    # The editor is asked to refresh its lenses only where it said it can.
    refresh = get_capability(session.capabilities, "workspace.code_lens.refresh_support", False)
    assert (session.client.lens_refreshes > 0) == refresh


@pytest.mark.needs("text_document.code_lens")
async def test_commands_refuse_what_they_cannot_do(session: Session) -> None:
    await run_folder(session)
    doc = session.open("run/images.pal")
    with pytest.raises(Exception, match="no test called"):
        await command(session, "palisade.runTest", doc.uri, "no such test")
    with pytest.raises(Exception, match="no command is called `palisade.nothing`"):
        await command(session, "palisade.nothing")
    # The server goes on.
    assert len(await lenses(session, doc)) == 4

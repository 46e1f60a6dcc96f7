// Unit tests of src/source.ts, the few facts the extension reads from a policy's text by
// itself (tests for the Test Explorer, rules and their controls). Bundled by scripts/build.sh
// and run with Node's test runner.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blank, packageOf, rules, tests } from "../src/source";

const policy = `package acme . pods   # the package

import palisade.k8s

/* test "in a block comment" { } */
# test "in a comment" { }
let s = "test \\"in a string\\" {"
let r = r"C:\\tools\\"

rule privileged(pod: k8s.Pod) {
  meta {
    id: "ACME-PRIV"
    title: "No { privileged } containers"
    controls: [
      "cis-k8s:5.2.2", # CIS
      "nist-800-53:AC-6",
    ]
  }
  if pod.spec.hostNetwork ?? false { violation "{pod.kind} uses the host network" at pod.spec }
}

rule plain(x: int) {
  if x > 1 { violation "big" at x }
}

test "a pod is allowed" {
  assert allows(privileged, { a: "}" })
}

test "cases" for case in [1, 2] {
  assert case > 0
}
`;

void test("blanking keeps every offset and line", () => {
  const out = blank(policy);
  assert.equal(out.length, policy.length);
  assert.deepEqual(
    [...out].map((c, i) => (c === "\n") === (policy[i] === "\n")),
    [...policy].map(() => true),
  );
  assert.ok(!out.includes("in a comment"));
  assert.ok(!out.includes("in a string"));
});

void test("a raw string ends at its first quote, backslashes and all", () => {
  const out = blank(policy);
  const line = out.split("\n").find((l) => l.startsWith("let r"));
  assert.equal(line, `let r = r"${" ".repeat("C:\\tools\\".length)}"`);
});

void test("the package is read with its segments", () => {
  assert.equal(packageOf(policy), "acme.pods");
  assert.equal(packageOf("# no package here\nlet x = 1\n"), undefined);
});

void test("tests are found with their names and lines, not in comments or strings", () => {
  const lines = policy.split("\n");
  const found = tests(policy);
  assert.deepEqual(
    found.map((t) => t.name),
    ["a pod is allowed", "cases"],
  );
  for (const t of found) {
    assert.ok(lines[t.line].startsWith(`test "${t.name}"`));
    assert.equal(lines[t.line].slice(t.start, t.end), `"${t.name}"`);
    assert.equal(lines[t.endLine], "}");
  }
});

void test("rules are found with their metadata and controls", () => {
  const found = rules(policy);
  assert.deepEqual(
    found.map((r) => [r.name, r.id, r.title, r.controls]),
    [
      ["privileged", "ACME-PRIV", "No { privileged } containers", ["cis-k8s:5.2.2", "nist-800-53:AC-6"]],
      ["plain", undefined, undefined, []],
    ],
  );
  const lines = policy.split("\n");
  assert.ok(lines[found[0].line].startsWith("rule privileged"));
  assert.equal(lines[found[0].endLine], "}");
});

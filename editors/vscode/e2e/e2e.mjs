// End-to-end test of the extension in a real VS Code: code-server (started by e2e/run.sh with
// the .vsix installed) driven in Debian's Chromium through playwright-core. It works as an
// author would, with the keyboard, the command palette, the code lenses and the panels, on a
// policy with a misspelt field, and checks: the server's code lenses appear; the Problems panel
// shows the E0301 diagnostic with its did-you-mean; hover shows a field's type; the quick fix
// applies the suggestion and the problem disappears; completion after `pod.spec.` lists the
// schema's fields; the test passes in the Test Explorer when run from its lens, from the
// extension's command (both through the server) and from the Test Explorer's own profile
// (`palisade test`); the rule's controls are listed; the workspace checks clean; the document
// formats as `palisade fmt` formats it; a failing test is shown failed, its message on the line
// of its assertion; the protocol trace is written when `palisade.trace.server` asks for it. A
// screenshot of each step goes to $E2E_SHOTS. Exits non-zero on the first failure, after a
// screenshot of what was on screen and the text of the window.

import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};
const url = env("E2E_URL");
const workspace = env("E2E_WORKSPACE");
const shots = env("E2E_SHOTS");
const palisade = env("PALISADE_BIN");
const { chromium } = createRequire(path.join(env("E2E_TOOLS"), "package.json"))("playwright-core");

const policy = path.join(workspace, "pods.pal");
const STEP_MS = 30_000;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
page.setDefaultTimeout(STEP_MS);
let count = 0;
const passed = [];

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function step(name, body) {
  count += 1;
  const file = path.join(shots, `${String(count).padStart(2, "0")}-${name}.png`);
  try {
    await body();
  } catch (error) {
    await page.screenshot({ path: file.replace(/\.png$/, "-FAILED.png") }).catch(() => {});
    const seen = await page
      .locator(".monaco-workbench")
      .innerText()
      .catch(() => "(no workbench)");
    throw new Error(`step ${count} (${name}) failed: ${error.message}\n--- what the window showed:\n${seen.slice(0, 4000)}`, {
      cause: error,
    });
  }
  await page.screenshot({ path: file });
  passed.push(name);
}

/** Runs a command from the palette, picked by its full label (or a label that starts so). */
async function command(label, { prefix = false } = {}) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${label}`);
  const pattern = new RegExp(`^${escapeRegex(label)}${prefix ? "" : "$"}`);
  const row = page
    .locator(".quick-input-list .monaco-list-row")
    .filter({ has: page.locator(".label-name", { hasText: pattern }) })
    .first();
  await row.waitFor({ state: "visible" });
  await row.click();
}

/** Puts the cursor at a 1-based line and column of the open editor. */
async function goTo(line, column) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

/** Line and column (1-based) of the first occurrence of `needle` in the policy on disk. */
function where(needle, text = readFileSync(policy, "utf8")) {
  const lines = text.split("\n");
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) {
    throw new Error(`\`${needle}\` is not in ${policy}`);
  }
  return [index + 1, lines[index].indexOf(needle) + 1];
}

async function save() {
  await command("File: Save");
  await page.locator(".tab.active.dirty").waitFor({ state: "detached" });
}

const problems = () => page.locator(".markers-panel");

/** A row of the Test Explorer by its label, and a text its accessible label has (its state). */
const explorerRow = (label, state) =>
  page.locator(`.test-explorer .monaco-list-row[aria-label*="${label}"][aria-label*="${state}"]`).first();

/** Waits until the file's row and, once expanded, the test's row are shown as passed. */
async function testPassed() {
  const file = explorerRow("pods.pal", "(Passed)");
  await file.waitFor({ state: "visible" });
  if ((await file.getAttribute("aria-expanded")) !== "true") {
    await file.click();
    await page.keyboard.press("ArrowRight");
  }
  await explorerRow("unprivileged pods are allowed", "(Passed)").waitFor({ state: "visible" });
}
const original = readFileSync(policy, "utf8");

try {
  await step("workbench", async () => {
    await page.goto(url);
    await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill("pods.pal");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "pods.pal" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-lines", { hasText: "package acme.pods" }).waitFor();
  });

  await step("code-lenses", async () => {
    await page.locator(".codelens-decoration", { hasText: "Evaluate" }).first().waitFor();
    await page.locator(".codelens-decoration", { hasText: "Run test" }).first().waitFor();
  });

  await step("diagnostics", async () => {
    await command("View: Focus Problems (Errors, Warnings, Infos)");
    const row = problems().locator(".monaco-list-row", { hasText: "privilegd" });
    await row.first().waitFor({ state: "visible", timeout: 60_000 });
    const text = await problems().innerText();
    for (const expected of ["E0301", "has no field `privilegd`", "did you mean `privileged`?"]) {
      if (!text.includes(expected)) {
        throw new Error(`the Problems panel does not show ${JSON.stringify(expected)}:\n${text}`);
      }
    }
  });

  await step("hover", async () => {
    const [line, column] = where("pod.spec.containers");
    await goTo(line, column + "pod.spec.".length + 2);
    await command("Show or Focus Hover");
    const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: "list<" }).first();
    await hover.waitFor({ state: "visible" });
    const text = await hover.innerText();
    if (!/containers/.test(text) || !/list<\s*(k8s\.)?Container\s*>/.test(text)) {
      throw new Error(`the hover does not show the field's type:\n${text}`);
    }
  });

  const fix = page.locator(".action-widget .monaco-list-row", { hasText: "privileged" }).first();
  await step("quick-fix-menu", async () => {
    const [line, column] = where("privilegd");
    await goTo(line, column + 2);
    await command("Quick Fix...");
    await fix.waitFor({ state: "visible" });
  });

  await step("quick-fix", async () => {
    await fix.click();
    await page.locator(".monaco-editor .view-lines", { hasText: "securityContext?.privileged ??" }).waitFor();
    await save();
    if (readFileSync(policy, "utf8").includes("privilegd")) {
      throw new Error("the file still has the misspelt field after the quick fix");
    }
    await command("View: Focus Problems (Errors, Warnings, Infos)");
    await problems().locator(".monaco-list-row", { hasText: "privilegd" }).first().waitFor({ state: "detached" });
  });

  await step("completion", async () => {
    const [line] = where("for c in pod.spec.containers");
    // The half-typed line is a syntax error until completed: keep the panel out of the picture.
    await command("View: Hide Panel");
    await goTo(line, 1);
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("let n = pod.spec.", { delay: 20 });
    const suggest = page.locator(".suggest-widget.visible");
    await suggest.waitFor({ state: "visible" });
    await suggest.locator(".monaco-list-row", { hasText: "containers" }).first().waitFor();
    const labels = await suggest.locator(".monaco-list-row .label-name").allInnerTexts();
    for (const field of ["containers", "hostNetwork", "securityContext"]) {
      if (!labels.some((l) => l.trim() === field)) {
        throw new Error(`completion after \`pod.spec.\` does not list \`${field}\`: ${labels.join(", ")}`);
      }
    }
  });

  await step("completion-closed", async () => {
    // Leave the file as it was: close the list and remove the line typed.
    await page.keyboard.press("Escape");
    await command("Delete Line");
    await page.locator(".monaco-editor .view-lines", { hasText: "let n = pod.spec." }).waitFor({ state: "detached" });
    await save();
  });

  // Each way of running the test starts from cleared results, so a pass is its own.
  const noResults = page.getByText("No test results yet.");
  async function clearResults() {
    await command("Testing: Focus on Test Explorer View");
    await command("Test: Clear All Results");
    await noResults.waitFor({ state: "visible" });
  }

  await step("run-test-lens", async () => {
    // The server's "Run test" lens; its result reaches the Test Explorer.
    await page.locator(".codelens-decoration a", { hasText: "Run test" }).first().click();
    await command("Testing: Focus on Test Explorer View");
    await testPassed();
  });

  await step("run-test-command", async () => {
    await clearResults();
    const [line, column] = where("assert");
    await goTo(line, column);
    await command("Palisade: Run Test at Cursor");
    await command("Testing: Focus on Test Explorer View");
    await noResults.waitFor({ state: "hidden" });
    await testPassed();
  });

  await step("run-test-explorer", async () => {
    // The Test Explorer's own run profile (`palisade test --format json`).
    await clearResults();
    await command("Test: Run All Tests");
    await command("Testing: Focus on Test Explorer View");
    await noResults.waitFor({ state: "hidden" });
    await testPassed();
  });

  await step("controls", async () => {
    const [line, column] = where("severity");
    await goTo(line, column);
    await command("Palisade: Show the Rule's Controls");
    const picker = page.locator(".quick-input-widget");
    await picker.locator(".quick-input-title", { hasText: "ACME-PRIV: No privileged containers" }).waitFor();
    const rows = await picker.locator(".monaco-list-row .label-name").allInnerTexts();
    if (rows.join(",") !== "cis-k8s:5.2.2,nist-800-53:AC-6") {
      throw new Error(`the controls listed are ${JSON.stringify(rows)}`);
    }
  });

  await step("check-workspace", async () => {
    await page.keyboard.press("Escape");
    await command("Palisade: Check Workspace");
    await page.locator(".notifications-toasts", { hasText: "palisade check: no problems" }).waitFor();
  });

  await step("format", async () => {
    await goTo(1, 1);
    const before = readFileSync(policy, "utf8");
    const expected = execFileSync(palisade, ["fmt", "-"], { input: before, encoding: "utf8" });
    if (expected === before) {
      throw new Error("the fixture is already formatted: the step would prove nothing");
    }
    await command("Palisade: Format Document");
    // Formatting edits the document (the tab shows it unsaved); saved, it is what `palisade fmt` makes.
    await page.locator(".tab.active.dirty").waitFor({ state: "visible" });
    await save();
    const after = readFileSync(policy, "utf8");
    if (after !== expected) {
      throw new Error(`the formatted document differs from \`palisade fmt\`:\n${after}\n--- expected:\n${expected}`);
    }
  });

  await step("failure-at-assert", async () => {
    // A test that fails on purpose, in another file: the Test Explorer's run shows the failure
    // on the line of its assertion.
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill("wrong_test.pal");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "wrong_test.pal" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "wrong_test.pal" }).waitFor();
    await command("Test: Run Tests in Current File");
    // VS Code shows the message in a content widget at the end of the failed line.
    const message = page.locator(".test-error-content-widget", { hasText: "the assertion is false" }).first();
    await message.waitFor({ state: "visible" });
    const assertion = page.locator(".monaco-editor .view-line", { hasText: "assert allows(pods.privileged, pod)" });
    // The two are measured together until they agree or 5 s pass: code lenses and the
    // widget itself render asynchronously and move the lines while the editor settles.
    const aligned = (at, line) =>
      at && line && Math.abs(at.y + at.height / 2 - (line.y + line.height / 2)) <= line.height / 2;
    let [at, line] = [null, null];
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await page.waitForTimeout(100)) {
      [at, line] = [await message.boundingBox(), await assertion.boundingBox()];
      if (aligned(at, line)) {
        break;
      }
    }
    if (!aligned(at, line)) {
      throw new Error(`the failure is not shown on the assertion's line (${JSON.stringify({ at, line })})`);
    }
    await explorerRow("wrong_test.pal", "(Failed)").waitFor({ state: "visible" });
  });

  await step("trace", async () => {
    // `palisade.trace.server` (set in the workspace) alone turns the protocol trace on.
    const logs = env("E2E_LOGS");
    const traced = () =>
      readdirSync(logs, { recursive: true })
        .filter((f) => String(f).includes("Palisade Language Server Trace"))
        .some((f) => readFileSync(path.join(logs, String(f)), "utf8").includes("Sending request 'textDocument/hover"));
    for (let waited = 0; !traced(); waited += 100) {
      if (waited > STEP_MS) {
        throw new Error(`no protocol trace in ${logs}`);
      }
      await page.waitForTimeout(100);
    }
  });
} catch (error) {
  console.error(error.message);
  console.error(`steps passed: ${passed.join(", ") || "none"}; screenshots in ${shots}`);
  await browser.close();
  process.exit(1);
}
await browser.close();
if (readFileSync(policy, "utf8") === original) {
  console.error("the policy was never changed: the steps did not reach the editor");
  process.exit(1);
}
console.log(`vscode e2e: ${passed.length} steps passed (${passed.join(", ")})`);

// The Test Explorer: one item per `.pal` file with tests, one child per `test` item (and, once
// run, per case of a table-driven test). The run profile runs `palisade test --format json` in
// the file's run folder and reports each result, a failure at its assertion with the values it
// compared. Runs started through the server's commands (the "Run test" lenses and the
// extension's run commands) are reported here as well, from the command's answer.

import { spawn } from "node:child_process";
import * as path from "node:path";
import * as vscode from "vscode";
import { resolveServer, runFolder, serverEnv, testExtraArgs } from "./config";
import { packageOf, tests } from "./source";

/** One result of `palisade test --format json` (cli/src/test/report.rs). */
interface JsonTest {
  package: string;
  name: string;
  case?: string;
  status: "pass" | "fail" | "error";
  duration_ms: number;
  file: string;
  line: number;
  failure?: {
    message: string;
    code?: string;
    left?: unknown;
    right?: unknown;
    violations?: { message?: string; path?: string }[];
    line: number;
    column: number;
  };
}

/** The answer of the server's `palisade.runTest` / `palisade.runTests` commands. */
interface ServerRun {
  summary: string;
  results: { test: string; case?: string; status: "pass" | "fail" | "error"; message?: string }[];
}

interface TestData {
  uri: vscode.Uri;
  name: string;
  package: string | undefined;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export class TestExplorer implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly data = new WeakMap<vscode.TestItem, TestData>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.OutputChannel) {
    this.controller = vscode.tests.createTestController("palisade", "Palisade");
    this.controller.resolveHandler = async (item) => {
      if (!item) {
        await this.discoverWorkspace();
      }
    };
    this.controller.refreshHandler = () => this.discoverWorkspace();
    this.controller.createRunProfile(
      "Run with palisade test",
      vscode.TestRunProfileKind.Run,
      (request, token) => this.runWithCli(request, token),
      true,
    );
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.pal");
    this.disposables.push(
      this.controller,
      watcher,
      watcher.onDidCreate((uri) => this.readAndUpdate(uri)),
      watcher.onDidChange((uri) => this.readAndUpdate(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidOpenTextDocument((d) => this.updateFromDocument(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.updateFromDocument(e.document)),
    );
    vscode.workspace.textDocuments.forEach((d) => this.updateFromDocument(d));
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  private async discoverWorkspace(): Promise<void> {
    const files = await vscode.workspace.findFiles("**/*.pal", "**/{node_modules,target,.git}/**");
    await Promise.all(files.map((uri) => this.readAndUpdate(uri)));
  }

  private async readAndUpdate(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      this.update(uri, open.getText());
      return;
    }
    try {
      this.update(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.controller.items.delete(uri.toString());
    }
  }

  private updateFromDocument(document: vscode.TextDocument): void {
    if (document.languageId === "palisade" && document.uri.scheme === "file") {
      this.update(document.uri, document.getText());
    }
  }

  /** Replaces the items of one file by the tests its text has now. */
  update(uri: vscode.Uri, text: string): void {
    const heads = tests(text);
    const id = uri.toString();
    if (heads.length === 0) {
      this.controller.items.delete(id);
      return;
    }
    let file = this.controller.items.get(id);
    if (!file) {
      file = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri), uri);
      this.controller.items.add(file);
    }
    const pkg = packageOf(text);
    const children: vscode.TestItem[] = [];
    for (const head of heads) {
      const childId = `${id}#${head.name}`;
      const child = file.children.get(childId) ?? this.controller.createTestItem(childId, head.name, uri);
      child.range = new vscode.Range(head.line, 0, head.endLine, 0);
      this.data.set(child, { uri, name: head.name, package: pkg });
      children.push(child);
    }
    file.children.replace(children);
  }

  /** The test item of a test in a file, if listed. */
  item(uri: vscode.Uri, name: string): vscode.TestItem | undefined {
    return this.controller.items.get(uri.toString())?.children.get(`${uri.toString()}#${name}`);
  }

  /** The test items a request selects: every test of a selected file, minus the excluded. */
  private leaves(request: vscode.TestRunRequest): vscode.TestItem[] {
    const roots: vscode.TestItem[] = [];
    if (request.include) {
      roots.push(...request.include);
    } else {
      this.controller.items.forEach((i) => roots.push(i));
    }
    const excluded = new Set(request.exclude?.map((i) => i.id) ?? []);
    const out: vscode.TestItem[] = [];
    const visit = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) {
        return;
      }
      if (this.data.has(item)) {
        out.push(item);
      } else if (item.parent && this.data.has(item.parent)) {
        out.push(item.parent);
      } else {
        item.children.forEach(visit);
      }
    };
    roots.forEach(visit);
    return [...new Set(out)];
  }

  /** A case's item under its test, created on first sight. */
  private caseItem(test: vscode.TestItem, name: string): vscode.TestItem {
    const id = `${test.id}#${name}`;
    let item = test.children.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, `case ${name}`, test.uri);
      item.range = test.range;
      test.children.add(item);
    }
    return item;
  }

  private async runWithCli(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const selected = this.leaves(request);
    const byFolder = new Map<string, vscode.TestItem[]>();
    for (const item of selected) {
      const data = this.data.get(item);
      if (!data) {
        continue;
      }
      run.started(item);
      const folder = runFolder(data.uri);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), item]);
    }
    try {
      for (const [folder, items] of byFolder) {
        if (token.isCancellationRequested) {
          items.forEach((i) => run.skipped(i));
          continue;
        }
        await this.runFolder(run, folder, items, token);
      }
    } finally {
      run.end();
    }
  }

  private async runFolder(
    run: vscode.TestRun,
    folder: string,
    items: vscode.TestItem[],
    token: vscode.CancellationToken,
  ): Promise<void> {
    const binary = resolveServer();
    const fail = (message: string) =>
      items.forEach((i) => run.errored(i, new vscode.TestMessage(message)));
    if (!binary) {
      fail("`palisade` was not found: set `palisade.server.path`");
      return;
    }
    const names = items.map((i) => {
      const d = this.data.get(i);
      return escapeRegex(`${d?.package ?? ""} ${d?.name ?? ""}`);
    });
    const args = ["test", "--format", "json", "--run", `^(?:${names.join("|")})$`, ...testExtraArgs(), "."];
    this.output.appendLine(`[tests] ${folder}$ ${binary} ${args.join(" ")}`);
    const { stdout, stderr, code } = await execute(binary, args, folder, token);
    let report: { tests: JsonTest[] };
    try {
      report = JSON.parse(stdout) as { tests: JsonTest[] };
    } catch {
      const why = stderr.trim() || `palisade test exited with ${code}`;
      this.output.appendLine(why);
      fail(why);
      return;
    }
    const seen = new Set<vscode.TestItem>();
    const failedParents = new Set<vscode.TestItem>();
    for (const result of report.tests) {
      const file = vscode.Uri.file(path.resolve(folder, result.file));
      const test = this.item(file, result.name);
      if (!test) {
        continue;
      }
      seen.add(test);
      const target = result.case === undefined ? test : this.caseItem(test, result.case);
      const line = `${result.status.toUpperCase()} ${result.package} "${result.name}"${result.case ? ` [case ${result.case}]` : ""}`;
      run.appendOutput(`${line}\r\n`, undefined, target);
      if (result.status === "pass") {
        run.passed(target, result.duration_ms);
        continue;
      }
      if (target !== test) {
        failedParents.add(test);
      }
      const message = this.cliMessage(result, file);
      if (result.status === "fail") {
        run.failed(target, message, result.duration_ms);
      } else {
        run.errored(target, message, result.duration_ms);
      }
    }
    for (const item of items) {
      if (!seen.has(item)) {
        run.skipped(item);
      } else if (item.children.size > 0) {
        if (failedParents.has(item)) {
          run.failed(item, new vscode.TestMessage("a case failed"));
        } else {
          run.passed(item);
        }
      }
    }
  }

  private cliMessage(result: JsonTest, file: vscode.Uri): vscode.TestMessage {
    const f = result.failure;
    let text = f?.message ?? result.status;
    if (f?.violations) {
      const listed = f.violations.map((v) => `  ${v.message ?? ""} (at ${v.path || "the document root"})`);
      text += listed.length ? `\nthe rule reported:\n${listed.join("\n")}` : "\nthe rule reported no violation";
    }
    const message =
      f && f.left !== undefined && f.right !== undefined
        ? vscode.TestMessage.diff(text, pretty(f.right), pretty(f.left))
        : new vscode.TestMessage(text);
    if (f) {
      message.location = new vscode.Location(file, new vscode.Position(f.line - 1, f.column - 1));
    }
    return message;
  }

  /**
   * Reports a run of the server's `palisade.runTest` / `palisade.runTests` command. Failures are
   * placed at the diagnostic the server publishes on the assertion, when it arrives in time.
   */
  async reportServerRun(args: unknown[], answer: unknown): Promise<void> {
    const uriText = typeof args[0] === "string" ? args[0] : undefined;
    const result = answer as ServerRun | undefined;
    if (!uriText || !result || !Array.isArray(result.results)) {
      return;
    }
    const uri = vscode.Uri.parse(uriText);
    await this.readAndUpdate(uri);
    const items = [...new Set(result.results.map((r) => this.item(uri, r.test)))].filter(
      (i): i is vscode.TestItem => i !== undefined,
    );
    if (items.length === 0) {
      return;
    }
    const run = this.controller.createTestRun(new vscode.TestRunRequest(items), "palisade lsp", false);
    const failedParents = new Set<vscode.TestItem>();
    for (const r of result.results) {
      const test = this.item(uri, r.test);
      if (!test) {
        continue;
      }
      const target = r.case === undefined ? test : this.caseItem(test, r.case);
      if (r.status === "pass") {
        run.passed(target);
        continue;
      }
      if (target !== test) {
        failedParents.add(test);
      }
      const message = new vscode.TestMessage(r.message ?? r.status);
      message.location = await this.assertionLocation(uri, r.test, test);
      if (r.status === "fail") {
        run.failed(target, message);
      } else {
        run.errored(target, message);
      }
    }
    for (const item of items) {
      if (item.children.size > 0) {
        if (failedParents.has(item)) {
          run.failed(item, new vscode.TestMessage("a case failed"));
        } else {
          run.passed(item);
        }
      }
    }
    run.end();
  }

  private async assertionLocation(uri: vscode.Uri, name: string, test: vscode.TestItem): Promise<vscode.Location> {
    const find = () =>
      vscode.languages
        .getDiagnostics(uri)
        .find((d) => d.source === "palisade test" && d.message.startsWith(`test \`${name}\``));
    let found = find();
    if (!found) {
      found = await new Promise<vscode.Diagnostic | undefined>((resolve) => {
        const timer = setTimeout(() => {
          listener.dispose();
          resolve(undefined);
        }, 2000);
        const listener = vscode.languages.onDidChangeDiagnostics(() => {
          const d = find();
          if (d) {
            clearTimeout(timer);
            listener.dispose();
            resolve(d);
          }
        });
      });
    }
    return new vscode.Location(uri, found?.range ?? test.range ?? new vscode.Range(0, 0, 0, 0));
  }
}

/** Runs a process to completion, killing it on cancellation. */
export function execute(
  binary: string,
  args: string[],
  cwd: string,
  token?: vscode.CancellationToken,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd, env: serverEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const cancel = token?.onCancellationRequested(() => child.kill());
    child.on("error", (e) => {
      cancel?.dispose();
      resolve({ stdout, stderr: `${stderr}${e.message}`, code: null });
    });
    child.on("close", (code) => {
      cancel?.dispose();
      resolve({ stdout, stderr, code });
    });
  });
}

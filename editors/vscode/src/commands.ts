// The extension's own commands: run the tests of a file or the one at the cursor (through the
// server's `palisade.runTests` / `palisade.runTest`), check the workspace with `palisade check`,
// format, and show the controls a rule maps to, from its `meta { controls: [...] }`.

import * as vscode from "vscode";
import { resolveServer, runFolder, schemaArgs } from "./config";
import { rules, tests } from "./source";
import { execute } from "./testing";
import type { Server } from "./client";

/** The active editor, if it shows a Palisade file; otherwise says why not. */
function palisadeEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "palisade") {
    void vscode.window.showWarningMessage("Palisade: open a .pal file first.");
    return undefined;
  }
  return editor;
}

/** Runs a server command through vscode-languageclient, so its middleware sees the answer. */
async function serverCommand(server: Server, command: string, ...args: string[]): Promise<void> {
  if (!server.running) {
    void vscode.window.showErrorMessage("Palisade: the language server is not running.");
    return;
  }
  try {
    await vscode.commands.executeCommand(command, ...args);
  } catch (e) {
    void vscode.window.showErrorMessage(`Palisade: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function runTestsInFile(server: Server, uri?: vscode.Uri): Promise<void> {
  const target = uri ?? palisadeEditor()?.document.uri;
  if (target) {
    await serverCommand(server, "palisade.runTests", target.toString());
  }
}

async function runTestAtCursor(server: Server): Promise<void> {
  const editor = palisadeEditor();
  if (!editor) {
    return;
  }
  const line = editor.selection.active.line;
  const heads = tests(editor.document.getText());
  const inside = heads.find((t) => t.line <= line && line <= t.endLine);
  const above = heads.filter((t) => t.line <= line).pop();
  const test = inside ?? above;
  if (!test) {
    void vscode.window.showInformationMessage("Palisade: there is no test at the cursor.");
    return;
  }
  await serverCommand(server, "palisade.runTest", editor.document.uri.toString(), test.name);
}

interface CheckDiagnostic {
  code: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

async function checkWorkspace(output: vscode.OutputChannel): Promise<void> {
  const binary = resolveServer();
  if (!binary) {
    void vscode.window.showErrorMessage("Palisade: `palisade` was not found: set palisade.server.path.");
    return;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage("Palisade: open a folder to check.");
    return;
  }
  const found: CheckDiagnostic[] = [];
  const failures: string[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "palisade check", cancellable: true },
    async (_progress, token) => {
      for (const folder of folders) {
        const cwd = runFolder(vscode.Uri.joinPath(folder.uri, "palisade.toml"));
        const args = ["check", "--format", "json", ...schemaArgs(folder.uri), "."];
        output.appendLine(`[check] ${cwd}$ ${binary} ${args.join(" ")}`);
        const { stdout, stderr, code } = await execute(binary, args, cwd, token);
        try {
          const report = JSON.parse(stdout) as { diagnostics: CheckDiagnostic[] };
          for (const d of report.diagnostics) {
            output.appendLine(`${cwd}/${d.file}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}`);
            found.push(d);
          }
        } catch {
          failures.push(stderr.trim() || `palisade check exited with ${code}`);
          output.appendLine(stderr);
        }
      }
    },
  );
  const errors = found.filter((d) => d.severity === "error").length;
  const others = found.length - errors;
  const files = new Set(found.map((d) => d.file)).size;
  if (failures.length > 0) {
    const choice = await vscode.window.showErrorMessage(`palisade check failed: ${failures[0]}`, "Show Output");
    if (choice) {
      output.show();
    }
  } else if (found.length === 0) {
    void vscode.window.showInformationMessage("palisade check: no problems");
  } else {
    const choice = await vscode.window.showWarningMessage(
      `palisade check: ${errors} error(s), ${others} warning(s) in ${files} file(s)`,
      "Show Problems",
      "Show Output",
    );
    if (choice === "Show Problems") {
      await vscode.commands.executeCommand("workbench.actions.view.problems");
    } else if (choice === "Show Output") {
      output.show();
    }
  }
}

async function showControls(): Promise<void> {
  const editor = palisadeEditor();
  if (!editor) {
    return;
  }
  const all = rules(editor.document.getText());
  const line = editor.selection.active.line;
  let rule = all.find((r) => r.line <= line && line <= r.endLine);
  if (!rule) {
    const withControls = all.filter((r) => r.controls.length > 0);
    if (withControls.length === 0) {
      void vscode.window.showInformationMessage("Palisade: no rule of this file lists controls.");
      return;
    }
    const picked = await vscode.window.showQuickPick(
      withControls.map((r) => ({ label: r.name, description: r.id, detail: r.title, rule: r })),
      { title: "Palisade: pick a rule", placeHolder: "The rule whose controls to show" },
    );
    rule = picked?.rule;
    if (!rule) {
      return;
    }
  }
  const heading = [rule.id, rule.title].filter(Boolean).join(": ") || rule.name;
  if (rule.controls.length === 0) {
    void vscode.window.showInformationMessage(`Palisade: rule \`${rule.name}\` lists no controls.`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    rule.controls.map((c) => {
      const [framework, ...rest] = c.split(":");
      return { label: c, description: rest.length ? framework : undefined };
    }),
    { title: `Controls of ${heading}`, placeHolder: "Pick a control to copy its id" },
  );
  if (picked) {
    await vscode.env.clipboard.writeText(picked.label);
    void vscode.window.setStatusBarMessage(`Copied ${picked.label}`, 3000);
  }
}

/** Registers every command of the extension. */
export function registerCommands(server: Server, output: vscode.OutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("palisade.runTestsInFile", (uri?: vscode.Uri) =>
      runTestsInFile(server, uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand("palisade.runTestAtCursor", () => runTestAtCursor(server)),
    vscode.commands.registerCommand("palisade.checkWorkspace", () => checkWorkspace(output)),
    vscode.commands.registerCommand("palisade.formatDocument", async () => {
      if (palisadeEditor()) {
        await vscode.commands.executeCommand("editor.action.formatDocument");
      }
    }),
    vscode.commands.registerCommand("palisade.showControls", showControls),
    vscode.commands.registerCommand("palisade.restartServer", () => server.restart()),
    vscode.commands.registerCommand("palisade.showOutput", () => output.show()),
  ];
}

// The extension's settings, read in one place: where the `palisade` binary is (found on PATH
// or at a configured path, so that a missing binary is reported before anything starts it), its
// environment, and which folder the command-line runs (tests, checks) start from.

import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

/** Where the editors' documentation says how to install `palisade`. */
export const INSTALL_URL = "https://github.com/palisade-policy/palisade/blob/main/editors/README.md";

function settings(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("palisade", scope);
}

/** The `palisade.server.path` setting as written. */
export function serverSetting(): string {
  return settings().get<string>("server.path", "palisade").trim() || "palisade";
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The binary to run: a bare name is looked up on PATH, a relative path is taken from the first
 * workspace folder, `~` is the home folder. `undefined` when nothing executable is there.
 */
export function resolveServer(): string | undefined {
  const setting = serverSetting();
  const home = process.env.HOME ?? process.env.USERPROFILE ?? "";
  const expanded = setting.startsWith("~/") ? path.join(home, setting.slice(2)) : setting;
  if (!expanded.includes("/") && !expanded.includes("\\")) {
    const extensions = process.platform === "win32" ? ["", ".exe", ".cmd"] : [""];
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
      for (const ext of extensions) {
        const candidate = path.join(dir, expanded + ext);
        if (dir && isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const absolute = path.isAbsolute(expanded) || !folder ? expanded : path.join(folder, expanded);
  return isExecutable(absolute) ? absolute : undefined;
}

/** The environment for `palisade` processes: VS Code's, plus `palisade.server.extraEnv`. */
export function serverEnv(): NodeJS.ProcessEnv {
  const extra = settings().get<Record<string, string>>("server.extraEnv", {});
  return { ...process.env, ...extra };
}

/** The initialization options sent to `palisade lsp`. */
export function initializationOptions(): { diagnosticsDelayMs: number } {
  return { diagnosticsDelayMs: settings().get<number>("diagnostics.delayMs", 50) };
}

/**
 * The folder `palisade test` and `palisade check` run in for a file: with discovery `nearest`,
 * the folder of the nearest `palisade.toml` above the file that is still inside its workspace
 * folder; else (or when there is none) the workspace folder; a file outside every workspace
 * folder runs in its own folder.
 */
export function runFolder(file: vscode.Uri): string {
  const workspace = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath;
  const discovery = settings(file).get<string>("config.discovery", "nearest");
  let dir = path.dirname(file.fsPath);
  if (discovery === "nearest") {
    for (;;) {
      if (fs.existsSync(path.join(dir, "palisade.toml"))) {
        return dir;
      }
      const parent = path.dirname(dir);
      if (workspace === undefined || dir === workspace || parent === dir) {
        break;
      }
      dir = parent;
    }
  }
  return workspace ?? path.dirname(file.fsPath);
}

/** `palisade.check.schemas`, as `--schema` arguments. */
export function schemaArgs(scope?: vscode.Uri): string[] {
  return settings(scope)
    .get<string[]>("check.schemas", [])
    .flatMap((s) => ["--schema", s]);
}

/** `palisade.test.extraArgs`. */
export function testExtraArgs(scope?: vscode.Uri): string[] {
  return settings(scope).get<string[]>("test.extraArgs", []);
}

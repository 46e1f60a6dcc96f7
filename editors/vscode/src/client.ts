// The language client: starts `palisade lsp` over standard input and output for `.pal` files,
// restarts it on request or when `palisade.server.*` settings change, and reports a missing
// binary with a way to install it or to set `palisade.server.path`. The server's commands
// (`palisade.runTest`, `palisade.runTests`, `palisade.evaluate`, `palisade.stopEvaluating`)
// are registered by vscode-languageclient itself; a middleware passes test runs on to the
// Test Explorer.

import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";
import { TraceChannel } from "./trace";
import { INSTALL_URL, initializationOptions, resolveServer, serverEnv, serverSetting } from "./config";

export type TestRunListener = (args: unknown[], answer: unknown) => Promise<void>;

export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly traceOutput: TraceChannel;
  private readonly status: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly onTestRun: TestRunListener,
  ) {
    this.traceOutput = new TraceChannel("Palisade Language Server Trace");
    this.status = vscode.languages.createLanguageStatusItem("palisade.server", { language: "palisade" });
    this.status.name = "Palisade Language Server";
    this.status.command = { title: "Restart", command: "palisade.restartServer" };
    this.disposables.push(
      this.traceOutput,
      this.status,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          e.affectsConfiguration("palisade.server") ||
          e.affectsConfiguration("palisade.diagnostics")
        ) {
          void this.restart();
        }
      }),
    );
  }

  /** The running client, if the server started. */
  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  async start(): Promise<void> {
    const binary = resolveServer();
    if (!binary) {
      this.setStatus("not found", vscode.LanguageStatusSeverity.Error);
      this.output.appendLine(`palisade: \`${serverSetting()}\` was not found (setting palisade.server.path)`);
      void this.reportMissing();
      return;
    }
    const serverOptions: ServerOptions = {
      command: binary,
      args: ["lsp"],
      options: { env: serverEnv() },
    };
    const clientOptions: LanguageClientOptions = {
      // Files only: the server resolves imports and fixtures from the file's folder.
      documentSelector: [{ scheme: "file", language: "palisade" }],
      outputChannel: this.output,
      traceOutputChannel: this.traceOutput,
      initializationOptions: initializationOptions(),
      middleware: {
        executeCommand: async (command, args, next) => {
          const answer: unknown = await next(command, args);
          if (command === "palisade.runTest" || command === "palisade.runTests") {
            await this.onTestRun(args, answer);
          }
          return answer;
        },
      },
    };
    this.client = new LanguageClient("palisade", "Palisade Language Server", serverOptions, clientOptions);
    this.setStatus("starting", vscode.LanguageStatusSeverity.Information);
    this.status.busy = true;
    try {
      await this.client.start();
      const version = this.client.initializeResult?.serverInfo?.version ?? "";
      this.setStatus(`palisade ${version}`.trim(), vscode.LanguageStatusSeverity.Information);
      this.output.appendLine(`palisade: language server started (${binary})`);
    } catch (e) {
      this.setStatus("failed to start", vscode.LanguageStatusSeverity.Error);
      const message = e instanceof Error ? e.message : String(e);
      this.output.appendLine(`palisade: the language server failed to start: ${message}`);
      void vscode.window
        .showErrorMessage(`Palisade: the language server (${binary} lsp) failed to start.`, "Show Output")
        .then((choice) => choice && this.output.show());
    } finally {
      this.status.busy = false;
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch {
        // A server that died already has nothing to stop.
      }
      await client.dispose();
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  private setStatus(text: string, severity: vscode.LanguageStatusSeverity): void {
    this.status.text = text;
    this.status.severity = severity;
  }

  private async reportMissing(): Promise<void> {
    const install = "How to Install";
    const configure = "Set palisade.server.path";
    const choice = await vscode.window.showErrorMessage(
      `Palisade: the language server was not found: \`${serverSetting()}\` is not an executable ` +
        "file or a program on PATH. Install palisade (cargo install --path cli) or set palisade.server.path.",
      install,
      configure,
    );
    if (choice === install) {
      await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    } else if (choice === configure) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "palisade.server.path");
    }
  }
}

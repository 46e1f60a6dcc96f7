// The extension's entry point: creates the output channel, the Test Explorer, the language
// client and the commands, and starts `palisade lsp`. The extension holds no language logic:
// everything it knows about a policy comes from the server or from `palisade` runs.

import * as vscode from "vscode";
import { Server } from "./client";
import { registerCommands } from "./commands";
import { TestExplorer } from "./testing";

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Palisade", { log: true });
  const explorer = new TestExplorer(output);
  server = new Server(output, (args, answer) => explorer.reportServerRun(args, answer));
  context.subscriptions.push(output, explorer, server, ...registerCommands(server, output));
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}

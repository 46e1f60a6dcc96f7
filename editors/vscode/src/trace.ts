// The channel the protocol trace goes to. vscode-languageclient traces only while its trace
// channel's log level is Trace, a level that users set by hand ("Developer: Set Log Level"),
// and reads `palisade.trace.server` only for the detail. So that the setting alone turns the
// trace on and off, as in other language extensions, this channel reports the level Trace
// while `palisade.trace.server` is not `off`, and writes what it is given to a plain output
// channel.

import * as vscode from "vscode";

export class TraceChannel implements vscode.LogOutputChannel {
  private readonly channel: vscode.OutputChannel;
  private readonly changed = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly watcher: vscode.Disposable;
  readonly onDidChangeLogLevel = this.changed.event;
  readonly name: string;

  constructor(name: string) {
    this.name = name;
    this.channel = vscode.window.createOutputChannel(name);
    this.watcher = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("palisade.trace.server")) {
        this.changed.fire(this.logLevel);
      }
    });
  }

  get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration("palisade").get<string>("trace.server", "off");
    return setting === "off" ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  }

  private write(level: string, message: string | Error): void {
    const text = message instanceof Error ? (message.stack ?? message.message) : message;
    this.channel.appendLine(`${new Date().toISOString()} [${level}] ${text}`);
  }

  trace(message: string): void {
    this.write("trace", message);
  }
  debug(message: string): void {
    this.write("debug", message);
  }
  info(message: string): void {
    this.write("info", message);
  }
  warn(message: string): void {
    this.write("warning", message);
  }
  error(error: string | Error): void {
    this.write("error", error);
  }
  append(value: string): void {
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.channel.appendLine(value);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(column?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof column === "boolean") {
      this.channel.show(column);
    } else {
      this.channel.show(column, preserveFocus);
    }
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
    this.channel.dispose();
  }
}

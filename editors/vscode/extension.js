// The trackspec VS Code extension: starts `trackspec lsp` with vscode-languageclient and shows the
// server's state in the status bar. Plain JavaScript: nothing to compile before packaging.
"use strict";

const vscode = require("vscode");
const { LanguageClient, State } = require("vscode-languageclient/node");

const SECTION = "trackspec";
/** Settings forwarded to the server: the same keys as trackspec.json, and the editor-only maxDiagnostics. */
const SERVER_SETTINGS = ["include", "exclude", "iglu", "rules", "kinds", "maxDiagnostics"];

let client;
let statusItem;
let output;

/** The server's settings object (trackspec.json's shape) from the VS Code configuration. */
function serverSettings(configuration) {
  const settings = {};
  for (const key of SERVER_SETTINGS) {
    const value = configuration.get(key);
    if (value !== undefined && value !== null) settings[key] = value;
  }
  return settings;
}

/** How the client is configured: exported for the offline tests. */
function clientOptions(configuration) {
  const command = configuration.get("path") || "trackspec";
  const args = ["lsp", ...(configuration.get("serverArguments") || [])];
  const serverOptions = { run: { command, args }, debug: { command, args } };
  const options = {
    documentSelector: [
      { scheme: "file", language: "json" },
      { scheme: "file", language: "jsonc" },
      { scheme: "untitled", language: "json" },
      // snowplow-cli and rudder-cli keep their files as YAML.
      { scheme: "file", language: "yaml" },
      { scheme: "file", pattern: "**/trackspec.json" },
      // Iglu schemas in a static registry's layout have no extension (package.json makes them JSON).
      { scheme: "file", pattern: "**/schemas/*/*/*/[0-9]*-[0-9]*-[0-9]*" },
    ],
    synchronize: { configurationSection: SECTION },
    initializationOptions: serverSettings(configuration),
    outputChannel: output,
  };
  return { serverOptions, options };
}

function setStatus(text, tooltip) {
  if (!statusItem) return;
  statusItem.text = text;
  statusItem.tooltip = tooltip;
}

async function start(context) {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const { serverOptions, options } = clientOptions(configuration);
  client = new LanguageClient("trackspec", "trackspec", serverOptions, options);
  client.onDidChangeState((event) => {
    if (event.newState === State.Running) setStatus("$(check) trackspec", "trackspec language server: running");
    else if (event.newState === State.Starting) setStatus("$(sync~spin) trackspec", "trackspec language server: starting");
    else setStatus("$(error) trackspec", "trackspec language server: stopped (see the trackspec output)");
  });
  setStatus("$(sync~spin) trackspec", "trackspec language server: starting");
  try {
    await client.start();
  } catch (error) {
    setStatus("$(error) trackspec", `trackspec could not start: ${error.message}`);
    output.appendLine(`Could not start '${serverOptions.run.command} lsp': ${error.message}. Set trackspec.path to the binary.`);
  }
}

async function activate(context) {
  output = vscode.window.createOutputChannel("trackspec");
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 0);
  statusItem.command = "trackspec.showOutput";
  statusItem.show();
  context.subscriptions.push(output, statusItem);
  context.subscriptions.push(vscode.commands.registerCommand("trackspec.showOutput", () => output.show()));
  context.subscriptions.push(vscode.commands.registerCommand("trackspec.restartServer", async () => {
    if (client) await client.stop();
    await start(context);
  }));
  // A new binary path or arguments need a new server; other settings reach it through the client.
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration("trackspec.path") || event.affectsConfiguration("trackspec.serverArguments")) {
      if (client) await client.stop();
      await start(context);
    }
  }));
  await start(context);
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate, clientOptions, serverSettings };

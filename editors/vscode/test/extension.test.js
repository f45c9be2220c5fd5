// Offline tests of the extension (this machine cannot reach npm): `vscode` and `vscode-languageclient`
// are replaced by recording stubs, and the manifest is checked against what VS Code requires.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const root = path.join(__dirname, "..");

/** Loads extension.js with stubbed modules and the given settings; returns the extension and the records. */
function load(settings = {}, startError = null) {
  const record = { clients: [], commands: {}, status: null, output: [], started: 0, stopped: 0 };
  const configuration = { get: (key) => settings[key] };
  const vscode = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    workspace: {
      getConfiguration: (section) => { assert.equal(section, "trackspec"); return configuration; },
      onDidChangeConfiguration: (handler) => { record.onConfig = handler; return { dispose() {} }; },
    },
    window: {
      createOutputChannel: (name) => ({ name, appendLine: (l) => record.output.push(l), show() {}, dispose() {} }),
      createStatusBarItem: () => (record.status = { text: "", tooltip: "", show() { this.shown = true; }, dispose() {} }),
    },
    commands: { registerCommand: (name, fn) => { record.commands[name] = fn; return { dispose() {} }; } },
  };
  const State = { Stopped: 1, Running: 2, Starting: 3 };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions });
      record.clients.push(this);
    }
    onDidChangeState(handler) { this.stateHandler = handler; }
    async start() { record.started++; if (startError) throw startError; this.stateHandler({ oldState: State.Starting, newState: State.Running }); }
    async stop() { record.stopped++; }
  }
  const stubs = { vscode, "vscode-languageclient/node": { LanguageClient, State } };
  const originalLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request in stubs) return stubs[request];
    return originalLoad.apply(this, arguments);
  };
  try {
    delete require.cache[require.resolve(path.join(root, "extension.js"))];
    return { extension: require(path.join(root, "extension.js")), record };
  } finally {
    Module._load = originalLoad;
  }
}

test("activate starts `trackspec lsp` with the JSON document selector and the settings", async () => {
  const settings = { path: "/opt/trackspec/bin/trackspec", serverArguments: ["--clientProcessId", "42"],
                     rules: { "json/comment": "off" }, iglu: { cache: ["iglu"] }, kinds: { "drafts/*.json": "snowplow-scenario" } };
  const { extension, record } = load(settings);
  const subscriptions = [];
  await extension.activate({ subscriptions });
  assert.equal(record.clients.length, 1);
  const client = record.clients[0];
  assert.equal(client.id, "trackspec");
  assert.deepEqual(client.serverOptions.run, { command: "/opt/trackspec/bin/trackspec", args: ["lsp", "--clientProcessId", "42"] });
  assert.deepEqual(client.serverOptions.debug, client.serverOptions.run);
  assert.ok(client.clientOptions.documentSelector.some((s) => s.language === "json" && s.scheme === "file"));
  assert.ok(client.clientOptions.documentSelector.some((s) => s.language === "yaml" && s.scheme === "file"));
  assert.ok(client.clientOptions.documentSelector.some((s) => s.pattern === "**/trackspec.json"));
  assert.equal(client.clientOptions.synchronize.configurationSection, "trackspec");
  assert.deepEqual(client.clientOptions.initializationOptions, { iglu: { cache: ["iglu"] }, rules: { "json/comment": "off" }, kinds: { "drafts/*.json": "snowplow-scenario" } });
  assert.equal(record.started, 1);
  assert.equal(record.status.text, "$(check) trackspec");
  assert.ok(record.status.shown);
  assert.ok(subscriptions.length >= 4, "output channel, status item, commands and the configuration listener are disposed with the extension");
});

test("defaults: `trackspec` on PATH, no settings forwarded", async () => {
  const { extension, record } = load({});
  await extension.activate({ subscriptions: [] });
  assert.deepEqual(record.clients[0].serverOptions.run, { command: "trackspec", args: ["lsp"] });
  assert.deepEqual(record.clients[0].clientOptions.initializationOptions, {});
});

test("a server that cannot start is reported in the status item and the output channel", async () => {
  const { extension, record } = load({ path: "/missing/trackspec" }, new Error("spawn /missing/trackspec ENOENT"));
  await extension.activate({ subscriptions: [] });
  assert.equal(record.status.text, "$(error) trackspec");
  assert.match(record.output.join("\n"), /Could not start '\/missing\/trackspec lsp'.*trackspec\.path/);
});

test("restart and a new binary path start a new server", async () => {
  const { extension, record } = load({ path: "trackspec" });
  await extension.activate({ subscriptions: [] });
  await record.commands["trackspec.restartServer"]();
  assert.equal(record.stopped, 1);
  assert.equal(record.clients.length, 2);
  await record.onConfig({ affectsConfiguration: (key) => key === "trackspec.path" });
  assert.equal(record.clients.length, 3);
  await record.onConfig({ affectsConfiguration: () => false });
  assert.equal(record.clients.length, 3, "other settings go to the running server");
});

test("the manifest has what VS Code requires, and every setting and command is real", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  for (const field of ["name", "publisher", "version", "engines", "main", "displayName", "description"]) assert.ok(manifest[field], field);
  assert.match(manifest.name, /^[a-z0-9][a-z0-9-]*$/);
  assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  assert.match(manifest.engines.vscode, /^\^\d+\.\d+\.\d+$/);
  assert.ok(fs.existsSync(path.join(root, manifest.main)), "main exists");
  assert.ok(manifest.activationEvents.includes("onLanguage:json"));
  assert.ok(manifest.activationEvents.includes("onLanguage:yaml"));
  assert.ok(manifest.activationEvents.includes("workspaceContains:**/trackspec.json"));
  assert.ok(manifest.dependencies["vscode-languageclient"]);
  const properties = manifest.contributes.configuration.properties;
  for (const [key, spec] of Object.entries(properties)) {
    assert.ok(key.startsWith("trackspec."), key);
    assert.ok(spec.type && spec.description, `${key} needs a type and a description`);
  }
  // Every trackspec.json key the server reads has a setting (trackspec.json's keys, see the README).
  for (const key of ["include", "exclude", "iglu.cache", "iglu.resolver", "iglu.latestAcrossModels", "rules", "kinds", "naming", "maxDiagnostics"]) {
    assert.ok(properties[`trackspec.${key}`], `trackspec.${key}`);
  }
  assert.ok(properties["trackspec.path"], "a setting for the binary path");
  const { extension, record } = load({});
  return extension.activate({ subscriptions: [] }).then(() => {
    for (const command of manifest.contributes.commands) assert.ok(record.commands[command.command], command.command);
  });
});

import Dispatch
import Foundation
import JSONSyntax
import TrackingPlans

extension LanguageServer {
    func initialize(_ params: JSONValue?) -> JSONValue {
        let capabilities = params?["capabilities"]
        let offered = capabilities?["general"]?["positionEncodings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        // UTF-8 saves a conversion per position; UTF-16 is the mandatory default.
        encoding = offered.contains("utf-8") ? .utf8 : .utf16
        pullDiagnostics = capabilities?["textDocument"]?["diagnostic"] != nil
        supportsDiagnosticRefresh = capabilities?["workspace"]?["diagnostics"]?["refreshSupport"]?.boolValue ?? false
        relatedInformation = capabilities?["textDocument"]?["publishDiagnostics"]?["relatedInformation"]?.boolValue ?? pullDiagnostics
        let formats = capabilities?["textDocument"]?["hover"]?["contentFormat"]?.arrayValue?.compactMap(\.stringValue)
        hoverMarkdown = formats.map { $0.contains("markdown") } ?? true
        supportsConfigurationRequest = capabilities?["workspace"]?["configuration"]?.boolValue ?? false
        supportsWatchedFilesRegistration = capabilities?["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.boolValue ?? false
        supportsRelativePatterns = capabilities?["workspace"]?["didChangeWatchedFiles"]?["relativePatternSupport"]?.boolValue ?? false
        clientName = params?["clientInfo"]?["name"]?.stringValue
        let workspaceEdit = capabilities?["workspace"]?["workspaceEdit"]
        supportsDocumentChanges = workspaceEdit?["documentChanges"]?.boolValue == true
        supportsFileRenames = supportsDocumentChanges
            && workspaceEdit?["resourceOperations"]?.arrayValue?.contains(.string("rename")) == true

        if let folders = params?["workspaceFolders"]?.arrayValue {
            workspaceRoots = folders.compactMap { $0["uri"]?.stringValue.flatMap(DocumentURI.path) }
        }
        if workspaceRoots.isEmpty, let root = params?["rootUri"]?.stringValue.flatMap(DocumentURI.path) { workspaceRoots = [root] }
        if workspaceRoots.isEmpty, let root = params?["rootPath"]?.stringValue { workspaceRoots = [root] }
        if let options = params?["initializationOptions"], case .object = options { clientSettings = options }

        if let pid = params?["processId"]?.numberValue?.intValue.map(Int32.init(truncatingIfNeeded:)) ?? options.clientProcessID {
            watchClientProcess(pid)
        }
        reloadConfiguration()

        var serverCapabilities = JSONObject([
            ("positionEncoding", .string(encoding.rawValue)),
            ("textDocumentSync", ["openClose": true, "change": 2, "save": ["includeText": false]]),
            ("workspace", ["workspaceFolders": ["supported": true, "changeNotifications": true]]),
            ("hoverProvider", true),
            ("definitionProvider", true),
            ("referencesProvider", true),
            ("documentHighlightProvider", true),
            ("renameProvider", ["prepareProvider": true]),
            ("workspaceSymbolProvider", true),
            ("codeLensProvider", ["resolveProvider": true]),
            ("executeCommandProvider", ["commands": ["trackspec.showReferences"]]),
            ("documentLinkProvider", ["resolveProvider": false]),
            ("documentSymbolProvider", true),
            ("foldingRangeProvider", true),
            ("selectionRangeProvider", true),
            ("documentFormattingProvider", true),
            ("documentRangeFormattingProvider", true),
            ("completionProvider", ["triggerCharacters": ["\"", ":", "/"], "resolveProvider": false]),
            ("codeActionProvider", ["codeActionKinds": ["quickfix"]]),
        ])
        if pullDiagnostics {
            serverCapabilities["diagnosticProvider"] = ["identifier": "trackspec", "interFileDependencies": true, "workspaceDiagnostics": true]
        }
        return ["capabilities": .object(serverCapabilities), "serverInfo": ["name": "trackspec", "version": .string(serverVersion)]]
    }

    func initialized() {
        registerWatchers()
        watchFilesIfNeeded()
        fetchClientConfiguration()
    }

    /// The server watches the workspace itself (`FileWatcher`) when the client cannot watch for it (no dynamic
    /// registration: Neovim 0.7) or does not say who it is (Eglot 1.9, whose watcher drops renamed files, and
    /// `sed -i` renames); the client setting `serverFileWatching` (true/false) decides otherwise. Changes then
    /// go where a client's `workspace/didChangeWatchedFiles` goes.
    func watchFilesIfNeeded() {
        let wanted: Bool
        if case .bool(let setting)? = clientSettings?["serverFileWatching"] {
            wanted = setting
        } else {
            wanted = !supportsWatchedFilesRegistration || clientName == nil
        }
        guard wanted, fileWatcher == nil, !workspaceRoots.isEmpty else { return }
        let roots = Array(Set(workspaceRoots + igluCacheFolders())).sorted()
        let queue = self.queue
        fileWatcher = FileWatcher.start(roots: roots, log: { [weak self] message in
            queue.async { [weak self] in self?.log(message) }
        }) { [weak self] paths in
            queue.async { [weak self] in
                guard let self, !self.exited else { return }
                self.didChangeWatchedFiles(["changes": .array(paths.map { ["uri": .string(DocumentURI.uri($0)), "type": 2] })])
            }
        }
    }

    /// Registers file watchers (where the client offers dynamic registration) for the workspace's tracking
    /// files and every Iglu cache folder (cached schemas have no extension): a schema pulled or copied into the
    /// cache clears its "not in the local Iglu cache" at once. When the configuration names other cache
    /// folders, the registration is replaced, so the new folders are watched and the old ones no longer.
    func registerWatchers() {
        guard supportsWatchedFilesRegistration else { return }
        let folders = igluCacheFolders()
        guard folders != watchedCacheFolders else { return }
        let id = "trackspec-watched-files"
        let method = "workspace/didChangeWatchedFiles"
        if watchedCacheFolders != nil {
            // LSP spells the list `unregisterations`.
            request("client/unregisterCapability", ["unregisterations": [["id": .string(id), "method": .string(method)]]]) { _, error in
                if let error { self.log("file watching not unregistered: \(JSONWriter().string(error))") }
            }
        }
        watchedCacheFolders = folders
        // The default include: JSON and YAML, and Iglu schemas in a static registry's layout (no extension).
        var list: [JSONValue] = Configuration.defaultInclude.map { ["globPattern": .string($0)] }
        for folder in folders {
            let pattern: JSONValue = supportsRelativePatterns
                ? ["baseUri": .string(DocumentURI.uri(folder)), "pattern": "**/*"]
                : .string((folder.hasSuffix("/") ? folder : folder + "/") + "**/*")
            list.append(["globPattern": pattern])
        }
        let registration: JSONValue = ["id": .string(id), "method": .string(method), "registerOptions": ["watchers": .array(list)]]
        request("client/registerCapability", ["registrations": [registration]]) { _, error in
            if let error { self.log("file watching not registered: \(JSONWriter().string(error))") }
        }
    }

    /// Asks the client for the `trackspec` settings section, then re-analyses with them.
    func fetchClientConfiguration() {
        guard supportsConfigurationRequest else { return }
        let scope: JSONValue = workspaceRoots.first.map { ["scopeUri": .string(DocumentURI.uri($0)), "section": "trackspec"] } ?? ["section": "trackspec"]
        request("workspace/configuration", ["items": [scope]]) { result, _ in
            guard let settings = result?.arrayValue?.first, case .object = settings else { return }
            self.clientSettings = settings
            self.reloadConfiguration()
            self.reanalyzeAll()
        }
    }

    func didChangeConfiguration(_ params: JSONValue?) {
        if let settings = params?["settings"]?["trackspec"], case .object = settings {
            clientSettings = settings
            reloadConfiguration()
            reanalyzeAll()
        } else {
            fetchClientConfiguration()
        }
    }

    func didChangeWorkspaceFolders(_ params: JSONValue?) {
        let added = params?["event"]?["added"]?.arrayValue?.compactMap { $0["uri"]?.stringValue.flatMap(DocumentURI.path) } ?? []
        let removed = Set(params?["event"]?["removed"]?.arrayValue?.compactMap { $0["uri"]?.stringValue.flatMap(DocumentURI.path) } ?? [])
        workspaceRoots = workspaceRoots.filter { !removed.contains($0) } + added
        reloadConfiguration()
        reanalyzeAll()
    }

    /// trackspec.json of the first workspace folder (found upwards, as `check` does), then the client's
    /// settings on top of it.
    func reloadConfiguration() {
        let root = workspaceRoots.first ?? FileManager.default.currentDirectoryPath
        do {
            let (config, path, diagnostics) = try Configuration.load(from: root)
            fileConfiguration = config
            configurationFile = path
            if let path, diagnostics.contains(where: { $0.severity == .error }) {
                log("\(path) has errors; see its diagnostics")
            }
        } catch {
            log("cannot read configuration: \(error.localizedDescription)")
            fileConfiguration = Configuration(root: root)
        }
        workspace = Workspace(roots: workspaceRoots, configuration: fileConfiguration, configurationFile: configurationFile,
                              clientSettings: clientSettings, log: { message in FileHandle.standardError.write(Data("trackspec lsp: \(message)\n".utf8)) })
        configuration = workspace.configuration
        // After `initialized` only: the first registration waits for the client to be ready for requests.
        if watchedCacheFolders != nil { registerWatchers() }
    }

    public func watchClientProcessFromCommandLine(_ pid: Int32) {
        queue.async { self.watchClientProcess(pid) }
    }

    /// LSP asks servers to exit when the client process dies, even without a word on stdin.
    func watchClientProcess(_ pid: Int32) {
        guard pid > 0, processWatcher == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            if kill(pid, 0) != 0 && errno == ESRCH {
                self.log("client process \(pid) is gone; exiting")
                self.exit(1)
            }
        }
        timer.resume()
        processWatcher = timer
    }
}

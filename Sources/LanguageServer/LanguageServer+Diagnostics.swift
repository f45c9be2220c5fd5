import Dispatch
import Foundation
import JSONSyntax
import TrackingPlans

/// A file's text as the server sees it: the editor buffer when open, else the disk.
struct Snapshot: Sendable {
    var uri: String
    var path: String
    var version: Int?
    var bytes: [UInt8]
}

extension LanguageServer {
    func snapshot(_ uri: String) -> Snapshot? {
        let path = DocumentURI.path(uri) ?? uri
        if let doc = documents[uri] { return Snapshot(uri: uri, path: path, version: doc.version, bytes: doc.bytes) }
        // Read as `check` reads: size first, regular files only, the same limit.
        guard DocumentURI.path(uri) != nil, let bytes = try? FileReading.read(path) else { return nil }
        return Snapshot(uri: uri, path: path, version: nil, bytes: bytes)
    }

    /// Work off the server queue against the workspace's facts: the analyzer and roots of now, the workspace
    /// scanned first, and a stamp that orders this snapshot's facts after every earlier one.
    func onAnalysisQueue(for path: String? = nil, excluding excluded: String? = nil,
                         _ work: @escaping @Sendable (_ analyzer: Analyzer, _ roots: [String], _ facts: WorkspaceFacts, _ stamp: Int) -> Void) {
        let project = path.map { self.workspace.project(for: $0) } ?? workspace.rootProject
        let analyzer = workspace.analyzer(for: project)
        let roots = project.roots
        let facts = project.facts
        let path = excluded
        factsStamp += 1
        let stamp = factsStamp
        analysisQueue.async {
            work(facts.prepared(analyzer, roots: roots, excluding: path), roots, facts, stamp)
        }
    }

    /// Analysis off the server queue; the result comes back to `completion` on the server queue.
    func analyze(_ snapshot: Snapshot, completion: @escaping @Sendable (FileAnalysis) -> Void) {
        let parsedDocuments = self.parsedDocuments
        let budget = self.budget(for: snapshot)
        onAnalysisQueue(for: snapshot.path, excluding: snapshot.path) { analyzer, _, facts, stamp in
            let own = analyzer.analyze(path: snapshot.path, bytes: snapshot.bytes, budget: budget(analyzer.configuration))
            parsedDocuments.store(snapshot.uri, version: snapshot.version, tree: own.tree, lines: own.lineIndex)
            let changed = facts.updateReturningReaders(snapshot.path, own.facts, stamp: stamp)
            // The hygiene family reads every name of the workspace (a convention's majority, a duplicate's other
            // spelling): with it on, a change of this file's facts may change any open file's findings.
            let hygiene = analyzer.hygieneEnabled
            let readers = hygiene && changed != nil ? [WorkspaceFacts.everyFile] : changed
            let others = hygiene ? facts.others(excluding: snapshot.path) : facts.relevant(to: own.facts, excluding: snapshot.path)
            let analysis = analyzer.crossFile([own], others: others)[0]
            self.queue.async {
                completion(analysis)
                // A name clash involves two files: the others' diagnostics change with this one's facts — those
                // that read what changed, not every open file. Coalesced: opening 10,000 files must not re-analyse
                // every open file once per file.
                if let readers { self.scheduleCrossFileRefresh(readers) }
            }
        }
    }

    /// At most this many diagnostics of one file go to the editor (the client setting `maxDiagnostics`, default
    /// 1,000), then one saying how many more there are: a 50 MB document with 264,020 problems took 49.5 s to its
    /// first publication and 31 s per keystroke, converting and sending them all. `check` lists every one.
    var maxDiagnostics: Int {
        if case .number(let n)? = clientSettings?["maxDiagnostics"], let value = n.intValue, value >= 1 { return value }
        return 1_000
    }

    /// The budget an analysis of `snapshot` gets (made on the analysis queue, where the project's configuration
    /// is known): `maxDiagnostics` of the findings the editor would be shown.
    func budget(for snapshot: Snapshot) -> @Sendable (Configuration) -> DiagnosticBudget {
        let cap = maxDiagnostics
        let jsonc = documents[snapshot.uri]?.languageId == "jsonc" || snapshot.path.hasSuffix(".jsonc")
        return { configuration in
            DiagnosticBudget(limit: cap, configuration: configuration, shown: { !jsonc || !Workspace.allowedInJSONC.contains($0) })
        }
    }

    func lspDiagnostics(_ analysis: FileAnalysis) -> [JSONValue] {
        // Other files' line indexes, built once per publication however many diagnostics point into them.
        var otherIndexes: [String: LineIndex?] = [:]
        var shown = shownDiagnostics(analysis)
        let cap = maxDiagnostics
        // Past the cap: those built beyond it (trimmed here, after sorting) and those the analysis's budget only
        // counted. A file the editor is shown nothing of gets no count either.
        let shownAtAll = workspace.showsDiagnostics(of: analysis)
        let built = max(shown.count - cap, 0)
        let more = built + (shownAtAll ? analysis.omitted.count : 0)
        if more > 0 {
            let errors = shown.dropFirst(cap).filter { $0.severity == .error }.count + (shownAtAll ? analysis.omitted.errors : 0)
            shown = Array(shown.prefix(cap))
            shown.append(Diagnostic(rule: FileRule.diagnosticsCapped, range: 0..<0,
                                    message: "\(more) more problem\(more == 1 ? "" : "s") in this file (\(errors) error\(errors == 1 ? "" : "s")) not shown: the editor shows the first \(cap) (setting maxDiagnostics); `trackspec check` lists them all"))
        }
        return shown.map { lspDiagnostic($0, in: analysis, otherIndexes: &otherIndexes) }
    }

    /// What the server shows of an analysis. Editors start the server for every JSON file (`tsconfig.json`,
    /// `package.json`…): a file that is neither a tracking file nor included by a `trackspec.json` (or the
    /// client's `include` setting) gets nothing. JSON-with-comments documents (`jsonc`, `*.jsonc`) may have
    /// comments and trailing commas, as their format allows.
    func shownDiagnostics(_ analysis: FileAnalysis) -> [Diagnostic] {
        workspace.shownDiagnostics(analysis, languageId: documents[DocumentURI.uri(analysis.path)]?.languageId)
    }

    func lspDiagnostic(_ d: Diagnostic, in analysis: FileAnalysis) -> JSONValue {
        var otherIndexes: [String: LineIndex?] = [:]
        return lspDiagnostic(d, in: analysis, otherIndexes: &otherIndexes)
    }

    func lspDiagnostic(_ d: Diagnostic, in analysis: FileAnalysis, otherIndexes: inout [String: LineIndex?]) -> JSONValue {
        ProtocolConversion.diagnostic(d, index: analysis.lineIndex, encoding: encoding, relatedInformation: relatedInformation,
                                      uriFor: { DocumentURI.uri($0) }, lineIndexFor: { path in
                                          if let known = otherIndexes[path] { return known }
                                          let index = self.snapshot(DocumentURI.uri(path)).map { LineIndex($0.bytes) }
                                          otherIndexes[path] = index
                                          return index
                                      }, path: analysis.path)
    }

    /// Push mode: publish once analysed, unless the document changed (or closed) in the meantime.
    func analyzeAndPublish(_ uri: String) {
        guard !pullDiagnostics, let snap = snapshot(uri) else { return }
        analyze(snap) { analysis in
            guard !self.exited else { return }
            let current = self.documents[uri]
            if let version = snap.version {
                guard current?.version == version else { return }
            } else if current != nil {
                return
            }
            var params = JSONObject([("uri", .string(uri)), ("diagnostics", .array(self.lspDiagnostics(analysis)))])
            if let version = snap.version { params["version"] = .number(JSONNumber(version)) }
            // A re-analysis (settings arriving, another file's facts changing) often finds the same: say it once.
            guard self.lastPublished[DocumentURI.key(uri)] != .object(params) else { return }
            self.lastPublished[DocumentURI.key(uri)] = .object(params)
            self.notify("textDocument/publishDiagnostics", .object(params))
        }
    }

    /// Re-analyses the open documents among `readers` (the files whose diagnostics read facts that changed)
    /// once, a moment after the last change of any file's facts.
    func scheduleCrossFileRefresh(_ readers: Set<String>) {
        pendingRefresh.formUnion(readers)
        guard !pendingRefresh.isEmpty else { return }
        crossFileRefreshGeneration += 1
        let generation = crossFileRefreshGeneration
        queue.asyncAfter(deadline: .now() + .milliseconds(200)) { [weak self] in
            guard let self, !self.exited, self.crossFileRefreshGeneration == generation else { return }
            let paths = self.pendingRefresh
            self.pendingRefresh = []
            // Pull mode: the client asks again when told to (a file changed on disk, a buffer closed).
            if self.pullDiagnostics && self.supportsDiagnosticRefresh {
                self.request("workspace/diagnostic/refresh", nil) { _, _ in }
                return
            }
            let every = paths.contains(WorkspaceFacts.everyFile)
            for doc in self.documents.documents.values where every || paths.contains(DocumentURI.path(doc.uri) ?? "") { self.analyzeAndPublish(doc.uri) }
        }
    }

    /// Every open document analysed again and published where its diagnostics changed.
    func republishOpenDocuments() {
        for doc in documents.documents.values { analyzeAndPublish(doc.uri) }
    }

    /// A workspace file whose buffer closed, or that changed on disk while not open: its facts come from the
    /// disk again, or go when it no longer exists (or is no longer a workspace file). Files that name it
    /// in a cross-file diagnostic are re-reported.
    func refreshFactsFromDisk(_ path: String) {
        onAnalysisQueue(for: path) { analyzer, roots, facts, stamp in
            var found = FileFacts()
            if roots.contains(where: { WorkspaceFiles.includes(path, root: $0, configuration: analyzer.configuration) }),
               let bytes = try? FileReading.read(path) {
                found = analyzer.facts(path: path, bytes: bytes)
            }
            let readers = facts.updateReturningReaders(path, found, stamp: stamp)
            self.queue.async {
                if let readers { self.scheduleCrossFileRefresh(readers) }
            }
        }
    }

    /// The Iglu cache folders of the current configuration (none when the resolver config cannot be read).
    func igluCacheFolders() -> [String] {
        ((try? configuration.igluCacheFolders()) ?? configuration.configuredIgluCacheFolders)
            .map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// After a configuration or watched-file change: the Iglu cache and other files may differ now.
    func reanalyzeAll() {
        workspace.reset()
        republishOpenDocuments()
    }

    /// Identifies a pull-mode result: the text, the configuration and the workspace's facts generation
    /// (cross-file diagnostics change when another file does).
    static func resultID(_ snapshot: Snapshot, _ configuration: Configuration, generation: Int) -> String {
        var hasher = Hasher()
        hasher.combine(snapshot.bytes)
        hasher.combine(String(describing: configuration))
        return "\(snapshot.version ?? -1)-\(generation)-\(UInt(bitPattern: hasher.finalize()))"
    }

    func documentDiagnostic(_ id: RequestID, _ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "textDocument/diagnostic needs textDocument.uri"))
            return
        }
        guard let snap = snapshot(uri) else {
            respond(id, result: ["kind": "full", "items": []])
            return
        }
        let project = workspace.project(for: snap.path)
        let resultID = LanguageServer.resultID(snap, project.configuration, generation: project.facts.generation)
        if params?["previousResultId"]?.stringValue == resultID {
            respond(id, result: ["kind": "unchanged", "resultId": .string(resultID)])
            return
        }
        inflight.insert(id)
        analyze(snap) { analysis in
            guard self.inflight.remove(id) != nil, !self.exited else { return }
            // After the analysis: the workspace scan and this file's facts may have moved the generation.
            let resultID = LanguageServer.resultID(snap, project.configuration, generation: project.facts.generation)
            self.respond(id, result: ["kind": "full", "resultId": .string(resultID), "items": .array(self.lspDiagnostics(analysis))])
        }
    }

    /// Every file of the workspace (open buffers as typed, the rest from disk).
    func workspaceDiagnostic(_ id: RequestID, _ params: JSONValue?) {
        var previousIDs: [String: String] = [:]
        for entry in params?["previousResultIds"]?.arrayValue ?? [] {
            if let uri = entry["uri"]?.stringValue, let value = entry["value"]?.stringValue { previousIDs[DocumentURI.key(uri)] = value }
        }
        let previous = previousIDs
        // Every file of every project (a nested trackspec.json is a project of its own), open buffers as typed.
        var uris = Set(documents.documents.values.map { DocumentURI.key($0.uri) })
        let nested = workspace.allNestedProjects()
        var listings: [(folders: [String], configuration: Configuration)] = [(workspaceRoots, configuration)]
        listings += nested.map { ([$0.folder], $0.configuration) }
        for (folders, configuration) in listings where !folders.isEmpty {
            let files = (try? WorkspaceFiles.collect(folders, configuration: configuration, stoppingAtNestedProjects: true).files) ?? []
            for f in files { uris.insert(DocumentURI.uri(f)) }
        }
        var groups: [(project: Project, snapshots: [Snapshot])] = []
        for snap in uris.sorted().compactMap({ snapshot($0) }) {
            let project = workspace.project(for: snap.path)
            if let i = groups.firstIndex(where: { $0.project.facts === project.facts }) { groups[i].snapshots.append(snap) } else { groups.append((project, [snap])) }
        }
        factsStamp += 1
        let stamp = factsStamp
        let prepared = groups
        var budgetsByURI: [String: @Sendable (Configuration) -> DiagnosticBudget] = [:]
        for (_, snapshots) in groups { for snap in snapshots { budgetsByURI[DocumentURI.key(snap.uri)] = budget(for: snap) } }
        let budgets = budgetsByURI
        let workspace = self.workspace
        inflight.insert(id)
        analysisQueue.async {
            var computed: [(Snapshot, String, FileAnalysis?)] = []
            for (project, snapshots) in prepared {
                let facts = project.facts
                let analyzer = facts.prepared(workspace.analyzer(for: project), roots: project.roots)
                let generation = facts.generation
                var fresh: [(Int, FileAnalysis)] = []
                for snap in snapshots {
                    let resultID = LanguageServer.resultID(snap, project.configuration, generation: generation)
                    if previous[DocumentURI.key(snap.uri)] == resultID {
                        computed.append((snap, resultID, nil))
                    } else {
                        let own = analyzer.analyze(path: snap.path, bytes: snap.bytes, budget: budgets[DocumentURI.key(snap.uri)]?(analyzer.configuration))
                        _ = facts.update(snap.path, own.facts, stamp: stamp)
                        fresh.append((computed.count, own))
                        computed.append((snap, resultID, own))
                    }
                }
                // Workspace rules once over the project's batch, with the facts of every other file of the project.
                let crossed = analyzer.crossFile(fresh.map(\.1), others: facts.others(excluding: Set(fresh.map(\.1.path))))
                for ((i, _), analysis) in zip(fresh, crossed) { computed[i].2 = analysis }
            }
            let analyses = computed
            self.queue.async {
                var items: [JSONValue] = []
                guard self.inflight.remove(id) != nil, !self.exited else { return }
                for (snap, resultID, analysis) in analyses {
                    let version: JSONValue = snap.version.map { .number(JSONNumber($0)) } ?? .null
                    if let analysis {
                        items.append(["kind": "full", "uri": .string(snap.uri), "version": version, "resultId": .string(resultID),
                                      "items": .array(self.lspDiagnostics(analysis))])
                    } else {
                        items.append(["kind": "unchanged", "uri": .string(snap.uri), "version": version, "resultId": .string(resultID)])
                    }
                }
                self.respond(id, result: ["items": .array(items)])
            }
        }
    }
}

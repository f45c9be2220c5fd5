import Foundation
import JSONSyntax
import TrackingPlans

/// References, highlights, rename and workspace symbols: the design's graph across files, from the workspace's
/// facts (open buffers as typed, other files as on disk). Positions in other files come from their text on the
/// server queue, where open buffers live.
extension LanguageServer {
    /// `position` in `snap` → the symbol there and the facts of the whole project (this file's from its text now).
    private func onSymbol<T: Sendable>(_ id: RequestID, _ snap: Snapshot, _ position: Position,
                                       compute: @escaping @Sendable (Analyzer, SyntaxTree, Int, FileFacts, FileFacts) -> T,
                                       reply: @escaping @Sendable (T, LineIndex) -> JSONValue) {
        onSymbol(id, snap, position, compute: compute, finish: { result, index in self.respond(id, result: reply(result, index)) })
    }

    private func onSymbol<T: Sendable>(_ id: RequestID, _ snap: Snapshot, _ position: Position,
                                       compute: @escaping @Sendable (Analyzer, SyntaxTree, Int, FileFacts, FileFacts) -> T,
                                       finish: @escaping @Sendable (T, LineIndex) -> Void) {
        answer(id, snap, at: position, workspace: .all, compute: { analyzer, tree, _, offset, others in
            let own = analyzer.facts(path: snap.path, tree: tree)
            return compute(analyzer, tree, offset, own, FileFacts.merged(others + [own]))
        }, finish: finish)
    }

    /// The LSP location of `location`, with its file's line index (one read per file).
    func lspLocation(_ location: TrackingPlans.Location, indexes: inout [String: LineIndex]) -> JSONValue? {
        if indexes[location.path] == nil {
            guard let target = snapshot(DocumentURI.uri(location.path)) else { return nil }
            indexes[location.path] = LineIndex(target.bytes)
        }
        return ["uri": .string(DocumentURI.uri(location.path)), "range": ProtocolConversion.range(location.range, in: indexes[location.path]!, encoding: encoding)]
    }

    private func requestPosition(_ id: RequestID, _ params: JSONValue?, _ method: String) -> (Snapshot, Position)? {
        guard let snap = textDocument(id, params, method) else { return nil }
        guard let position = ProtocolConversion.position(params?["position"]) else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "\(method) needs a position"))
            return nil
        }
        return (snap, position)
    }

    /// Reads a file as the editor has it, off the server queue: the open buffers (taken now, on the queue), else disk.
    private func fileReader(for snap: Snapshot) -> @Sendable (String) -> [UInt8]? {
        let open = Dictionary(documents.documents.values.map { (DocumentURI.path($0.uri) ?? $0.uri, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        return { path in path == snap.path ? snap.bytes : (open[path] ?? (try? FileReading.read(path))) }
    }

    func references(_ id: RequestID, _ params: JSONValue?) {
        guard let (snap, position) = requestPosition(id, params, "textDocument/references") else { return }
        let includeDeclaration = params?["context"]?["includeDeclaration"]?.boolValue ?? true
        let read = fileReader(for: snap)
        onSymbol(id, snap, position, compute: { analyzer, tree, offset, own, all -> [SymbolReference] in
            guard let symbol = analyzer.symbol(path: snap.path, tree: tree, offset: offset, own: own) else { return [] }
            return analyzer.references(to: symbol, in: all, includeDeclaration: includeDeclaration, bytesOf: read)
        }, reply: { refs, _ in
            var indexes: [String: LineIndex] = [:]
            return .array(refs.compactMap { self.lspLocation($0.location, indexes: &indexes) })
        })
    }

    func documentHighlight(_ id: RequestID, _ params: JSONValue?) {
        guard let (snap, position) = requestPosition(id, params, "textDocument/documentHighlight") else { return }
        onSymbol(id, snap, position, compute: { analyzer, tree, offset, own, _ -> [SymbolReference] in
            guard let symbol = analyzer.symbol(path: snap.path, tree: tree, offset: offset, own: own) else { return [] }
            return analyzer.references(to: symbol, in: own, includeDeclaration: true).filter { $0.location.path == snap.path }
        }, reply: { refs, index in
            // A definition is written (Write, 3), a use read (Read, 2).
            .array(refs.map { ["range": ProtocolConversion.range($0.location.range, in: index, encoding: self.encoding),
                               "kind": .number(JSONNumber($0.isDeclaration ? 3 : 2))] })
        })
    }

    func prepareRename(_ id: RequestID, _ params: JSONValue?) {
        guard let (snap, position) = requestPosition(id, params, "textDocument/prepareRename") else { return }
        onSymbol(id, snap, position, compute: { analyzer, tree, offset, own, _ in
            analyzer.renameRange(path: snap.path, tree: tree, offset: offset, own: own)
        }, reply: { result, index in
            switch result {
            case .success(let range):
                return ["range": ProtocolConversion.range(range, in: index, encoding: self.encoding),
                        "placeholder": .string(String(decoding: snap.bytes[range], as: UTF8.self))]
            case .failure:
                // No rename here; the rename request itself says why.
                return .null
            }
        })
    }

    func rename(_ id: RequestID, _ params: JSONValue?) {
        guard let (snap, position) = requestPosition(id, params, "textDocument/rename") else { return }
        guard let newName = params?["newName"]?.stringValue else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "textDocument/rename needs newName"))
            return
        }
        renameEdits(id, snap, renames: [(nil, newName)], at: position) { results in
            switch results[0] {
            case .failure(let refusal): self.respond(id, error: ResponseError(ErrorCode.requestFailed, refusal.message))
            case .success(let edit): self.respond(id, result: edit)
            }
        }
    }

    /// Workspace edits renaming symbols of `snap` (each at its byte offset, or at `position` where nil) to new names, as
    /// `textDocument/rename` answers them: open buffers as typed (their versions pinned where the client takes
    /// `documentChanges`), other files from disk. `finish` runs on the server queue.
    func renameEdits(_ id: RequestID, _ snap: Snapshot, renames: [(offset: Int?, newName: String)], at position: Position,
                     finish: @escaping @Sendable ([Result<JSONValue, RenameRefusal>]) -> Void) {
        let versions = Dictionary(documents.documents.values.map { (DocumentURI.path($0.uri) ?? $0.uri, $0.version) }, uniquingKeysWith: { a, _ in a })
        let readFile = fileReader(for: snap)
        let documentChanges = supportsDocumentChanges
        onSymbol(id, snap, position, compute: { analyzer, tree, offset, own, all -> [Result<[String: ([UInt8], [TextEdit])], RenameRefusal>] in
            var read: [String: [UInt8]] = [:]
            return renames.map { rename in
                guard let symbol = analyzer.symbol(path: snap.path, tree: tree, offset: rename.offset ?? offset, own: own) else {
                    return .failure(.nothingHere)
                }
                let result = analyzer.renameEdits(symbol, to: rename.newName, in: all) { path in
                    if let bytes = read[path] { return bytes }
                    let bytes = readFile(path)
                    read[path] = bytes
                    return bytes
                }
                return result.map { edits in Dictionary(uniqueKeysWithValues: edits.map { ($0.key, (read[$0.key] ?? [], $0.value)) }) }
            }
        }, finish: { results, _ in
            finish(results.map { result in
                result.map { files in
                    var changes: [(String, JSONValue)] = []
                    var documentEdits: [JSONValue] = []
                    for (path, (bytes, edits)) in files.sorted(by: { $0.key < $1.key }) {
                        let index = LineIndex(bytes)
                        let uri = DocumentURI.uri(path)
                        let lsp: [JSONValue] = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }.map {
                            ["range": ProtocolConversion.range($0.range, in: index, encoding: self.encoding), "newText": .string($0.newText)]
                        }
                        changes.append((uri, .array(lsp)))
                        let version: JSONValue = versions[path].map { JSONValue.number(JSONNumber($0)) } ?? .null
                        documentEdits.append(["textDocument": ["uri": .string(uri), "version": version], "edits": .array(lsp)])
                    }
                    return documentChanges ? ["documentChanges": .array(documentEdits)] : ["changes": .object(JSONObject(changes))]
                }
            })
        })
    }

    func workspaceSymbol(_ id: RequestID, _ params: JSONValue?) {
        let query = params?["query"]?.stringValue ?? ""
        onAnalysisQueue { analyzer, _, facts, _ in
            let symbols = analyzer.workspaceSymbols(matching: query, in: FileFacts.merged(facts.others(excluding: [])))
            self.queue.async {
                var indexes: [String: LineIndex] = [:]
                let kinds: [WorkspaceSymbol.Kind: Int] = [.event: 24, .property: 7, .category: 3, .customType: 23, .trackingPlan: 2,
                                                          .source: 2, .dataStructure: 23, .eventSpecification: 24, .sourceApplication: 5, .other: 13]
                let result: [JSONValue] = symbols.compactMap { s in
                    guard let location = self.lspLocation(s.location, indexes: &indexes) else { return nil }
                    var object = JSONObject([("name", .string(s.name)), ("kind", .number(JSONNumber(kinds[s.kind] ?? 13))), ("location", location)])
                    if let container = s.container { object["containerName"] = .string(container) }
                    return .object(object)
                }
                self.respond(id, result: .array(result))
            }
        }
    }
}

/// Code lenses: counts of uses on definitions, cached versions on Iglu URIs (verdicts on resolve).
extension LanguageServer {
    /// The command a lens runs to list its uses: VS Code's own peek (`editor.action.showReferences`); elsewhere
    /// the server's `trackspec.showReferences`, with the same arguments (uri, position, locations).
    var showReferencesCommand: String {
        (clientName ?? "").contains("Visual Studio Code") ? "editor.action.showReferences" : "trackspec.showReferences"
    }

    func codeLens(_ id: RequestID, _ params: JSONValue?) {
        guard let snap = textDocument(id, params, "textDocument/codeLens") else { return }
        let command = showReferencesCommand
        answer(id, snap, at: Position(line: 0, character: 0), workspace: .all, compute: { analyzer, tree, _, _, others -> [CodeLensInfo] in
            let own = analyzer.facts(path: snap.path, tree: tree)
            return analyzer.codeLenses(own: own, all: FileFacts.merged(others + [own]))
        }, reply: { lenses, index in
            var indexes: [String: LineIndex] = [snap.path: index]
            return .array(lenses.map { lens in
                let range = ProtocolConversion.range(lens.range, in: index, encoding: self.encoding)
                if lens.resolvable {
                    return ["range": range, "data": ["uri": .string(snap.uri), "offset": .number(JSONNumber(lens.range.lowerBound)),
                                                     "end": .number(JSONNumber(lens.range.upperBound)), "title": .string(lens.title)]]
                }
                let locations = lens.locations.compactMap { self.lspLocation($0, indexes: &indexes) }
                let lensCommand: JSONValue = locations.isEmpty
                    ? ["title": .string(lens.title), "command": ""]
                    : ["title": .string(lens.title), "command": .string(command),
                       "arguments": [.string(snap.uri), range["start"] ?? .null, .array(locations)]]
                return ["range": range, "command": lensCommand]
            })
        })
    }

    func resolveCodeLens(_ id: RequestID, _ params: JSONValue?) {
        guard let lens = params, let data = lens["data"], let uri = data["uri"]?.stringValue,
              let offset = data["offset"]?.numberValue?.intValue, let end = data["end"]?.numberValue?.intValue,
              let title = data["title"]?.stringValue, let snap = snapshot(uri) else {
            respond(id, result: params ?? .null)
            return
        }
        answer(id, snap, at: Position(line: 0, character: 0), workspace: .none, compute: { analyzer, tree, _, _, _ -> String in
            guard offset >= 0, offset <= end, end <= tree.bytes.count else { return title }
            let info = CodeLensInfo(range: offset..<end, title: title, locations: [], resolvable: true)
            return analyzer.resolveCodeLens(info, tree: tree).title
        }, reply: { resolved, _ in
            var object = lens.objectValue ?? JSONObject()
            object["command"] = ["title": .string(resolved), "command": ""]
            return .object(object)
        })
    }

    /// `trackspec.showReferences`, run by a lens in clients without VS Code's own command: nothing to do on the
    /// server's side (the lens carries its locations); answered so the client reports no error.
    func executeCommand(_ id: RequestID, _ params: JSONValue?) {
        guard params?["command"]?.stringValue == "trackspec.showReferences" else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "unknown command \(params?["command"]?.stringValue ?? "(none)")"))
            return
        }
        respond(id, result: .null)
    }
}

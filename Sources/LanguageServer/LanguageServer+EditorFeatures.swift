import Foundation
import JSONSyntax
import TrackingPlans

/// Hover and quick fixes: requests about a position or range of one document, answered from a fresh
/// analysis of the buffer as typed (never from a stale one), off the server queue.
extension LanguageServer {
    func hover(_ id: RequestID, _ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let position = ProtocolConversion.position(params?["position"]) else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "textDocument/hover needs textDocument.uri and position"))
            return
        }
        guard let snap = snapshot(uri) else {
            respond(id, result: .null)
            return
        }
        let encoding = self.encoding
        let markdown = hoverMarkdown
        answer(id, snap, at: position, workspace: .related, compute: { analyzer, tree, _, offset, others in
            analyzer.hover(path: snap.path, tree: tree, offset: offset, workspace: others)
        }, reply: { info, index in
            guard let info else { return .null }
            return ["contents": ["kind": markdown ? "markdown" : "plaintext", "value": .string(info.markdown)],
                    "range": ProtocolConversion.range(info.range, in: index, encoding: encoding)]
        })
    }

    /// Which other files' facts a position request reads.
    enum FactsScope {
        case none
        /// The files this file's facts lead to (the target of a reference, the catalog, the source applications):
        /// hover and definition, whatever the workspace's size.
        case related
        /// Every file of the project: completion offers every id of a kind.
        case all
    }

    /// Answers a request about one position of a document off the server queue, from the parse cached
    /// for its version. `compute` gets the analyzer, tree, line index, byte offset and (with `workspace`,
    /// after the workspace scan) the other files' facts; `reply` builds the response on the server queue.
    func answer<T: Sendable>(_ id: RequestID, _ snap: Snapshot, at position: Position, workspace scope: FactsScope = .none,
                             compute: @escaping @Sendable (Analyzer, SyntaxTree, LineIndex, Int, [FileFacts]) -> T,
                             reply: @escaping @Sendable (T, LineIndex) -> JSONValue) {
        answer(id, snap, at: position, workspace: scope, compute: compute, finish: { result, index in
            self.respond(id, result: reply(result, index))
        })
    }

    /// As above; `finish` responds itself (a result or an error), on the server queue.
    func answer<T: Sendable>(_ id: RequestID, _ snap: Snapshot, at position: Position, workspace scope: FactsScope = .none,
                             compute: @escaping @Sendable (Analyzer, SyntaxTree, LineIndex, Int, [FileFacts]) -> T,
                             finish: @escaping @Sendable (T, LineIndex) -> Void) {
        let project = workspace.project(for: snap.path)
        let analyzer = workspace.analyzer(for: project)
        let encoding = self.encoding
        let roots = project.roots
        let facts = project.facts
        let parsedDocuments = self.parsedDocuments
        inflight.insert(id)
        analysisQueue.async {
            let analyzer = scope == .none ? analyzer : facts.prepared(analyzer, roots: roots, excluding: snap.path)
            let (tree, index) = parsedDocuments.parsed(snap)
            let offset = index.offset(of: position, encoding: encoding)
            let others: [FileFacts]
            switch scope {
            case .none: others = []
            case .related: others = facts.relevant(to: analyzer.facts(path: snap.path, tree: tree), excluding: snap.path)
            case .all: others = facts.others(excluding: snap.path)
            }
            let result = compute(analyzer, tree, index, offset, others)
            self.queue.async {
                guard self.inflight.remove(id) != nil, !self.exited else { return }
                finish(result, index)
            }
        }
    }

    /// Quick fixes of the diagnostics that touch the requested range, as workspace edits.
    func codeAction(_ id: RequestID, _ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let requested = ProtocolConversion.range(params?["range"]) else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "textDocument/codeAction needs textDocument.uri and range"))
            return
        }
        if let only = params?["context"]?["only"]?.arrayValue?.compactMap(\.stringValue), !only.contains(where: { $0 == "quickfix" || "quickfix".hasPrefix($0 + ".") || $0 == "" }) {
            respond(id, result: [])
            return
        }
        guard let snap = snapshot(uri) else {
            respond(id, result: [])
            return
        }
        inflight.insert(id)
        analyze(snap) { analysis in
            guard self.inflight.remove(id) != nil, !self.exited else { return }
            let index = analysis.lineIndex
            let lower = index.offset(of: requested.start, encoding: self.encoding)
            let upper = max(lower, index.offset(of: requested.end, encoding: self.encoding))
            var actions: [JSONValue] = []
            // Fixes that are a workspace rename (a naming fix of an id): their edits are computed below, across files.
            var renames: [(offset: Int?, newName: String, title: String, diagnostic: JSONValue)] = []
            for d in self.shownDiagnostics(analysis) where !d.fixes.isEmpty {
                // Touching counts: a cursor at either end of the diagnostic's range asks for its fixes.
                guard d.range.lowerBound <= upper, lower <= d.range.upperBound else { continue }
                let lspDiagnostic = self.lspDiagnostic(d, in: analysis)
                for fix in d.fixes {
                    if let newName = fix.renamingSymbolTo {
                        renames.append((d.range.lowerBound, newName, fix.title, lspDiagnostic))
                        continue
                    }
                    let edits: [JSONValue] = fix.edits.map {
                        ["range": ProtocolConversion.range($0.range, in: index, encoding: self.encoding), "newText": .string($0.newText)]
                    }
                    var title = fix.title
                    var edit: JSONValue = ["changes": .object(JSONObject([(snap.uri, .array(edits))]))]
                    if let target = fix.renameFile {
                        if self.supportsFileRenames {
                            // The edits, then the rename, in one workspace edit (the version pins the edited text).
                            let document: JSONValue = ["uri": .string(snap.uri), "version": snap.version.map { .number(JSONNumber($0)) } ?? .null]
                            edit = ["documentChanges": [["textDocument": document, "edits": .array(edits)],
                                                        ["kind": "rename", "oldUri": .string(snap.uri), "newUri": .string(DocumentURI.uri(target))]]]
                            title += " and rename the file"
                        } else {
                            title += " (rename the file to \((target as NSString).lastPathComponent) yourself)"
                        }
                    }
                    actions.append(["title": .string(title), "kind": "quickfix", "diagnostics": [lspDiagnostic],
                                    "isPreferred": .bool(d.fixes.count == 1), "edit": edit])
                }
            }
            guard !renames.isEmpty else {
                self.respond(id, result: .array(actions))
                return
            }
            let (found, pending) = (actions, renames)
            self.renameEdits(id, snap, renames: pending.map { ($0.offset, $0.newName) }, at: requested.start) { results in
                var actions = found
                for (rename, result) in zip(pending, results) {
                    // A rename the workspace refuses (the new id taken) is no fix to offer.
                    guard case .success(let edit) = result else { continue }
                    actions.append(["title": .string(rename.title), "kind": "quickfix", "diagnostics": [rename.diagnostic], "edit": edit])
                }
                self.respond(id, result: .array(actions))
            }
        }
    }

    /// Completions with `textEdit`s (no snippets: every client inserts them as they are); see `CompletionItem`
    /// for how the text is chosen so that Neovim, Eglot and VS Code all insert it right.
    func completion(_ id: RequestID, _ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let position = ProtocolConversion.position(params?["position"]) else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "textDocument/completion needs textDocument.uri and position"))
            return
        }
        guard let snap = snapshot(uri) else {
            respond(id, result: ["isIncomplete": false, "items": []])
            return
        }
        let encoding = self.encoding
        // Eglot (through editors/emacs/trackspec.el) asks for `insertText` alone: its completion replaces the
        // symbol at point with it, whatever completion style chose the item, while its handling of a `textEdit`
        // assumes point ends the inserted text — not true under its default `flex` style, where
        // `"propert` became `operproperties": `.
        let insertTextOnly = clientSettings?["completionInsertTextOnly"] == .bool(true)
        answer(id, snap, at: position, workspace: .all, compute: { analyzer, tree, index, offset, others -> JSONValue in
            let list = analyzer.completions(path: snap.path, tree: tree, offset: offset, workspace: others)
            // What a symbol-replacing client replaces: the same for every item.
            let symbol = insertTextOnly ? CompletionItem.symbolRange(in: tree.bytes, at: offset) : offset..<offset
            let items: [JSONValue] = list.items.map { item in
            var object = JSONObject([
                ("label", .string(item.label)),
                ("kind", .number(JSONNumber(ProtocolConversion.completionKind(item.kind)))),
                ("textEdit", ["range": ProtocolConversion.range(item.range, in: index, encoding: encoding), "newText": .string(item.insertText)]),
                // The same text for clients that insert `insertText` (Eglot) and never a `filterText`: with
                // one, Neovim's omnifunc ignores the edit's start and inserts from the word's.
                ("insertText", .string(item.insertText)),
                ("sortText", .string(item.sortText)),
                ("insertTextFormat", 1),
            ])
            if !item.additionalEdits.isEmpty {
                object["additionalTextEdits"] = .array(item.additionalEdits.map {
                    ["range": ProtocolConversion.range($0.range, in: index, encoding: encoding), "newText": .string($0.newText)]
                })
            }
            if let detail = item.detail { object["detail"] = .string(detail) }
            if let doc = item.documentation { object["documentation"] = ["kind": "markdown", "value": .string(doc)] }
            if insertTextOnly {
                object["textEdit"] = nil
                if !item.additionalEdits.isEmpty {
                    object["additionalTextEdits"] = .array(item.additionalEdits.map {
                        LanguageServer.editAfterSymbolReplacement($0, item: item, bytes: tree.bytes, symbol: symbol, index: index, encoding: encoding)
                    })
                }
            }
            return .object(object)
            }
            return ["isIncomplete": .bool(list.isIncomplete), "items": .array(items)]
        }, reply: { result, _ in result })
    }

    /// Eglot applies `additionalTextEdits` after it replaced the symbol at point with `insertText`, at their
    /// positions in the changed line: an edit after the symbol on its line (the `: ` after a key's closing quote)
    /// moves by what the replacement added, or it lands inside the key (`"stat: us"`).
    /// `symbol`: what the client replaces (`CompletionItem.symbolRange`).
    static func editAfterSymbolReplacement(_ edit: TextEdit, item: CompletionItem, bytes: [UInt8], symbol: Range<Int>,
                                           index: LineIndex, encoding: PositionEncoding) -> JSONValue {
        var (start, end) = index.range(of: edit.range, encoding: encoding)
        guard edit.range.lowerBound >= symbol.upperBound, !bytes[symbol.upperBound..<edit.range.lowerBound].contains(0x0A) else {
            return ["range": ProtocolConversion.range(edit.range, in: index, encoding: encoding), "newText": .string(edit.newText)]
        }
        let (symbolStart, symbolEnd) = index.range(of: symbol, encoding: encoding)
        let inserted: Int
        switch encoding {
        case .utf8: inserted = item.insertText.utf8.count
        case .utf16: inserted = item.insertText.utf16.count
        case .utf32: inserted = item.insertText.unicodeScalars.count
        }
        let delta = inserted - (symbolEnd.character - symbolStart.character)
        if end.line == start.line { end.character += delta }
        start.character += delta
        return ["range": ["start": ProtocolConversion.position(start), "end": ProtocolConversion.position(end)], "newText": .string(edit.newText)]
    }
}

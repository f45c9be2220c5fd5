import Foundation
import JSONSyntax
import TrackingPlans

/// Structure requests (symbols, folding, selection ranges, formatting) and go to definition. The syntax
/// ones are cheap and answered on the server queue from the buffer as typed.
extension LanguageServer {
    func textDocument(_ id: RequestID, _ params: JSONValue?, _ method: String) -> Snapshot? {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "\(method) needs textDocument.uri"))
            return nil
        }
        guard let snap = snapshot(uri) else {
            respond(id, result: .null)
            return nil
        }
        return snap
    }

    func documentSymbol(_ id: RequestID, _ params: JSONValue?) {
        guard let snap = textDocument(id, params, "textDocument/documentSymbol") else { return }
        let tree = DocumentParsing.parse(path: snap.path, bytes: snap.bytes)
        let index = LineIndex(snap.bytes)
        func symbol(_ node: OutlineNode) -> JSONValue {
            var object = JSONObject([
                ("name", .string(node.name.isEmpty ? "\"\"" : node.name)),
                ("kind", .number(JSONNumber(ProtocolConversion.symbolKind(node)))),
                ("range", ProtocolConversion.range(node.range, in: index, encoding: encoding)),
                ("selectionRange", ProtocolConversion.range(node.selectionRange, in: index, encoding: encoding)),
            ])
            if !node.children.isEmpty { object["children"] = .array(node.children.map(symbol)) }
            return .object(object)
        }
        respond(id, result: .array(tree.outline().map(symbol)))
    }

    func foldingRange(_ id: RequestID, _ params: JSONValue?) {
        guard let snap = textDocument(id, params, "textDocument/foldingRange") else { return }
        let tree = DocumentParsing.parse(path: snap.path, bytes: snap.bytes)
        let ranges = tree.foldingRanges(LineIndex(snap.bytes))
        respond(id, result: .array(ranges.map { ["startLine": .number(JSONNumber($0.start)), "endLine": .number(JSONNumber($0.end))] }))
    }

    func selectionRange(_ id: RequestID, _ params: JSONValue?) {
        guard let snap = textDocument(id, params, "textDocument/selectionRange") else { return }
        guard let positions = params?["positions"]?.arrayValue else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "textDocument/selectionRange needs positions"))
            return
        }
        let tree = DocumentParsing.parse(path: snap.path, bytes: snap.bytes)
        let index = LineIndex(snap.bytes)
        var results: [JSONValue] = []
        for p in positions {
            guard let position = ProtocolConversion.position(p) else {
                respond(id, error: ResponseError(ErrorCode.invalidParams, "a position is malformed"))
                return
            }
            let offset = index.offset(of: position, encoding: encoding)
            var chain = tree.selectionRanges(at: offset)
            if chain.isEmpty { chain = [offset..<offset] }
            // Outermost first, each wrapping the next as its parent.
            var value: JSONValue?
            for r in chain.reversed() {
                var object = JSONObject([("range", ProtocolConversion.range(r, in: index, encoding: encoding))])
                if let parent = value { object["parent"] = parent }
                value = .object(object)
            }
            results.append(value!)
        }
        respond(id, result: .array(results))
    }

    /// Whole-document and range formatting: one minimal edit, none when the text has syntax errors or
    /// comments (the formatter refuses to guess, and a message says so), or is already formatted.
    /// `tabSize`, `insertSpaces` and `insertFinalNewline` are honoured; line breaks are the user's.
    func formatting(_ id: RequestID, _ params: JSONValue?, range: Bool) {
        guard let snap = textDocument(id, params, range ? "textDocument/rangeFormatting" : "textDocument/formatting") else { return }
        let options = params?["options"]
        // A client's tabSize is trusted only within reason: a negative or huge one would trap or fill memory.
        let tabSize = min(max(options?["tabSize"]?.numberValue?.intValue ?? 2, 0), 16)
        let formatter = JSONFormatter(tabSize: tabSize, insertSpaces: options?["insertSpaces"]?.boolValue ?? true,
                                      finalNewline: options?["insertFinalNewline"]?.boolValue == true ? true : nil)
        let tree = DocumentParsing.parse(path: snap.path, bytes: snap.bytes)
        let index = LineIndex(snap.bytes)
        var target = 0..<snap.bytes.count
        var formatted: String?
        if range, let requested = ProtocolConversion.range(params?["range"]) {
            let lower = index.offset(of: requested.start, encoding: encoding)
            let upper = index.offset(of: requested.end, encoding: encoding)
            // The smallest object or array covering the range, re-indented at its own depth.
            var node = tree.node(at: lower)
            while let n = node, !((tree.kind(n) == .object || tree.kind(n) == .array) && tree.range(n).upperBound >= upper) { node = tree.parent(n) }
            if let n = node {
                target = tree.range(n)
                let depth = tree.pointer(of: n).segments.count
                let column = index.position(of: target.lowerBound, encoding: .utf8).character
                formatted = formatter.format(n, in: tree, level: depth, column: column)
            }
        } else {
            formatted = formatter.format(tree)
        }
        guard let formatted else {
            // Format-on-save must not fail silently: say why the text was left as it is.
            if let reason = JSONFormatter.refusal(tree) {
                notify("window/showMessage", ["type": 3, "message": .string("trackspec did not format \((snap.path as NSString).lastPathComponent): \(reason)")])
            }
            respond(id, result: [])
            return
        }
        let old = Array(snap.bytes[target])
        guard let edit = JSONFormatter.minimalEdit(from: old, to: Array(formatted.utf8)) else {
            respond(id, result: [])
            return
        }
        let absolute = (target.lowerBound + edit.range.lowerBound)..<(target.lowerBound + edit.range.upperBound)
        respond(id, result: [["range": ProtocolConversion.range(absolute, in: index, encoding: encoding),
                              "newText": .string(String(decoding: edit.text, as: UTF8.self))]])
    }

    func definition(_ id: RequestID, _ params: JSONValue?) {
        guard let snap = textDocument(id, params, "textDocument/definition") else { return }
        guard let position = ProtocolConversion.position(params?["position"]) else {
            respond(id, error: ResponseError(ErrorCode.invalidParams, "textDocument/definition needs a position"))
            return
        }
        answer(id, snap, at: position, workspace: .related, compute: { analyzer, tree, _, offset, others in
            analyzer.definition(path: snap.path, tree: tree, offset: offset, workspace: others)
        }, reply: { locations, index in
            // Target files' line indexes are read on the server queue, where open buffers live.
            var indexes = [snap.path: index]
            return .array(locations.compactMap { self.lspLocation($0, indexes: &indexes) })
        })
    }

    func documentLink(_ id: RequestID, _ params: JSONValue?) {
        guard let snap = textDocument(id, params, "textDocument/documentLink") else { return }
        let project = workspace.project(for: snap.path)
        let analyzer = workspace.analyzer(for: project)
        let encoding = self.encoding
        let parsedDocuments = self.parsedDocuments
        let roots = project.roots
        let facts = project.facts
        inflight.insert(id)
        analysisQueue.async {
            let analyzer = facts.prepared(analyzer, roots: roots)
            let (tree, index) = parsedDocuments.parsed(snap)
            let related = facts.relevant(to: analyzer.facts(path: snap.path, tree: tree), excluding: snap.path)
            let links: [JSONValue] = analyzer.documentLinks(path: snap.path, tree: tree, workspace: related).map {
                ["range": ProtocolConversion.range($0.range, in: index, encoding: encoding), "target": .string(DocumentURI.uri($0.path))]
            }
            self.queue.async {
                guard self.inflight.remove(id) != nil, !self.exited else { return }
                self.respond(id, result: .array(links))
            }
        }
    }
}

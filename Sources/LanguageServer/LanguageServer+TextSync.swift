import Dispatch
import Foundation
import JSONSyntax
import TrackingPlans

extension LanguageServer {
    func didOpen(_ params: JSONValue?) {
        guard let item = params?["textDocument"], let uri = item["uri"]?.stringValue, let text = item["text"]?.stringValue else {
            log("didOpen without textDocument.uri/text")
            return
        }
        documents.open(uri: uri, languageId: item["languageId"]?.stringValue ?? "json", version: item["version"]?.numberValue?.intValue ?? 0, text: text)
        analyzeAndPublish(uri)
    }

    func didChange(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let changes = params?["contentChanges"]?.arrayValue else {
            log("didChange without textDocument.uri/contentChanges")
            return
        }
        var parsed: [TextChange] = []
        for change in changes {
            guard let text = change["text"]?.stringValue else {
                log("didChange with a change that has no text; change ignored")
                return
            }
            if let rawRange = change["range"] {
                guard let range = ProtocolConversion.range(rawRange) else {
                    log("didChange with a malformed range; change ignored")
                    return
                }
                parsed.append(TextChange(range: range, text: text))
            } else {
                parsed.append(TextChange(range: nil, text: text))
            }
        }
        let version = params?["textDocument"]?["version"]?.numberValue?.intValue ?? ((documents[uri]?.version ?? 0) + 1)
        guard documents.change(uri: uri, version: version, changes: parsed, encoding: encoding) else {
            log("didChange for \(uri), which is not open")
            return
        }
        scheduleAnalysis(uri)
    }

    func didSave(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else { return }
        if let path = DocumentURI.path(uri), path == configurationFile || (path as NSString).lastPathComponent == Configuration.fileName {
            reloadConfiguration()
            reanalyzeAll()
            return
        }
        if !supportsWatchedFilesRegistration {
            // A client that cannot watch files tells us nothing of the disk: a save is the moment to look again
            // (the Iglu cache's index and the other files' facts, both cheap to rebuild).
            reanalyzeAll()
            return
        }
        analyzeAndPublish(uri)
    }

    func didClose(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else { return }
        documents.close(uri: uri)
        parsedDocuments.forget(uri)
        debounceGenerations[DocumentURI.key(uri)] = nil
        // The buffer's facts (a scenario name typed but never saved) revert to the file on disk, or go.
        if let path = DocumentURI.path(uri) { refreshFactsFromDisk(path) }
        guard !pullDiagnostics else { return }
        if let path = DocumentURI.path(uri), FileManager.default.fileExists(atPath: path) {
            // The buffer may have differed from the disk: show what the file on disk has.
            analyzeAndPublish(uri)
        } else {
            lastPublished[DocumentURI.key(uri)] = nil
            notify("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": []])
        }
    }

    func didChangeWatchedFiles(_ params: JSONValue?) {
        let changes = params?["changes"]?.arrayValue ?? []
        var configurationChanged = false
        var cacheChanged = false
        let cacheFolders = igluCacheFolders().map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        for change in changes {
            guard let uri = change["uri"]?.stringValue, let path = DocumentURI.path(uri) else { continue }
            if (path as NSString).lastPathComponent == Configuration.fileName { configurationChanged = true }
            if cacheFolders.contains(where: { path.hasPrefix($0) }) {
                cacheChanged = true
                continue
            }
            // Created (1), changed (2) or deleted (3) on disk: an open buffer stays the truth for its file;
            // otherwise the file's facts are read again, or dropped.
            if documents[uri] == nil { refreshFactsFromDisk(path) }
        }
        if configurationChanged {
            reloadConfiguration()
            reanalyzeAll()
        } else if cacheChanged {
            // The cache's index is rebuilt (a directory listing) and every open document judged again.
            workspace.igluContexts.invalidate()
            republishOpenDocuments()
        }
    }

    /// Typing: wait for a pause before analysing, so a burst of keystrokes costs one analysis.
    func scheduleAnalysis(_ uri: String) {
        let key = DocumentURI.key(uri)
        let generation = (debounceGenerations[key] ?? 0) + 1
        debounceGenerations[key] = generation
        queue.asyncAfter(deadline: .now() + options.debounce) { [weak self] in
            guard let self, !self.exited, self.debounceGenerations[key] == generation else { return }
            self.analyzeAndPublish(uri)
        }
    }
}

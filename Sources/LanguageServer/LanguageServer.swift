import Dispatch
import Foundation
import JSONSyntax
import TrackingPlans

/// The server: lifecycle, text sync, diagnostics. Every piece of mutable state is touched only on
/// `queue`, in message order; analysis runs on a concurrent queue and its results come back to `queue`,
/// where they are dropped if the document changed meanwhile.
public final class LanguageServer: @unchecked Sendable {
    enum State { case uninitialized, running, shutDown }

    public struct Options: Sendable {
        public var debounce: DispatchTimeInterval = .milliseconds(100)
        public var clientProcessID: Int32?
        public init() {}
    }

    let queue = DispatchQueue(label: "trackspec.lsp.server")
    let analysisQueue = DispatchQueue(label: "trackspec.lsp.analysis", attributes: .concurrent)
    let output: @Sendable ([UInt8]) -> Void
    let terminate: @Sendable (Int32) -> Void
    var options: Options

    var state = State.uninitialized
    var encoding = PositionEncoding.utf16
    var pullDiagnostics = false
    var relatedInformation = false
    var hoverMarkdown = true
    var supportsConfigurationRequest = false
    var supportsWatchedFilesRegistration = false
    var supportsRelativePatterns = false
    /// `workspace.workspaceEdit.documentChanges` with the `rename` resource operation: a fix may move its file.
    var supportsFileRenames = false
    /// `workspace.workspaceEdit.documentChanges`: a rename's edits name the versions of the open files they were made for.
    var supportsDocumentChanges = false
    /// The Iglu cache folders the current watcher registration covers; nil before the first registration.
    var watchedCacheFolders: [String]?
    /// `clientInfo.name` (absent from Eglot 1.9).
    var clientName: String?
    /// The server's own watch on the workspace (see `FileWatcher`), when the client's cannot be relied on.
    var fileWatcher: FileWatcher?
    /// Pull-mode clients that accept `workspace/diagnostic/refresh`: told to pull again when other files change.
    var supportsDiagnosticRefresh = false
    var workspaceRoots: [String] = []
    var fileConfiguration: Configuration
    var configurationFile: String?
    /// Settings the client sent (`initializationOptions`, `workspace/configuration`), same shape as trackspec.json.
    var clientSettings: JSONValue?
    var configuration: Configuration
    var documents = DocumentStore()
    /// The analysis layer's view of the workspace (projects, facts, Iglu caches): built again when the
    /// configuration changes.
    var workspace: Workspace
    let parsedDocuments = ParsedDocuments()
    /// The last publishDiagnostics params per document, to skip identical re-publications.
    var lastPublished: [String: JSONValue] = [:]
    var crossFileRefreshGeneration = 0
    /// Files to re-report once the facts stop changing (see `scheduleCrossFileRefresh`).
    var pendingRefresh = Set<String>()
    /// Orders the snapshots whose facts reach the workspace's facts (see `WorkspaceFacts.update`).
    var factsStamp = 0
    var debounceGenerations: [String: Int] = [:]
    /// Requests answered asynchronously, until answered or cancelled.
    var inflight: Set<RequestID> = []
    var nextOutgoingID = 1
    var responseHandlers: [RequestID: (JSONValue?, JSONValue?) -> Void] = [:]
    var exited = false
    var processWatcher: DispatchSourceTimer?
    let serverVersion: String

    public init(options: Options = Options(), version: String = "0", output: @escaping @Sendable ([UInt8]) -> Void, terminate: @escaping @Sendable (Int32) -> Void) {
        self.options = options
        self.serverVersion = version
        self.output = output
        self.terminate = terminate
        let cwd = FileManager.default.currentDirectoryPath
        fileConfiguration = Configuration(root: cwd)
        configuration = fileConfiguration
        workspace = Workspace(roots: [], configuration: fileConfiguration, configurationFile: nil)
    }

    // MARK: Input

    /// Entry point for each framed body, from the reader thread.
    public func receive(_ body: [UInt8]) {
        queue.async { self.process(IncomingMessage.parse(body)) }
    }

    /// A body over the framer's limit: it cannot be read, so it is answered as an invalid request.
    public func receiveOversized(_ length: Int) {
        queue.async {
            self.log("dropped a \(length)-byte message: over the size limit")
            self.respond(nil, error: ResponseError(ErrorCode.invalidRequest, "message of \(length) bytes exceeds the size limit"))
        }
    }

    public func receiveBadHeader(_ reason: String) {
        queue.async { self.log("skipped malformed header: \(reason)") }
    }

    /// stdin closed: the client is gone. Exit 0 only after a proper shutdown.
    public func inputClosed() {
        queue.async { self.exit(self.state == .shutDown ? 0 : 1) }
    }

    /// Waits until every message received so far has been handled (tests and benchmarks).
    public func sync() { queue.sync {} }

    func process(_ message: IncomingMessage) {
        guard !exited else { return }
        switch message {
        case .invalid(let id, let error, let reply):
            log("invalid message: \(error.message)")
            if reply { respond(id, error: error) }
        case .response(let id, let result, let error):
            responseHandlers.removeValue(forKey: id)?(result, error)
        case .notification(let method, let params):
            handleNotification(method, params)
        case .request(let id, let method, let params):
            handleRequest(id, method, params)
        }
    }

    // MARK: Output

    func send(_ value: JSONValue) {
        output(frame(Array(JSONWriter().string(value).utf8)))
    }

    func respond(_ id: RequestID?, result: JSONValue) {
        send(.object(JSONObject([("jsonrpc", "2.0"), ("id", id?.json ?? .null), ("result", result)])))
    }

    func respond(_ id: RequestID?, error: ResponseError) {
        send(.object(JSONObject([("jsonrpc", "2.0"), ("id", id?.json ?? .null), ("error", error.json)])))
    }

    func notify(_ method: String, _ params: JSONValue) {
        send(.object(JSONObject([("jsonrpc", "2.0"), ("method", .string(method)), ("params", params)])))
    }

    func request(_ method: String, _ params: JSONValue?, then handler: @escaping (JSONValue?, JSONValue?) -> Void) {
        let id = RequestID.string("trackspec-\(nextOutgoingID)")
        nextOutgoingID += 1
        responseHandlers[id] = handler
        var message = JSONObject([("jsonrpc", "2.0"), ("id", id.json), ("method", .string(method))])
        if let params { message["params"] = params }
        send(.object(message))
    }

    /// Diagnostics of the server itself go to stderr: stdout carries protocol only.
    func log(_ message: String) {
        FileHandle.standardError.write(Data("trackspec lsp: \(message)\n".utf8))
    }

    func exit(_ code: Int32) {
        guard !exited else { return }
        exited = true
        fileWatcher?.stop()
        fileWatcher = nil
        terminate(code)
    }

    // MARK: Dispatch

    func handleRequest(_ id: RequestID, _ method: String, _ params: JSONValue?) {
        switch state {
        case .uninitialized where method != "initialize":
            respond(id, error: ResponseError(ErrorCode.serverNotInitialized, "the server has not been initialized"))
            return
        case .shutDown:
            respond(id, error: ResponseError(ErrorCode.invalidRequest, "the server is shutting down"))
            return
        case .running where method == "initialize":
            respond(id, error: ResponseError(ErrorCode.invalidRequest, "initialize may only be sent once"))
            return
        default:
            break
        }
        switch method {
        case "initialize":
            respond(id, result: initialize(params))
            state = .running
        case "shutdown":
            state = .shutDown
            fileWatcher?.stop()
            fileWatcher = nil
            respond(id, result: .null)
        case "textDocument/diagnostic":
            documentDiagnostic(id, params)
        case "workspace/diagnostic":
            workspaceDiagnostic(id, params)
        case "textDocument/documentSymbol":
            documentSymbol(id, params)
        case "textDocument/foldingRange":
            foldingRange(id, params)
        case "textDocument/selectionRange":
            selectionRange(id, params)
        case "textDocument/formatting":
            formatting(id, params, range: false)
        case "textDocument/rangeFormatting":
            formatting(id, params, range: true)
        case "textDocument/documentLink":
            documentLink(id, params)
        case "textDocument/definition":
            definition(id, params)
        case "textDocument/references":
            references(id, params)
        case "textDocument/documentHighlight":
            documentHighlight(id, params)
        case "textDocument/prepareRename":
            prepareRename(id, params)
        case "textDocument/rename":
            rename(id, params)
        case "workspace/symbol":
            workspaceSymbol(id, params)
        case "textDocument/codeLens":
            codeLens(id, params)
        case "codeLens/resolve":
            resolveCodeLens(id, params)
        case "workspace/executeCommand":
            executeCommand(id, params)
        case "textDocument/completion":
            completion(id, params)
        case "textDocument/hover":
            hover(id, params)
        case "textDocument/codeAction":
            codeAction(id, params)
        default:
            respond(id, error: ResponseError(ErrorCode.methodNotFound, "unhandled method \(method)"))
        }
    }

    func handleNotification(_ method: String, _ params: JSONValue?) {
        if method == "exit" {
            exit(state == .shutDown ? 0 : 1)
            return
        }
        guard state == .running else { return }
        switch method {
        case "initialized":
            initialized()
        case "textDocument/didOpen":
            didOpen(params)
        case "textDocument/didChange":
            didChange(params)
        case "textDocument/didSave":
            didSave(params)
        case "textDocument/didClose":
            didClose(params)
        case "workspace/didChangeWatchedFiles":
            didChangeWatchedFiles(params)
        case "workspace/didChangeConfiguration":
            didChangeConfiguration(params)
        case "workspace/didChangeWorkspaceFolders":
            didChangeWorkspaceFolders(params)
        case "$/cancelRequest":
            if let raw = params?["id"], let id = RequestID(raw), inflight.remove(id) != nil {
                respond(id, error: ResponseError(ErrorCode.requestCancelled, "request cancelled"))
            }
        default:
            // `$/` notifications may be ignored; other unknown ones too, with a log line.
            if !method.hasPrefix("$/") { log("ignored notification \(method)") }
        }
    }
}

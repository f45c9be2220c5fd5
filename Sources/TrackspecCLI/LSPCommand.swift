import Foundation
import LanguageServer
import TrackingPlans

/// `trackspec lsp [--stdio] [--clientProcessId N]`: the language server over stdin/stdout.
enum LSPCommand {
    static let usage = """
    USAGE: trackspec lsp [--stdio] [--clientProcessId N]

    Runs the Language Server Protocol server on stdin/stdout (stdio is the only transport; --stdio is
    accepted for clients that always pass it). With --clientProcessId, exits when that process ends.
    """

    static func run(_ arguments: [String], errors: (String) -> Void) -> Int32 {
        var options = LanguageServer.Options()
        // For the benchmark: measure analysis latency without the typing pause.
        if let ms = ProcessInfo.processInfo.environment["TRACKSPEC_LSP_DEBOUNCE_MS"].flatMap(Int.init), ms >= 0 {
            options.debounce = .milliseconds(ms)
        }
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--stdio" {
            } else if a == "--clientProcessId" || a.hasPrefix("--clientProcessId=") {
                let value: String
                if let eq = a.firstIndex(of: "=") { value = String(a[a.index(after: eq)...]) } else {
                    i += 1
                    guard i < arguments.count else {
                        errors("trackspec lsp: --clientProcessId needs a value\n")
                        return 2
                    }
                    value = arguments[i]
                }
                guard let pid = Int32(value) else {
                    errors("trackspec lsp: --clientProcessId takes a process id, not '\(value)'\n")
                    return 2
                }
                options.clientProcessID = pid
            } else {
                errors("trackspec lsp: unknown option '\(a)'\(Suggestions.didYouMean(a, in: ["--stdio", "--clientProcessId", "--help"]))\n\n\(usage)\n")
                return 2
            }
            i += 1
        }
        let server = LanguageServer(options: options, version: Version.current, output: StdioTransport.write, terminate: { code in
            Foundation.exit(code)
        })
        if let pid = options.clientProcessID { server.watchClientProcessFromCommandLine(pid) }
        StdioTransport.run(server)
        // stdin closed: inputClosed() exits on the server queue; wait for it.
        while true { sleep(60) }
    }
}

import Foundation
import Iglu
import JSONSyntax
import TrackingPlans

/// `trackspec iglu pull|list`: the only commands that touch the network (pull) or print the cache.
enum IgluCommand {
    static let usage = """
    USAGE: trackspec iglu pull [--resolver FILE] [--cache DIR] [--timeout SECONDS] [--deadline SECONDS] [--max-versions N] [PATH…]
           trackspec iglu list [--cache DIR] [--check]

      pull   fetch every schema the JSON files under PATH (default .) reference, and the newer versions of
             their families, from the resolver's HTTP repositories into the cache (the first cache folder);
             at most N (100) newer versions per family, the newest; each request within --timeout (10 s),
             the whole pull within --deadline (300 s: what is not asked by then is reported)
      list   print the cached families and versions; --check also judges every schema by the iglu/… rules
             (lint, self against its path, each version against the one before)
    Defaults come from trackspec.json (iglu.cache, iglu.resolver). Exit status: 0 all good, 1 some schema
    could not be fetched (or, with --check, a cached schema has errors), 2 usage or configuration error.
    """

    static func run(_ arguments: [String], output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        guard let sub = arguments.first else {
            errors("trackspec iglu: a command is needed: pull or list\n\n" + usage + "\n")
            return 2
        }
        if ["help", "--help", "-h"].contains(sub) {
            output(usage + "\n")
            return 0
        }
        guard ["pull", "list"].contains(sub) else {
            errors("trackspec iglu: unknown command '\(sub)'\(Suggestions.didYouMean(sub, in: ["pull", "list"]))\n\n" + usage + "\n")
            return 2
        }
        let options = sub == "pull" ? ["--resolver", "--cache", "--timeout", "--deadline", "--max-versions", "--help"] : ["--cache", "--check", "--help"]
        var resolverPath: String?
        var cacheDirs: [String] = []
        var timeout: TimeInterval = 10
        var deadline: TimeInterval = 300
        var maxVersions = 100
        var check = false
        var paths: [String] = []
        var i = 1
        while i < arguments.count {
            let a = arguments[i]
            func value() -> String? {
                i += 1
                return i < arguments.count ? arguments[i] : nil
            }
            switch a {
            case "--resolver":
                guard let v = value() else { errors("--resolver needs a file\n"); return 2 }
                resolverPath = v
            case "--cache":
                guard let v = value() else { errors("--cache needs a folder\n"); return 2 }
                cacheDirs.append(v)
            case "--timeout":
                guard let v = value(), let t = Double(v), t > 0 else { errors("--timeout needs a positive number of seconds\n"); return 2 }
                timeout = t
            case "--deadline" where sub == "pull":
                guard let v = value(), let t = Double(v), t > 0 else { errors("--deadline needs a positive number of seconds\n"); return 2 }
                deadline = t
            case "--max-versions" where sub == "pull":
                guard let v = value(), let n = Int(v), n >= 0 else { errors("--max-versions needs a whole number ≥ 0\n"); return 2 }
                maxVersions = n
            case "--check" where sub == "list":
                check = true
            case "-h", "--help":
                output(usage + "\n")
                return 0
            default:
                if a.hasPrefix("-") {
                    errors("trackspec iglu \(sub): unknown option '\(a)'\(Suggestions.didYouMean(a, in: options))\n\n\(usage)\n")
                    return 2
                }
                paths.append(a)
            }
            i += 1
        }
        let cwd = FileManager.default.currentDirectoryPath
        let configuration: Configuration
        do {
            let (config, configFile, diagnostics) = try Configuration.load(from: paths.first ?? cwd)
            if let configFile, let e = diagnostics.first(where: { $0.severity == .error }) {
                errors("trackspec: invalid configuration in \(configFile): \(e.message)\n")
                return 2
            }
            configuration = config
        } catch {
            errors("trackspec: cannot read configuration: \(error is FileReading.Failure ? "\(error)" : error.localizedDescription)\n")
            return 2
        }
        let folders: [String]
        do {
            folders = cacheDirs.isEmpty ? try configuration.igluCacheFolders() : cacheDirs
        } catch {
            errors("trackspec iglu: \(error)\n")
            return 2
        }
        let cache = RegistryCache(roots: folders)
        if sub == "list" { return list(cache, check: check, output: output) }

        guard let resolverFile = resolverPath ?? configuration.resolverPath else {
            errors("trackspec iglu pull: no resolver config: pass --resolver FILE or set iglu.resolver in trackspec.json\n")
            return 2
        }
        let resolver: ResolverConfig
        do {
            resolver = try ResolverConfig.load(resolverFile)
        } catch {
            errors("trackspec iglu pull: \(error)\n")
            return 2
        }
        guard let target = folders.first else {
            errors("trackspec iglu pull: no cache folder to write to\n")
            return 2
        }
        var references: [SchemaKey] = []
        do {
            let own = Set([resolverFile].map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            for file in try WorkspaceFiles.collect(paths.isEmpty ? ["."] : paths, configuration: configuration) {
                // The resolver config names its own schema; that is not a reference to pull.
                let standardized = URL(fileURLWithPath: file).standardizedFileURL.path
                guard !own.contains(standardized), (file as NSString).lastPathComponent != Configuration.fileName,
                      let data = FileManager.default.contents(atPath: file) else { continue }
                references += IgluReferences.keys(in: SyntaxTree(parsing: [UInt8](data)))
            }
        } catch {
            errors("trackspec iglu pull: \(error)\n")
            return 2
        }
        guard let curl = CurlHTTPClient() else {
            errors("trackspec iglu pull: libcurl (libcurl.so.4) cannot be loaded; install it (Debian: apt install libcurl4)\n")
            return 2
        }
        var puller = IgluPuller(resolver: resolver, target: target, cache: cache, client: curl, timeout: timeout)
        puller.maxVersionsPerFamily = maxVersions
        puller.deadline = deadline
        // libcurl driven directly keeps no state on disk: nothing but the cache folder is written.
        let outcomes = puller.pull(references)
        for outcome in outcomes { output(outcome.line + "\n") }
        let fetched = outcomes.filter { if case .fetched = $0 { return true }; return false }.count
        let failed = outcomes.filter(\.isFailure).count
        output("\(Set(references).count) referenced schema\(Set(references).count == 1 ? "" : "s"); \(fetched) fetched into \(target); \(failed) problem\(failed == 1 ? "" : "s")\n")
        return failed > 0 ? 1 : 0
    }

    /// With `check`, every cached schema is read and judged by the rules of an Iglu schema file (`iglu/…`: lint,
    /// `self` against its path, each version against the one before): errors fail the listing, warnings do not.
    static func list(_ cache: RegistryCache, check: Bool, output: (String) -> Void) -> Int32 {
        var errors = 0
        var warnings = 0
        let analyzer = Analyzer(configuration: Configuration(root: "/"), iglu: IgluContext(folders: cache.roots))
        for family in cache.allFamilies {
            let versions = cache.versions(of: family)
            output("\(Excerpt.escapingControls("\(family)"))  \(versions.map(\.key.version.description).joined(separator: " "))\n")
            guard check else { continue }
            for entry in versions {
                let cached = cache.load(entry)
                // What the lint says better (with a rule id and a place) is left to it.
                for p in cached.problems where ![.selfMismatch, .wrongMetaSchema, .missingSelf].contains(p.kind) || !cached.isUsable {
                    errors += 1
                    output("  problem: \(Excerpt.escapingControls(p.message))\n")
                }
                guard cached.isUsable else { continue }
                let analysis = analyzer.analyzeIgluSchema(path: entry.path, bytes: cached.tree.bytes)
                for d in analysis.diagnostics {
                    if d.severity == .error { errors += 1 } else if d.severity == .warning { warnings += 1 }
                    let at = analysis.lineIndex.position(of: d.range.lowerBound)
                    output("  \(d.severity.rawValue) \(entry.key.version):\(at.line + 1):\(at.character + 1): \(d.message) [\(d.rule)]\n")
                }
            }
        }
        for p in cache.layoutProblems { output("layout: \(Excerpt.escapingControls("\(p)"))\n") }
        let found = check ? "; \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")" : ""
        output("\(cache.familyCount) families, \(cache.schemaCount) schemas in \(cache.roots.joined(separator: ", "))\(found)\n")
        return check && errors > 0 ? 1 : 0
    }
}

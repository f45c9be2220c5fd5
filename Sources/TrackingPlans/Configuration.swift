import Foundation
import Iglu
import JSONSchema
import JSONSyntax

/// What `trackspec.json` says. The same settings reach the language server through
/// `workspace/configuration`, so this type is the single description of every option.
public struct Configuration: Sendable, Equatable {
    public static let fileName = "trackspec.json"
    /// JSON and YAML files, and Iglu schemas in a static registry's layout (`schemas/{vendor}/{name}/{format}/{M-R-A}`,
    /// no extension): a repository of schemas is checked like any other.
    public static let defaultInclude = ["**/*.{json,yaml,yml}", "**/schemas/*/*/*/[0-9]*-[0-9]*-[0-9]*"]
    public static let defaultExclude = ["node_modules/", ".build/"]

    /// Folder the globs and relative paths are resolved against (where `trackspec.json` lives).
    public var root: String
    public var include: [Glob]
    public var exclude: [Glob]
    /// Local Iglu registry folders (static-registry layout), relative to `root` unless absolute.
    public var igluCache: [String]
    /// Cache folders given outside `trackspec.json` (`check --iglu-cache`, `TRACKSPEC_IGLU_CACHE`), already
    /// absolute; searched before `igluCache`.
    public var extraIgluCache: [String] = []
    /// Whether `iglu.cache` was written (the default `iglu` folder may well not exist: no warning for it).
    public var igluCacheConfigured = false
    /// A Snowplow resolver config whose embedded repositories add to the cache folders.
    public var igluResolver: String?
    /// Whether "latest" may be a version of a higher MODEL than the one referenced.
    public var igluLatestAcrossModels = false
    /// Rule id (or `family/*`) → severity; nil severity = off.
    public var ruleSeverities: [String: Severity?]
    /// `kinds`: glob → file kind, first match wins, for files whose content does not say what they are
    /// (a scenario still being written) or must not be analysed as what they look like (`"json"`).
    public var kindOverrides: [KindOverride] = []
    /// `naming`: kind of name (`event`, `property`, `id`, `event-id`…) → the convention the hygiene family holds
    /// names of that kind to; kinds not given are inferred from the workspace.
    public var naming: [String: NamingSetting] = [:]

    public struct KindOverride: Sendable, Equatable {
        public var glob: Glob
        public var kind: FileKind
    }

    public init(root: String, include: [Glob]? = nil, exclude: [Glob]? = nil, igluCache: [String] = ["iglu"],
                igluResolver: String? = nil, ruleSeverities: [String: Severity?] = [:]) {
        self.root = root
        self.include = include ?? Configuration.defaultInclude.map { try! Glob($0) }
        self.exclude = exclude ?? Configuration.defaultExclude.map { try! Glob($0) }
        self.igluCache = igluCache
        self.igluResolver = igluResolver
        self.ruleSeverities = ruleSeverities
    }

    /// The severity a rule has under this configuration: nil when turned off (rules off by default, such as
    /// `iglu/description-missing`, report only when their id or family is given a severity).
    public func severity(of rule: String, default defaultSeverity: Severity) -> Severity? {
        Configuration.severity(of: rule, default: defaultSeverity, overrides: ruleSeverities)
    }

    /// The same from the overrides alone (what a per-finding caller keeps, not the whole configuration).
    public static func severity(of rule: String, default defaultSeverity: Severity, overrides: [String: Severity?]) -> Severity? {
        if !overrides.isEmpty {
            if let s = overrides[rule] { return s }
            if let slash = rule.firstIndex(of: "/"), let s = overrides[String(rule[..<slash]) + "/*"] { return s }
        }
        return RuleRegistry.offByDefault.contains(rule) ? nil : defaultSeverity
    }

    /// An absolute path for a configured one: `~` and `~/…` are the home folder, relative paths are relative
    /// to `root`.
    public func resolve(_ path: String) -> String {
        Configuration.resolve(path, against: root)
    }

    public static func resolve(_ path: String, against base: String) -> String {
        if path == "~" || path.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            return home + path.dropFirst()
        }
        return path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }

    /// The environment variable that adds Iglu cache folders (`:`-separated, like PATH) to every command.
    public static let igluCacheVariable = "TRACKSPEC_IGLU_CACHE"

    /// Folders of `TRACKSPEC_IGLU_CACHE`, absolute (relative ones against `directory`).
    public static func environmentIgluCaches(relativeTo directory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        (environment[igluCacheVariable] ?? "").split(separator: ":").map { resolve(String($0), against: directory) }
    }

    /// Cache folders to read, in priority order: `--iglu-cache`/`TRACKSPEC_IGLU_CACHE`, `iglu.cache`, then the
    /// resolver's embedded repositories.
    public func igluCacheFolders() throws -> [String] {
        var folders = configuredIgluCacheFolders
        if let resolverPath = igluResolver.map(resolve) {
            let resolver = try ResolverConfig.load(resolverPath)
            folders += resolver.embeddedFolders(relativeTo: (resolverPath as NSString).deletingLastPathComponent)
        }
        return folders
    }

    public var resolverPath: String? { igluResolver.map(resolve) }

    /// `--iglu-cache`/`TRACKSPEC_IGLU_CACHE` then `iglu.cache`, absolute: the folders named outright, without
    /// the resolver's (reading it may fail).
    public var configuredIgluCacheFolders: [String] { extraIgluCache + igluCache.map(resolve) }

    /// Configured cache folders that do not exist (each with where it was configured), for a warning: a
    /// typo there otherwise shows only as every source "not in the local Iglu cache".
    public func missingIgluCacheFolders() -> [String] {
        var missing: [String] = []
        for folder in extraIgluCache + (igluCacheConfigured ? igluCache.map(resolve) : []) where !missing.contains(folder) {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue { missing.append(folder) }
        }
        return missing
    }

    /// Finds `trackspec.json` in `directory` or its ancestors, as git finds `.git`.
    public static func locate(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            var isDirectory: ObjCBool = false
            // A trackspec.json that is a folder is found too: reading it then fails with the reason, where skipping
            // it would check the project under another configuration without a word.
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) {
                return candidate
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    public static let knownKeys = ["$schema", "include", "exclude", "iglu", "rules", "kinds", "naming"]

    /// The kind `kinds` forces on a file, if any glob matches it (paths relative to `root`).
    public func forcedKind(of path: String) -> FileKind? {
        guard !kindOverrides.isEmpty else { return nil }
        let relative = WorkspaceFiles.relativePath(path, to: root) ?? path
        return kindOverrides.first { $0.glob.matches(relative) }?.kind
    }
    public static let knownIgluKeys = ["cache", "resolver", "latestAcrossModels"]
    public static let severityNames = ["off", "info", "warning", "error", "hint"]

    /// Reads a configuration from `trackspec.json` text. Always returns a usable configuration (bad
    /// settings fall back to defaults) plus diagnostics on the file; callers decide whether errors are fatal.
    public static func parse(_ tree: SyntaxTree, path: String, root: String, base: Configuration? = nil) -> (Configuration, [Diagnostic]) {
        var config = base ?? Configuration(root: root)
        var diagnostics = tree.diagnostics.map { Diagnostic($0, path: path) }
        func report(_ rule: String, _ node: NodeID, _ message: String) {
            diagnostics.append(Diagnostic(rule: rule, range: tree.range(node), message: message))
        }
        guard let rootNode = tree.root else { return (config, diagnostics) }
        guard tree.kind(rootNode) == .object else {
            report(ConfigRule.invalid, rootNode, "trackspec.json must hold an object")
            return (config, diagnostics)
        }
        func stringList(_ node: NodeID, _ name: String) -> [(String, NodeID)]? {
            if tree.kind(node) == .string { return [(tree.stringValue(node), node)] }
            guard tree.kind(node) == .array else {
                report(ConfigRule.invalid, node, "'\(name)' must be a string or an array of strings")
                return nil
            }
            var out: [(String, NodeID)] = []
            for item in tree.children(node) {
                guard tree.kind(item) == .string else {
                    report(ConfigRule.invalid, item, "'\(name)' entries must be strings")
                    continue
                }
                out.append((tree.stringValue(item), item))
            }
            return out
        }
        func globs(_ node: NodeID, _ name: String) -> [Glob]? {
            guard let list = stringList(node, name) else { return nil }
            var result: [Glob] = []
            for (text, item) in list {
                do { result.append(try Glob(text)) } catch { report(ConfigRule.invalid, item, "\(error)") }
            }
            return result
        }
        for property in tree.children(rootNode) {
            guard let key = tree.keyString(ofProperty: property), let keyNode = tree.key(ofProperty: property) else { continue }
            guard let value = tree.value(ofProperty: property) else { continue }
            switch key {
            case "$schema":
                break
            case "include":
                if let g = globs(value, key) { config.include = g }
            case "exclude":
                if let g = globs(value, key) { config.exclude = g }
            case "iglu":
                guard tree.kind(value) == .object else {
                    report(ConfigRule.invalid, value, "'iglu' must be an object with 'cache' and/or 'resolver'")
                    continue
                }
                for p in tree.children(value) {
                    guard let k = tree.keyString(ofProperty: p), let kn = tree.key(ofProperty: p), let v = tree.value(ofProperty: p) else { continue }
                    switch k {
                    case "cache":
                        if let list = stringList(v, "iglu.cache") {
                            config.igluCache = list.map(\.0)
                            config.igluCacheConfigured = true
                        }
                    case "latestAcrossModels":
                        if let b = tree.boolValue(v) { config.igluLatestAcrossModels = b } else { report(ConfigRule.invalid, v, "'iglu.latestAcrossModels' must be true or false") }
                    case "resolver":
                        if tree.kind(v) == .string { config.igluResolver = tree.stringValue(v) } else { report(ConfigRule.invalid, v, "'iglu.resolver' must be a path string") }
                    default:
                        report(ConfigRule.unknownKey, kn, "unknown key 'iglu.\(k)'\(Suggestions.didYouMean(k, in: knownIgluKeys))")
                    }
                }
            case "kinds":
                guard tree.kind(value) == .object else {
                    report(ConfigRule.invalid, value, "'kinds' must map globs to one of \(FileKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
                    continue
                }
                config.kindOverrides = []
                for p in tree.children(value) {
                    guard let pattern = tree.keyString(ofProperty: p), let kn = tree.key(ofProperty: p), let v = tree.value(ofProperty: p) else { continue }
                    let glob: Glob
                    do { glob = try Glob(pattern) } catch {
                        report(ConfigRule.invalid, kn, "\(error)")
                        continue
                    }
                    guard tree.kind(v) == .string, let kind = FileKind(rawValue: tree.stringValue(v)) else {
                        let text = tree.kind(v) == .string ? tree.stringValue(v) : ""
                        report(ConfigRule.invalid, v, "unknown file kind\(text.isEmpty ? "" : " '\(text)'")\(Suggestions.didYouMean(text, in: FileKind.allCases.map(\.rawValue))); kinds are \(FileKind.allCases.map(\.rawValue).joined(separator: ", "))")
                        continue
                    }
                    config.kindOverrides.append(KindOverride(glob: glob, kind: kind))
                }
            case "naming":
                guard tree.kind(value) == .object else {
                    report(ConfigRule.invalid, value, "'naming' must map kinds of name (\(NamingSetting.kindKeys.prefix(8).joined(separator: ", "))…) to a convention")
                    continue
                }
                for p in tree.children(value) {
                    guard let kind = tree.keyString(ofProperty: p), let kn = tree.key(ofProperty: p), let v = tree.value(ofProperty: p) else { continue }
                    guard NamingSetting.kindKeys.contains(kind) else {
                        report(ConfigRule.unknownKey, kn, "unknown kind of name 'naming.\(kind)'\(Suggestions.didYouMean(kind, in: NamingSetting.kindKeys)); "
                               + "kinds are \(NamingSetting.kindKeys.joined(separator: ", "))")
                        continue
                    }
                    if tree.kind(v) == .string, let setting = NamingSetting(named: tree.stringValue(v)) {
                        config.naming[kind] = setting
                    } else if tree.kind(v) == .object, let pattern = tree.member("pattern", in: v), tree.kind(pattern) == .string, Array(tree.children(v)).count == 1 {
                        let source = tree.stringValue(pattern)
                        do {
                            config.naming[kind] = .pattern(try ECMARegex(source))
                        } catch {
                            report(ConfigRule.invalid, pattern, "'naming.\(kind).pattern' is not a regular expression (ECMA-262): \(error)")
                        }
                    } else {
                        let text = tree.kind(v) == .string ? tree.stringValue(v) : ""
                        report(ConfigRule.invalid, v, "'naming.\(kind)' must be one of \(NamingSetting.valueNames.map { "\"\($0)\"" }.joined(separator: ", ")) "
                               + "or {\"pattern\": \"<regular expression>\"}\(Suggestions.didYouMean(text, in: NamingSetting.valueNames))")
                    }
                }
            case "rules":
                guard tree.kind(value) == .object else {
                    report(ConfigRule.invalid, value, "'rules' must map rule ids to one of \(severityNames.joined(separator: ", "))")
                    continue
                }
                for p in tree.children(value) {
                    guard let id = tree.keyString(ofProperty: p), let kn = tree.key(ofProperty: p), let v = tree.value(ofProperty: p) else { continue }
                    let family = id.hasSuffix("/*") ? String(id.dropLast(2)) : nil
                    let known = family.map { f in RuleRegistry.all.contains { $0.id.hasPrefix(f + "/") } } ?? (RuleRegistry.rule(id) != nil)
                    if !known {
                        report(ConfigRule.unknownRule, kn, "unknown rule '\(id)'\(Suggestions.didYouMean(id, in: RuleRegistry.all.map(\.id)))")
                    }
                    guard tree.kind(v) == .string, Configuration.severityNames.contains(tree.stringValue(v)) else {
                        report(ConfigRule.invalid, v, "rule severity must be one of \(severityNames.map { "\"\($0)\"" }.joined(separator: ", "))")
                        continue
                    }
                    let name = tree.stringValue(v)
                    config.ruleSeverities[id] = name == "off" ? .some(nil) : .some(Severity(rawValue: name))
                }
            default:
                report(ConfigRule.unknownKey, keyNode, "unknown key '\(key)'\(Suggestions.didYouMean(key, in: knownKeys))")
            }
        }
        return (config, diagnostics)
    }

    /// Loads the configuration for a workspace: `explicitPath` if given, else `trackspec.json` found from
    /// `directory` upwards, else defaults rooted at `directory`.
    public static func load(explicitPath: String? = nil, from directory: String) throws -> (Configuration, path: String?, [Diagnostic]) {
        let environmentCaches = environmentIgluCaches(relativeTo: FileManager.default.currentDirectoryPath)
        guard let path = explicitPath ?? locate(from: directory) else {
            var config = Configuration(root: URL(fileURLWithPath: directory).standardizedFileURL.path)
            config.extraIgluCache = environmentCaches
            return (config, nil, [])
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let tree = SyntaxTree(parsing: try FileReading.read(url.path, limit: 16 << 20))
        var (config, diagnostics) = parse(tree, path: path, root: url.deletingLastPathComponent().path)
        config.extraIgluCache = environmentCaches
        return (config, path, diagnostics)
    }
}

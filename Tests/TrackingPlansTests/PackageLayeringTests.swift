import Foundation
import XCTest
import TestSupport

/// Every module imports only what Package.swift declares for it (an undeclared import builds by luck, from
/// another target's build order), and the layers stay one-way, bottom to top.
final class PackageLayeringTests: XCTestCase {
    static let system: Set<String> = ["Foundation", "FoundationNetworking", "Dispatch", "Glibc", "Darwin", "XCTest", "Testing", "Synchronization"]
    static let layers = ["JSONSyntax", "YAMLSyntax", "JSONSchema", "CCurlShim", "Iglu", "TrackingPlans", "LanguageServer", "TrackspecCLI"]

    func testImportsAreDeclaredAndLayersOneWay() throws {
        let root = SharedFixtures.projectRoot
        let package = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let target = try NSRegularExpression(pattern: #"\.(?:executableTarget|testTarget|target)\(name: "([^"]+)"(?:, dependencies: \[([^\]]*)\])?(?:, path: "([^"]+)")?"#)
        var declared: [String: (dependencies: Set<String>, folder: String)] = [:]
        for m in target.matches(in: package, range: NSRange(package.startIndex..., in: package)) {
            let name = String(package[Range(m.range(at: 1), in: package)!])
            let deps = Range(m.range(at: 2), in: package).map { package[$0].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) } } ?? []
            let isTest = package[Range(m.range, in: package)!].hasPrefix(".testTarget")
            let folder = Range(m.range(at: 3), in: package).map { String(package[$0]) } ?? ((isTest ? "Tests/" : "Sources/") + name)
            declared[name] = (Set(deps.filter { !$0.isEmpty }), folder)
        }
        XCTAssertGreaterThan(declared.count, 15)
        let importLine = try NSRegularExpression(pattern: #"^(?:@testable )?import ([A-Za-z]+)"#, options: .anchorsMatchLines)
        for (name, (dependencies, folder)) in declared {
            let url = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for m in importLine.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let module = String(text[Range(m.range(at: 1), in: text)!])
                    guard !Self.system.contains(module), module != name else { continue }
                    XCTAssertTrue(dependencies.contains(module), "\(file.lastPathComponent) in \(name) imports \(module), which Package.swift does not declare")
                }
            }
            // One-way: a library layer depends only on layers below it.
            if let level = Self.layers.firstIndex(of: name) {
                for dep in dependencies {
                    guard let depLevel = Self.layers.firstIndex(of: dep) else { continue }
                    XCTAssertLessThan(depLevel, level, "\(name) depends on \(dep), a layer above it")
                }
            }
        }
    }
}

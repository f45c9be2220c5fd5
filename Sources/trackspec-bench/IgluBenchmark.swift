import Foundation
import Iglu

/// Indexing a cache is on the start-up path of `check` and the server: it must stay far below 100 ms.
func igluBenchmark(_ arguments: [String]) {
    let root = arguments.first ?? "../shared/fixtures/iglu-central"
    guard RegistryCache(roots: [root]).schemaCount > 0 else {
        print("trackspec-bench iglu: no schemas under \(root)/schemas")
        exit(2)
    }
    var cache = RegistryCache(roots: [root])
    let index = measure(minRuns: 20, minSeconds: 1) { cache = RegistryCache(roots: [root]) }
    var problems = 0
    let indexAndCheck = measure(minRuns: 5, minSeconds: 1) {
        let c = RegistryCache(roots: [root])
        problems = 0
        for family in c.allFamilies {
            for entry in c.versions(of: family) { problems += c.load(entry).problems.count }
        }
    }
    print("iglu: \(cache.schemaCount) schemas in \(cache.familyCount) families (\(root))")
    print("  index (directory listing):          \(fmt(index * 1000, 2)) ms median")
    print("  index + read and check every schema: \(fmt(indexAndCheck * 1000, 2)) ms median (\(problems) problems)")
}

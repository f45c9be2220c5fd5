// swift-tools-version:6.0
import PackageDescription

// Layers are one-way, bottom to top: JSONSyntax (+ YAMLSyntax) → JSONSchema → Iglu → TrackingPlans → LanguageServer → TrackspecCLI → executables.
// No third-party packages: Foundation and Dispatch only (and libcurl, loaded at run time by `iglu pull`).
let package = Package(
    name: "trackspec",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "trackspec", targets: ["trackspec"]),
        .executable(name: "trackspec-bench", targets: ["trackspec-bench"]),
        .library(name: "JSONSyntax", targets: ["JSONSyntax"]),
        .library(name: "YAMLSyntax", targets: ["YAMLSyntax"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "Iglu", targets: ["Iglu"]),
        .library(name: "TrackingPlans", targets: ["TrackingPlans"]),
    ],
    targets: [
        .target(name: "JSONSyntax"),
        // The YAML front-end: the same document model (SyntaxTree) from YAML 1.2 text.
        .target(name: "YAMLSyntax", dependencies: ["JSONSyntax"]),
        // The validator is a hot recursive function whose nested helpers share its state: run-time
        // exclusivity checks there cost ~45% of a check (and of the jsonsubschema pairs test in CI).
        .target(name: "JSONSchema", dependencies: ["JSONSyntax"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // libcurl loaded at run time for `iglu pull` (see Sources/CCurlShim): C because curl_easy_setopt is variadic.
        .target(name: "CCurlShim", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "Iglu", dependencies: ["JSONSyntax", "CCurlShim"]),
        .target(name: "TrackingPlans", dependencies: ["JSONSyntax", "YAMLSyntax", "JSONSchema", "Iglu"]),
        .target(name: "LanguageServer", dependencies: ["JSONSyntax", "TrackingPlans"]),
        .target(name: "TrackspecCLI", dependencies: ["JSONSyntax", "YAMLSyntax", "JSONSchema", "Iglu", "TrackingPlans", "LanguageServer"]),
        .executableTarget(name: "trackspec", dependencies: ["TrackspecCLI"]),
        // Fuzz targets (scripts/fuzz.sh builds them with -sanitize=fuzzer -DFUZZING; otherwise a replayer).
        .executableTarget(name: "trackspec-fuzz", dependencies: ["JSONSyntax", "YAMLSyntax", "JSONSchema", "TrackingPlans", "TestSupport"]),
        .executableTarget(name: "trackspec-bench", dependencies: ["JSONSyntax", "YAMLSyntax", "JSONSchema", "Iglu", "TrackingPlans", "LanguageServer", "TrackspecCLI"]),
        // Helpers shared by the test targets and the fuzz targets (seeded random generator, the shared/ fixtures,
        // reference matchers).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "JSONSyntaxTests", dependencies: ["JSONSyntax", "TestSupport"]),
        .testTarget(name: "YAMLSyntaxTests", dependencies: ["YAMLSyntax", "JSONSyntax", "TestSupport"]),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema", "JSONSyntax", "TestSupport"]),
        .testTarget(name: "IgluTests", dependencies: ["Iglu", "JSONSyntax", "TestSupport"]),
        .testTarget(name: "TrackingPlansTests", dependencies: ["TrackingPlans", "JSONSyntax", "JSONSchema", "Iglu", "TestSupport"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "TrackingPlans", "JSONSyntax", "TestSupport"]),
        .testTarget(name: "TrackspecCLITests", dependencies: ["TrackspecCLI", "TrackingPlans", "JSONSyntax", "JSONSchema", "TestSupport"]),
    ]
)

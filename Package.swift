// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
  name: "flopwatch",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "flopwatch", targets: ["flopwatch"]),
    .library(name: "FlopCore", targets: ["FlopCore"]),
    .library(name: "FlopFiles", targets: ["FlopFiles"]),
    .library(name: "FlopRules", targets: ["FlopRules"]),
    .library(name: "FlopRegistry", targets: ["FlopRegistry"]),
    .library(name: "FlopEngine", targets: ["FlopEngine"]),
    .library(name: "FlopFetch", targets: ["FlopFetch"]),
    .library(name: "FlopReports", targets: ["FlopReports"]),
    .library(name: "FlopServer", targets: ["FlopServer"]),
    .library(name: "FlopCommands", targets: ["FlopCommands"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    // The server: Hummingbird 2 without its swift-configuration trait (flags configure it).
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: ["FullFoundation"]),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
  ],
  targets: [
    // Pure FLOP accounting: value types and arithmetic, no I/O, no dependencies.
    .target(name: "FlopCore", swiftSettings: swiftSettings),
    // Threshold rules: regimes (conditions, obligations, deadlines) evaluated against a run with
    // its uncertainty. Over the core's types only: no parsing, no I/O.
    .target(name: "FlopRules", dependencies: ["FlopCore"], swiftSettings: swiftSettings),
    // The formats module: every parser (run files, threshold files, the accelerator catalogue;
    // YAML and JSON with line-numbered errors), the parsed-file cache, file digests and safe file
    // reading and writing.
    .target(
      name: "FlopFiles",
      dependencies: [
        "FlopCore", "FlopRules", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftCSV", package: "SwiftCSV"),
      ],
      swiftSettings: swiftSettings),
    // The run registry, storage only: runs, lineage, progress, obligations and a hash-chained
    // audit log, in SQLite (embedded) or PostgreSQL. It stores and queries; it runs no rules
    // (that is the engine's).
    .target(
      name: "FlopRegistry",
      dependencies: [
        "FlopCore", "FlopFiles", .product(name: "GRDB", package: "GRDB.swift"),
        // Ed25519 for signed checkpoints of the audit chain.
        .product(name: "Crypto", package: "swift-crypto"),
        // SQLite's C API, for binding an import's rows without GRDB's per-argument boxing.
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        // PostgreSQL: the Swift server community's driver, over SwiftNIO.
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings),
    // libcurl, wrapped as a system library with a shim for its variadic calls.
    .systemLibrary(
      name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
    // The fetcher: an HTTP client over libcurl and signed, versioned threshold channels.
    .target(
      name: "FlopFetch",
      dependencies: ["CCurl", "FlopFiles", "FlopRules", .product(name: "Crypto", package: "swift-crypto")],
      swiftSettings: swiftSettings),
    // The use cases, once, for every front door: assess a run, register and re-assess its
    // lineage, record progress and forecast, verify with re-assessment.
    .target(
      name: "FlopEngine",
      dependencies: [
        "FlopCore", "FlopFiles", "FlopRules", "FlopRegistry", "FlopFetch", "FlopReports", .product(name: "SwiftCSV", package: "SwiftCSV"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings),
    // Disclosure reports: Markdown, JSON and self-contained HTML with SVG charts.
    .target(
      name: "FlopReports", dependencies: ["FlopCore", "FlopRules"], swiftSettings: swiftSettings),
    // `flopwatch serve`: the registry shared over HTTP (Hummingbird 2), with API tokens and
    // roles, Prometheus metrics and an OpenAPI document. Routes translate; the engine decides.
    .target(
      name: "FlopServer",
      dependencies: [
        "FlopCore", "FlopFiles", "FlopRules", "FlopRegistry", "FlopEngine", "FlopReports", "FlopFetch",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ],
      resources: [.copy("openapi.json")],
      swiftSettings: swiftSettings),
    // The command-line commands, as a library so tests run them in-process.
    .target(
      name: "FlopCommands",
      dependencies: [
        "FlopCore", "FlopFiles", "FlopRules", "FlopRegistry", "FlopEngine", "FlopFetch", "FlopReports", "FlopServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "SwiftCSV", package: "SwiftCSV"),
      ],
      swiftSettings: swiftSettings),
    .executableTarget(name: "flopwatch", dependencies: ["FlopCommands"], swiftSettings: swiftSettings),
    // Repository paths and a seeded generator, shared by the test targets.
    .target(name: "FlopTestSupport", path: "Tests/FlopTestSupport", exclude: ["mlflow"], swiftSettings: swiftSettings),
    .testTarget(name: "FlopCoreTests", dependencies: ["FlopCore"], swiftSettings: swiftSettings),
    .testTarget(name: "FlopFilesTests", dependencies: ["FlopTestSupport", "FlopFiles"], swiftSettings: swiftSettings),
    .testTarget(name: "FlopRulesTests", dependencies: ["FlopTestSupport", "FlopRules", "FlopFiles", "FlopCore"], swiftSettings: swiftSettings),
    .testTarget(
      name: "FlopRegistryTests", dependencies: ["FlopTestSupport", "FlopRegistry", "FlopEngine", "FlopRules", "FlopFiles", "FlopCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
    .testTarget(
      name: "FlopFetchTests", dependencies: ["FlopTestSupport", "FlopFetch", "FlopFiles", "FlopCommands"], exclude: ["channel_server.py"], swiftSettings: swiftSettings),
    .testTarget(
      name: "FlopCommandsTests", dependencies: ["FlopTestSupport", "FlopCommands", "FlopRegistry", "FlopEngine", "FlopRules", "FlopFiles", "FlopCore"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "FlopServerTests",
      dependencies: [
        "FlopTestSupport", "FlopServer", "FlopCommands", "FlopEngine", "FlopRegistry", "FlopFiles", "FlopCore",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["browser", "alerts"],
      swiftSettings: swiftSettings),
  ],
  swiftLanguageModes: [.v6]
)

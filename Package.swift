// swift-tools-version:6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "CreatorKit",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "CreatorKit", targets: ["CreatorKit"]),
    .executable(name: "creator", targets: ["creator"]),
  ],
  // The PostgreSQL engine (Sources/CreatorKit/Store/Postgres, libpq) is built only with
  // `swift build --traits Postgres`: off by default, so scripts/demo and a creator's own build never compile
  // or link it; scripts/test and CI turn it on when PostgreSQL is installed.
  traits: [
    .trait(name: "Postgres", description: "The PostgreSQL store engine (libpq; Debian: libpq-dev)")
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // `swift package generate-documentation --target CreatorKit`: the DocC catalog in Sources/CreatorKit/CreatorKit.docc,
    // whose code comes from Snippets/ (built by every `swift build`, so an article's code that stops compiling fails the build).
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // libjpeg and libpng (Debian: libjpeg-dev, libpng-dev) to downscale large images before they are sent.
    .target(
      name: "CImageResize",
      linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png")]
    ),
    // stat(2) for Swift: what a path names and its size, following symbolic links.
    .target(name: "CFileStatus"),
    // libcurl (Debian: libcurl4-openssl-dev), talked to directly through its multi interface: waiting for a
    // model costs a real poll, not Foundation's busy loop.
    .target(
      name: "CCurl",
      linkerSettings: [.linkedLibrary("curl")]
    ),
    .systemLibrary(
      name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]
    ),
    // libpq, PostgreSQL's own client library, for the PostgreSQL engine (trait Postgres only).
    .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .target(
      name: "CreatorKit",
      dependencies: [
        "CCurl",
        "CImageResize",
        "CFileStatus",
        "CLibXML2",
        .target(name: "CLibPQ", condition: .when(traits: ["Postgres"])),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift", condition: .when(platforms: [.linux])),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: upcoming
    ),
    .executableTarget(
      name: "creator",
      dependencies: [
        "CreatorKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: upcoming
    ),
    .executableTarget(
      name: "creator-bench",
      dependencies: ["CreatorKit"],
      path: "Benchmarks/creator-bench",
      swiftSettings: upcoming
    ),
    // What both test targets use: the fixtures folder, the llama.cpp server's turns.
    .target(name: "CreatorTestSupport", path: "Tests/CreatorTestSupport", swiftSettings: upcoming),
    .testTarget(
      name: "CreatorKitTests",
      dependencies: [
        "CreatorKit",
        "CreatorTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: upcoming
    ),
    .testTarget(
      name: "CreatorTests",
      dependencies: ["creator", "CreatorTestSupport"],
      swiftSettings: upcoming
    ),
  ]
)

// The libFuzzer harnesses (Fuzz/), only when scripts/fuzz builds them with -sanitize=fuzzer,address: they
// call libFuzzer's driver, so an ordinary build leaves them out.
if Context.environment["CREATORKIT_FUZZ"] != nil {
  package.targets.append(
    .executableTarget(
      name: "creator-fuzz",
      dependencies: ["CreatorKit"],
      path: "Fuzz/creator-fuzz",
      swiftSettings: upcoming
    ))
  package.products.append(.executable(name: "creator-fuzz", targets: ["creator-fuzz"]))
}

// swift-tools-version:6.1
import PackageDescription

// Module map (see README "Architecture"): the executable is thin; Daemon is the composition root;
// ServerCore knows sockets and HTTP but no routes; APIServer knows routes but no runtime; Runtime knows
// images and containers but no HTTP; Traffic is the observation feed everyone publishes to and the
// dashboard reads.
// The request path's targets: an async function runs where its caller runs (Swift 6.2's `nonisolated(nonsending)`
// default) instead of hopping to the generic executor on every call. A request is served on its connection's
// event loop (ServerCore's `EventLoopTaskExecutor`); each of those hops asked the runtime for the task's
// preferred executor under a lock, which profiling showed costing /_ping about a microsecond per request.
let requestPathSettings: [SwiftSetting] = [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]

let package = Package(
    name: "daemon-tui",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "daemon-tui", targets: ["daemon-tui"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .target(name: "Errdefs"),
        // Signal names and numbers as dockerd parses them: the routes (`kill?signal=`) and the container store
        // (`StopSignal`) share one table.
        .target(name: "Signals", dependencies: ["Errdefs"]),
        .target(name: "CContainer"),
        .target(
            name: "Engine",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Traffic",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(
            name: "ServerCore",
            dependencies: [
                "Traffic",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: requestPathSettings
        ),
        .target(
            name: "APIServer",
            dependencies: [
                "ServerCore", "Traffic", "Errdefs", "Signals",
                // Insecure.SHA1 for the WebSocket handshake's Sec-WebSocket-Accept.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: requestPathSettings
        ),
        .target(
            name: "Runtime",
            dependencies: [
                "Errdefs", "CArchive", "CContainer", "Signals",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Daemon",
            dependencies: [
                "Engine", "ServerCore", "APIServer", "Runtime", "Traffic", "Errdefs",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // It implements APIServer's backend protocols, whose requirements follow the same default.
            swiftSettings: requestPathSettings
        ),
        .target(
            name: "WireClient",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "Dashboard",
            dependencies: [
                "CNcurses", "Traffic", "WireClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "WireClient", "ServerCore", "Traffic",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "daemon-tui",
            dependencies: [
                "Daemon", "Dashboard", "Traffic", "Runtime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine"]),
        .testTarget(name: "TrafficTests", dependencies: ["Traffic"]),
        .testTarget(
            name: "ServerCoreTests",
            dependencies: [
                "ServerCore", "Traffic", "TestSupport", "WireClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "APIServerTests",
            dependencies: [
                "APIServer", "ServerCore", "Traffic", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Its fake backends implement APIServer's protocols.
            swiftSettings: requestPathSettings
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "Runtime", "Errdefs", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "TestSupport", "WireClient", "Traffic"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "Traffic", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WireClientTests",
            dependencies: [
                "WireClient", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ]
)

import Foundation

/// The router's settings: the seed's `createRouter(eng, logging, enableCors, dockerVersion)` plus the API
/// version range and the debug switch.
public struct APIServerConfiguration: Sendable {
    /// Log each call at debug level (the seed's `Logging`).
    public var logging: Bool
    /// CORS headers, when enabled (`--api-cors-header`, `--api-enable-cors`).
    public var cors: CORSPolicy?
    /// This daemon's version (the seed's `Version` env).
    public var daemonVersion: String
    /// The highest API version served, and the default for unversioned paths.
    public var apiVersion: APIVersion
    /// The lowest API version accepted.
    public var minimumAPIVersion: APIVersion
    /// `-D`: register the debug routes (the seed's `AttachProfiler`).
    public var debug: Bool

    public init(
        logging: Bool = true, cors: CORSPolicy? = nil, daemonVersion: String, apiVersion: APIVersion,
        minimumAPIVersion: APIVersion = APIVersion("1.12")!, debug: Bool = false
    ) {
        self.logging = logging
        self.cors = cors
        self.daemonVersion = daemonVersion
        self.apiVersion = apiVersion
        self.minimumAPIVersion = minimumAPIVersion
        self.debug = debug
    }
}

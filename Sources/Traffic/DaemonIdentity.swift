import Foundation

/// Facts about the running daemon that the dashboard's header shows.
public struct DaemonIdentity: Sendable, Equatable {
    public var version: String
    public var apiVersion: String
    public var pid: Int32
    public var dataRoot: String
    /// The `export DOCKER_HOST=…` value for the first unix or tcp listener.
    public var dockerHost: String?

    public init(version: String, apiVersion: String, pid: Int32, dataRoot: String, dockerHost: String?) {
        self.version = version
        self.apiVersion = apiVersion
        self.pid = pid
        self.dataRoot = dataRoot
        self.dockerHost = dockerHost
    }
}

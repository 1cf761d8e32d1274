import Foundation
import TestSupport

/// The docker CLI pointed at a daemon, with a private config directory.
struct DockerCLI {
    let host: String
    var environment: [String: String] = [:]

    init(host: String, environment: [String: String] = [:]) {
        self.host = host
        self.environment = environment
    }

    static var available: Bool { Command.exists("docker") }

    func run(_ arguments: [String], timeout: TimeInterval = 60, input: Data? = nil) async throws -> CommandResult {
        let config = NSTemporaryDirectory() + "docker-config-test"
        try? FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        var env = ["DOCKER_HOST": host, "DOCKER_CONFIG": config, "DOCKER_CLI_HINTS": "false"]
        env.merge(environment) { $1 }
        return try await Command.run("docker", arguments, environment: env, input: input, timeout: timeout)
    }
}

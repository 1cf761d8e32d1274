import Traffic

/// The `export DOCKER_HOST=…` line that points a docker client at this daemon.
public enum DockerHost {
    /// For the first unix or tcp listener; nil when there is none.
    public static func exportLine(for listeners: [ListenerRecord]) -> String? {
        for listener in listeners {
            switch listener.transport {
            case "unix":
                return "export DOCKER_HOST=unix://\(listener.endpoint)"
            case "tcp":
                let address = listener.endpoint.replacingOccurrences(of: "0.0.0.0:", with: "127.0.0.1:")
                    .replacingOccurrences(of: "[::]:", with: "127.0.0.1:")
                switch listener.tls {
                case .none: return "export DOCKER_HOST=tcp://\(address)"
                case .tls: return "export DOCKER_HOST=tcp://\(address) DOCKER_TLS=1"
                case .verify: return "export DOCKER_HOST=tcp://\(address) DOCKER_TLS_VERIFY=1"
                }
            default:
                continue
            }
        }
        return nil
    }
}

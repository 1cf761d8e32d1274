import Errdefs
import Foundation

/// Applies the Dockerfile-style `changes` of `docker import -c` / `docker commit -c` to a run configuration,
/// as dockerd's `BuildFromConfig`: `CMD`, `ENTRYPOINT`, `ENV`, `EXPOSE`, `HEALTHCHECK` (`NONE` or `CMD …`),
/// `LABEL`, `ONBUILD`, `STOPSIGNAL`, `USER`, `VOLUME`, `WORKDIR`; JSON-array and shell forms. Variable
/// substitution (`$VAR`) is not performed.
enum ConfigChanges {
    static func apply(_ changes: [String], to config: inout ImageRunConfig) throws {
        var cmdSet = false
        for line in changes {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let word = String(trimmed.prefix { !$0.isWhitespace })
            let rest = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
            switch word.uppercased() {
            case "CMD":
                config.Cmd = try commandForm(rest, instruction: "CMD")
                cmdSet = true
            case "ENTRYPOINT":
                config.Entrypoint = try commandForm(rest, instruction: "ENTRYPOINT")
                if !cmdSet { config.Cmd = nil }
            case "ENV":
                for (key, value) in try keyValues(rest, instruction: "ENV") {
                    var env = (config.Env ?? []).filter { !$0.hasPrefix(key + "=") && $0 != key }
                    env.append("\(key)=\(value)")
                    config.Env = env
                }
            case "LABEL":
                var labels = config.Labels ?? [:]
                for (key, value) in try keyValues(rest, instruction: "LABEL") { labels[key] = value }
                config.Labels = labels
            case "EXPOSE":
                var ports = config.ExposedPorts ?? [:]
                for spec in rest.split(whereSeparator: \.isWhitespace) { for port in try exposedPorts(String(spec)) { ports[port] = .init() } }
                guard !rest.isEmpty else { throw invalid("EXPOSE requires at least one argument") }
                config.ExposedPorts = ports
            case "VOLUME":
                let paths = rest.hasPrefix("[") ? try jsonArray(rest, instruction: "VOLUME") : rest.split(whereSeparator: \.isWhitespace).map(String.init)
                guard !paths.isEmpty, !paths.contains(where: \.isEmpty) else { throw invalid("VOLUME specified can not be an empty string") }
                var volumes = config.Volumes ?? [:]
                for path in paths { volumes[path] = .init() }
                config.Volumes = volumes
            case "WORKDIR":
                guard !rest.isEmpty else { throw invalid("WORKDIR requires exactly one argument") }
                let base = rest.hasPrefix("/") ? "" : (config.WorkingDir?.isEmpty == false ? config.WorkingDir! : "/")
                config.WorkingDir = cleanPath(base + "/" + rest)
            case "USER":
                guard !rest.isEmpty else { throw invalid("USER requires exactly one argument") }
                config.User = rest
            case "STOPSIGNAL":
                guard !rest.isEmpty else { throw invalid("STOPSIGNAL requires exactly one argument") }
                config.StopSignal = rest
            case "ONBUILD":
                let inner = rest.prefix { !$0.isWhitespace }.uppercased()
                guard !rest.isEmpty, !["ONBUILD", "FROM", "MAINTAINER"].contains(inner) else {
                    throw invalid("\(inner.isEmpty ? "ONBUILD" : inner) isn't allowed as an ONBUILD trigger")
                }
                config.OnBuild = (config.OnBuild ?? []) + [rest]
            case "HEALTHCHECK":
                var health = ImageRunConfig.HealthConfig()
                if rest.uppercased() == "NONE" {
                    health.Test = ["NONE"]
                } else if rest.uppercased().hasPrefix("CMD") {
                    let command = rest.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    health.Test = command.hasPrefix("[") ? ["CMD"] + (try jsonArray(command, instruction: "HEALTHCHECK")) : ["CMD-SHELL", command]
                } else {
                    throw invalid("Unknown type \"\(rest)\" in HEALTHCHECK (try CMD)")
                }
                config.Healthcheck = health
            default:
                throw invalid("\(word) is not a valid change command")
            }
        }
    }

    private static func invalid(_ message: String) -> DaemonError { .invalidParameter(message) }

    /// Exec form (`["a","b"]`) or shell form (`a b` → `/bin/sh -c "a b"`).
    private static func commandForm(_ rest: String, instruction: String) throws -> [String] {
        if rest.hasPrefix("["), let array = try? jsonArray(rest, instruction: instruction) { return array }
        return ["/bin/sh", "-c", rest]
    }

    private static func jsonArray(_ text: String, instruction: String) throws -> [String] {
        guard let array = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw invalid("\(instruction): not a JSON array of strings: \(text)")
        }
        return array
    }

    /// `k=v k2="v 2"` pairs, or the legacy `key value` form.
    static func keyValues(_ rest: String, instruction: String) throws -> [(String, String)] {
        let words = try shellWords(rest)
        guard let first = words.first else { throw invalid("\(instruction) requires at least one argument") }
        if !first.contains("=") {
            guard instruction == "ENV" || instruction == "LABEL" else { throw invalid("\(instruction) needs key=value") }
            let key = String(rest.prefix { !$0.isWhitespace })
            let value = rest.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty || instruction == "LABEL" else { throw invalid("\(instruction) must have two arguments") }
            return [(key, value)]
        }
        return try words.map { word in
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw invalid("Syntax error - can't find = in \"\(word)\". Must be of the form: name=value")
            }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }
    }

    /// Splits on unquoted whitespace, removing quotes and backslash escapes.
    private static func shellWords(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"", let next = iterator.next() { current.append(next) } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c == "\\", let next = iterator.next() {
                current.append(next)
                inWord = true
            } else if c.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(c)
                inWord = true
            }
        }
        guard quote == nil else { throw invalid("unmatched quote in \"\(text)\"") }
        if inWord { words.append(current) }
        return words
    }

    /// `80`, `80/tcp`, `53/udp`, `8000-8002` → `["80/tcp"]` …
    private static func exposedPorts(_ spec: String) throws -> [String] {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        let proto = parts.count > 1 ? parts[1].lowercased() : "tcp"
        guard ["tcp", "udp", "sctp"].contains(proto) else { throw invalid("invalid proto: \(proto)") }
        let bounds = parts[0].split(separator: "-", maxSplits: 1).map { Int($0) }
        guard let low = bounds.first ?? nil, (0...65535).contains(low) else { throw invalid("invalid containerPort: \(parts[0])") }
        let high = bounds.count > 1 ? (bounds[1] ?? -1) : low
        guard high >= low, high <= 65535 else { throw invalid("invalid range specified for container port: \(parts[0])") }
        return (low...high).map { "\($0)/\(proto)" }
    }

    static func cleanPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}

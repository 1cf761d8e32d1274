import Foundation

/// Facts about this machine and process, read fresh from the kernel each time they are asked for.
enum HostFacts {
    static var uname: (kernel: String, machine: String, hostname: String) {
        var info = utsname()
        Glibc.uname(&info)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return (text(info.release), text(info.machine), text(info.nodename))
    }

    /// Docker's names for architectures (`x86_64`, `aarch64` as uname says; `amd64`/`arm64` for Go's GOARCH).
    static var goArch: String {
        switch uname.machine {
        case "x86_64": return "amd64"
        case "aarch64": return "arm64"
        case let other: return other
        }
    }

    /// `PRETTY_NAME` and `VERSION_ID` from /etc/os-release.
    static var operatingSystem: (name: String, version: String) {
        let text = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return (fields["PRETTY_NAME"] ?? "Linux", fields["VERSION_ID"] ?? "")
    }

    /// Total memory in bytes (/proc/meminfo).
    static var memTotal: Int64 {
        let text = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }) else { return 0 }
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Int64($0) } ?? 0
        return kb * 1024
    }

    /// A value from /proc/self/status (`Threads`, `VmRSS`…), without its unit.
    static func selfStatus(_ key: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) } ?? 0
    }

    /// Open file descriptors of this process.
    static var openFileDescriptors: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
    }

    /// `1` or `2`: the cgroup hierarchy in use.
    static var cgroupVersion: String {
        FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers") ? "2" : "1"
    }

    static var ipv4Forwarding: Bool {
        (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8))?.hasPrefix("1") ?? false
    }

    /// RFC 3339 with nanoseconds, as Go prints `time.Now()` in `/info`.
    static func rfc3339Nano(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

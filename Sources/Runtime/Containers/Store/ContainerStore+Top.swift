import Errdefs
import Foundation

/// `GET /containers/{name}/top`: a `ps` table.
public struct ContainerTop: Sendable, Equatable {
    /// The column titles (`UID PID PPID C STIME TTY TIME CMD` for the default `-ef`).
    public var titles: [String]
    /// One row per process.
    public var processes: [[String]]
}

extension ContainerStore {
    /// `GET /containers/{name}/top?ps_args=`: as dockerd, runs the host's `ps` with `ps_args` (default `-ef`)
    /// and keeps the rows whose PID column is one of the container's processes. 409 when not running.
    public func top(_ nameOrID: String, psArgs: String? = nil) async throws -> ContainerTop {
        let id = try resolveID(nameOrID)
        guard containers[id]!.record.State.isRunning, let process = containers[id]!.process else {
            throw DaemonError.conflict("container \(id) is not running")
        }
        let args = (psArgs.flatMap { $0.isEmpty ? nil : $0 } ?? "-ef").split(separator: " ").map(String.init)
        let pids = try await BlockingWork.run { Set(try process.processIDs()) }
        let output = try await BlockingWork.run { try PSCommand.run(args) }
        return try PSCommand.table(output, keeping: pids)
    }
}

/// Runs the host's `ps` and reads its table (dockerd's `parsePSOutput`).
enum PSCommand {
    static func run(_ args: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ["/usr/bin/ps", "/bin/ps"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/bin/ps")
        process.arguments = args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DaemonError.system("Error running ps: \(error)")
        }
        // Read before waiting: a full pipe would block ps for ever.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DaemonError.system("Error running ps: exit status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The titles and the rows whose `PID` is in `pids`; the last column keeps its spaces.
    static func table(_ output: String, keeping pids: Set<Int32>) throws -> ContainerTop {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first else { throw DaemonError.system("Error running ps: no output") }
        let titles = header.split(separator: " ").map(String.init)
        guard let pidColumn = titles.firstIndex(of: "PID") else {
            throw DaemonError.system("Couldn't find PID field in ps output")
        }
        var rows: [[String]] = []
        for line in lines.dropFirst() {
            let fields = Self.fields(line, count: titles.count)
            guard fields.count > pidColumn, let pid = Int32(fields[pidColumn]), pids.contains(pid) else { continue }
            rows.append(fields)
        }
        return ContainerTop(titles: titles, processes: rows)
    }

    /// Splits on runs of spaces into at most `count` fields; the last one is the rest of the line.
    static func fields(_ line: Substring, count: Int) -> [String] {
        var fields: [String] = []
        var rest = line.drop { $0 == " " }
        while !rest.isEmpty {
            if fields.count == count - 1 {
                fields.append(String(rest))
                break
            }
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            fields.append(String(rest[..<end]))
            rest = rest[end...].drop { $0 == " " }
        }
        return fields
    }
}

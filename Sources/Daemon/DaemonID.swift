import Foundation
import Runtime

/// The daemon's persistent identity (`ID` in `/info`), kept in `<data-root>/engine-id`.
enum DaemonID {
    static func load(dataRoot: String) -> String {
        let url = URL(fileURLWithPath: dataRoot).appendingPathComponent("engine-id")
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !id.isEmpty { return id }
        }
        let id = UUID().uuidString.lowercased()
        try? AtomicFile.write(Data((id + "\n").utf8), to: url, mode: 0o644)
        return id
    }
}

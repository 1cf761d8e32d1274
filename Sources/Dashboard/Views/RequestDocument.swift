import Foundation
import Traffic

/// The request detail: request line, where it came from, matched route and vars, the stage timeline, headers
/// and bodies (secrets masked), and the curl command after `c`.
enum RequestDocument {
    static func build(
        _ r: RequestRecord, listener: ListenerRecord?, curl: String?, now: Date, theme: Theme
    ) -> TextDocument {
        var lines: [[TextSegment]] = []
        lines.append([
            TextSegment(r.method, theme.method), TextSegment(" \(r.uri) HTTP/\(r.httpVersion)", theme.bold),
        ])
        let where_ = listener.map { "\($0.id) \($0.url)" } ?? r.listener.description
        lines.append([TextSegment("\(r.id) · \(where_) · peer \(r.peer) · \(phaseText(r))", theme.dim)])
        if let route = r.route {
            lines.append([
                TextSegment("route    ", theme.dim), TextSegment(r.method + " ", theme.method), TextSegment(route),
                TextSegment(" \(theme.rightArrow) \(r.handler ?? "?")", theme.accent),
            ])
        } else if r.stages.dispatched != nil {
            lines.append([TextSegment("route    ", theme.dim), TextSegment("no route matched", theme.warning)])
        }
        if !r.vars.isEmpty {
            let vars = r.vars.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.append([TextSegment("vars     ", theme.dim), TextSegment(vars)])
        }
        lines.append([TextSegment("timeline ", theme.dim)] + timeline(r, now: now, theme: theme))
        if let error = r.errorMessage {
            lines.append([TextSegment("error    ", theme.dim), TextSegment(error, theme.error)])
        }
        if let curl {
            lines.append([])
            lines.append(TextDocument.heading("curl", theme: theme))
            lines.append([TextSegment(curl, theme.accent)])
        }
        lines.append([])
        lines.append(TextDocument.heading("request headers", theme: theme))
        lines += TextDocument.headers(r.requestHeaders.map { ($0.name, $0.value) }, theme: theme)
        if r.requestBytes > 0 || !r.requestBodyExcerpt.isEmpty {
            lines.append([])
            lines.append(TextDocument.heading("request body · \(Format.bytes(r.requestBytes)) bytes", theme: theme))
            lines += TextDocument.body(r.requestBodyExcerpt, total: r.requestBytes, theme: theme)
        }
        lines.append([])
        if let status = r.status {
            lines.append(
                TextDocument.heading("response", theme: theme) + [
                    TextSegment(" \(theme.statusSymbol(status)) \(status)", theme.status(status)),
                ])
            lines += TextDocument.headers(r.responseHeaders.map { ($0.name, $0.value) }, theme: theme)
            lines.append([])
            var title = "response body · \(Format.bytes(r.responseBytes)) bytes"
            if r.phase == .hijacked {
                title = "hijacked stream · in \(Format.bytes(r.hijackedBytesIn)) · out \(Format.bytes(r.hijackedBytesOut))"
            }
            lines.append(TextDocument.heading(title, theme: theme))
            lines += TextDocument.body(r.responseBodyExcerpt, total: r.responseBytes, theme: theme)
        } else {
            lines.append(TextDocument.heading("response", theme: theme) + [TextSegment(" (none yet)", theme.dim)])
        }
        return TextDocument(lines: lines)
    }

    static func phaseText(_ r: RequestRecord) -> String {
        switch r.phase {
        case .held: return "HELD by the listen buffer"
        case .inFlight: return "in flight"
        case .streaming: return "streaming"
        case .hijacked: return "hijacked (raw stream)"
        case .done: return "done"
        }
    }

    /// accepted → held → dispatched → first byte → done, each as an offset from acceptance.
    static func timeline(_ r: RequestRecord, now: Date, theme: Theme) -> [TextSegment] {
        let start = r.stages.accepted
        let stages: [(String, Date?)] = [
            ("held", r.stages.held), ("dispatched", r.stages.dispatched), ("first byte", r.stages.firstByte),
            ("done", r.stages.done),
        ]
        var out = [TextSegment("accepted \(Format.preciseClock(start))")]
        for (name, date) in stages {
            out.append(TextSegment(" \(theme.rightArrow) ", theme.dim))
            if let date {
                out.append(TextSegment("\(name) +\(Format.duration(date.timeIntervalSince(start), unicode: theme.unicode))"))
            } else if name == "held" {
                out.append(TextSegment("held -", theme.dim))
            } else {
                let waiting = r.isLive ? " (\(Format.duration(now.timeIntervalSince(start), unicode: theme.unicode)) so far)" : ""
                out.append(TextSegment("\(name) -\(waiting)", theme.dim))
                if r.isLive { break }
            }
        }
        return out
    }
}

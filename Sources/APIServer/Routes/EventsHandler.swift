import Errdefs
import Foundation

/// `GET /events`: replays past events (`since`), then streams live ones as newline-delimited JSON until `until`
/// or until the client leaves.
struct EventsHandler: Sendable {
    let backend: any EventsBackend

    func stream(_ context: APIContext) async throws {
        let now = Date()
        let since = try context.query.string("since").flatMap { try Timestamp.parse($0, now: now, name: "since") }
        let until = try context.query.string("until").flatMap { try Timestamp.parse($0, now: now, name: "until") }
        if let since, let until, until < since {
            throw DaemonError.invalidParameter("`since` time (\(since)) cannot be after `until` time (\(until))")
        }
        let filter = EventFilter(try context.query.filters())

        try await context.startStream(contentType: "application/json")
        let subscription = backend.subscribe(sinceNano: since ?? (until != nil ? 0 : nil))
        // The replay is written first and in full; with an `until` already past, that is the whole answer.
        for event in subscription.replay where until.map({ event.timeNano <= $0 }) ?? true {
            guard filter.accepts(event) else { continue }
            try await context.writeJSONLine(EventMessage(event))
        }
        let untilNano = until
        if let untilNano, Double(untilNano) / 1e9 <= Date().timeIntervalSince1970 {
            try? await context.end()
            return
        }
        let live = subscription.live
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in live {
                    if let untilNano, event.timeNano > untilNano { break }
                    guard filter.accepts(event) else { continue }
                    do {
                        try await context.writeJSONLine(EventMessage(event))
                    } catch {
                        break
                    }
                }
            }
            group.addTask { await context.waitForClientToLeave() }
            if let untilNano {
                group.addTask {
                    let delay = Double(untilNano) / 1e9 - Date().timeIntervalSince1970
                    if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
                }
            }
            await group.next()
            group.cancelAll()
        }
        try? await context.end()
    }
}

/// Docker's timestamp forms for `since` / `until`: Unix seconds with an optional `.nanoseconds`, RFC 3339
/// dates, or a duration (`10m`, `1h30m`) counted back from now. Results are nanoseconds since the epoch.
enum Timestamp {
    static func parse(_ raw: String, now: Date, name: String) throws -> Int64? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        if let seconds = parseUnix(value) { return seconds }
        if let duration = parseDuration(value) { return Int64((now.timeIntervalSince1970 - duration) * 1e9) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) ?? ISO8601DateFormatter().date(from: value) {
            return Int64(date.timeIntervalSince1970 * 1e9)
        }
        throw DaemonError.invalidParameter("invalid value for \(name): \(raw) is not a timestamp (Unix seconds, RFC 3339 or a duration)")
    }

    private static func parseUnix(_ value: String) -> Int64? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let seconds = Int64(parts[0]) else { return nil }
        var nanos: Int64 = 0
        if parts.count == 2 {
            let digits = String(parts[1].prefix(9))
            guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let n = Int64(digits) else { return nil }
            nanos = n * Int64(pow(10.0, Double(9 - digits.count)))
        }
        return seconds * 1_000_000_000 + nanos
    }

    /// Go's duration syntax: a sequence of number+unit (`ns us ms s m h`).
    private static func parseDuration(_ value: String) -> Double? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(value)
        var total = 0.0
        var sawAny = false
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let amount = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let (unit, factor) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += amount * factor
            sawAny = true
        }
        return sawAny ? total : nil
    }
}

/// The `filters` of `/events`: type, event (action), container, image, label.
struct EventFilter: Sendable {
    let filters: [String: [String]]

    init(_ filters: [String: [String]]) { self.filters = filters }

    func accepts(_ event: APIEvent) -> Bool {
        if let types = filters["type"], !types.contains(event.type) { return false }
        if let actions = filters["event"] ?? filters["action"],
            !actions.contains(where: { event.action == $0 || event.action.hasPrefix($0 + ":") })
        {
            return false
        }
        if let containers = filters["container"] {
            guard event.type == "container" else { return false }
            let name = event.attributes["name"] ?? ""
            if !containers.contains(where: { event.actorID.hasPrefix($0) || name == $0 }) { return false }
        }
        if let images = filters["image"] {
            let candidates = [event.attributes["image"], event.attributes["name"], event.actorID].compactMap { $0 }
            if !images.contains(where: { image in candidates.contains { $0 == image || $0.hasPrefix(image + ":") } }) {
                return false
            }
        }
        if let labels = filters["label"] {
            for label in labels {
                let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                guard let value = event.attributes[parts[0]] else { return false }
                if parts.count == 2 && value != parts[1] { return false }
            }
        }
        return true
    }
}

/// One event on the wire, with the deprecated `status`/`id`/`from` fields dockerd still sends.
struct EventMessage: Encodable {
    struct EventActor: Encodable {
        let ID: String
        let Attributes: [String: String]
    }

    let status: String?
    let id: String?
    let from: String?
    let `Type`: String
    let Action: String
    let Actor: EventActor
    let scope = "local"
    let time: Int64
    let timeNano: Int64

    init(_ event: APIEvent) {
        let legacy = event.type == "container" || event.type == "image"
        status = legacy ? event.action : nil
        id = legacy ? event.actorID : nil
        from = event.type == "container" ? event.attributes["image"] : nil
        self.Type = event.type
        Action = event.action
        self.Actor = EventActor(ID: event.actorID, Attributes: event.attributes)
        time = event.timeNano / 1_000_000_000
        self.timeNano = event.timeNano
    }
}

import Foundation

/// One message of Docker's JSON message streams (`/images/create`, `/images/load`, push, build): a status, a
/// progress report, a line of output, or an error. Every field is left out when empty, as Go's `omitempty`.
public struct JSONMessage: Sendable, Equatable, Encodable {
    /// `progressDetail`: byte counts.
    public struct ProgressDetail: Sendable, Equatable, Encodable {
        /// Bytes done.
        public var current: Int64?
        /// Bytes expected, when known.
        public var total: Int64?
    }

    /// `errorDetail`.
    public struct ErrorDetail: Sendable, Equatable, Encodable {
        /// The error's text.
        public var message: String
    }

    /// `stream`: output text (`Loaded image: busybox:latest\n`).
    public var stream: String?
    /// `status`: `Importing`, `Loading layer`, an image ID…
    public var status: String?
    /// `progressDetail`.
    public var progressDetail: ProgressDetail?
    /// `progress`: the progress bar as text (deprecated, still sent by dockerd).
    public var progress: String?
    /// `id`: what the status is about (a short layer ID).
    public var id: String?
    /// `errorDetail`.
    public var errorDetail: ErrorDetail?
    /// `error`: the error's text again (deprecated, still sent by dockerd).
    public var error: String?

    /// A message with the given fields.
    public init(stream: String? = nil, status: String? = nil, id: String? = nil) {
        self.stream = stream
        self.status = status
        self.id = id
    }

    /// A progress message: `status` about `id`, `current` of `total` bytes (total unknown when nil).
    public static func progress(_ status: String, id: String? = nil, current: Int64, total: Int64?) -> JSONMessage {
        var message = JSONMessage(status: status, id: id)
        message.progressDetail = ProgressDetail(current: current, total: total.flatMap { $0 > 0 ? $0 : nil })
        message.progress = ProgressText.bar(current: current, total: total ?? 0)
        return message
    }

    /// An error message, as dockerd writes one into a stream that has already started.
    public static func failure(_ text: String) -> JSONMessage {
        var message = JSONMessage()
        message.errorDetail = ErrorDetail(message: text)
        message.error = text
        return message
    }
}

/// Docker's text rendering of progress (`jsonmessage.JSONProgress.String` at its default width).
enum ProgressText {
    /// `[=====>      ]  1.235MB/4.2MB`, or just the size when the total is unknown.
    static func bar(current: Int64, total: Int64) -> String {
        guard current > 0 || total > 0 else { return "" }
        let done = humanSize(current)
        guard total > 0 else { return String(repeating: " ", count: max(0, 8 - done.count)) + done }
        let percentage = min(50, Int(Double(current) / Double(total) * 100) / 2)
        let bar = "[" + String(repeating: "=", count: percentage) + ">" + String(repeating: " ", count: 50 - percentage) + "] "
        let numbers = current > total ? pad(done) : pad(done) + "/" + humanSize(total)
        return bar + numbers
    }

    /// Go's `units.HumanSize`: decimal units, four significant digits (`1.235MB`, `512B`).
    static func humanSize(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return formatG4(value) + units[unit]
    }

    private static func pad(_ text: String) -> String { String(repeating: " ", count: max(0, 8 - text.count)) + text }

    /// `%.4g`: four significant digits, no trailing zeros.
    private static func formatG4(_ value: Double) -> String {
        guard value != 0 else { return "0" }
        let digitsBeforePoint = value < 1 ? 1 : Int(log10(value).rounded(.down)) + 1
        let decimals = max(0, 4 - digitsBeforePoint)
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

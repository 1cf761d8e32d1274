import Traffic

/// What the model asks the app to do after a key: the only way keys reach the daemon or the terminal.
public enum DashboardAction: Sendable, Equatable {
    /// Run the `acceptconnections` job: release every held request.
    case activate
    /// Re-arm holding (true) or turn buffering off (false).
    case setBuffering(Bool)
    /// Shut the daemon down gracefully and leave.
    case quit
    /// Send a composed request over a real listener.
    case send(ComposedRequest)
    /// Put text on the clipboard (OSC 52).
    case copyToClipboard(String)
}

/// A request built in the composer, ready to go over a listener like any client's.
public struct ComposedRequest: Sendable, Equatable {
    /// Matches the response to the form that sent it.
    public var token: Int
    /// The HTTP method.
    public var method: String
    /// Path and query, e.g. `/v1.14/containers/json?all=1`.
    public var target: String
    /// Headers to send.
    public var headers: [HeaderField]
    /// The body bytes.
    public var body: [UInt8]
    /// The listener to send through.
    public var listener: ListenerID

    /// Creates a request.
    public init(token: Int, method: String, target: String, headers: [HeaderField], body: [UInt8], listener: ListenerID) {
        self.token = token
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.listener = listener
    }
}

/// What came back for a composed request.
public struct ComposeOutcome: Sendable, Equatable {
    /// Status, headers and body of a response that arrived.
    public struct Response: Sendable, Equatable {
        /// The status code.
        public var status: Int
        /// The reason phrase.
        public var reason: String
        /// Headers to send.
        public var headers: [HeaderField]
        /// The body bytes.
        public var body: [UInt8]
        /// The body was cut at the client's limit, or the stream was still going when the wait ended.
        public var truncated: Bool

        /// Creates a response summary.
        public init(status: Int, reason: String, headers: [HeaderField], body: [UInt8], truncated: Bool) {
            self.status = status
            self.reason = reason
            self.headers = headers
            self.body = body
            self.truncated = truncated
        }
    }

    /// The token of the request this answers.
    public var token: Int
    /// The response, or why there is none.
    public var result: Result<Response, ComposeFailure>
    /// Seconds from sending to the outcome.
    public var elapsed: Double

    /// Creates an outcome.
    public init(token: Int, result: Result<Response, ComposeFailure>, elapsed: Double) {
        self.token = token
        self.result = result
        self.elapsed = elapsed
    }
}

/// Why a composed request got no response.
public struct ComposeFailure: Error, Sendable, Equatable {
    /// What went wrong, for the screen.
    public var message: String
    /// Creates a failure with a message for the screen.
    public init(_ message: String) { self.message = message }
}

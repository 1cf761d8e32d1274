import Traffic

/// What is drawn over the panes, if anything.
public enum Overlay: Sendable, Equatable {
    case none
    /// The key list.
    case help
    /// One request's detail, live while the request runs.
    case detail(DetailState)
    /// The request composer.
    case compose(ComposeForm)
    /// The answer to a composed request (the form is kept so `e` edits it again).
    case response(ResponseState)
}

/// The request detail overlay's state.
public struct DetailState: Sendable, Equatable {
    /// The request shown.
    public var request: RequestID
    /// The curl command is shown at the top (after `c`).
    public var showCurl: Bool
    /// First visible line.
    public var scroll: Int

    /// Creates the state for `request`.
    public init(request: RequestID, showCurl: Bool = false, scroll: Int = 0) {
        self.request = request
        self.showCurl = showCurl
        self.scroll = scroll
    }
}

/// The response overlay's state.
public struct ResponseState: Sendable, Equatable {
    /// The form that sent the request.
    public var form: ComposeForm
    /// The request as sent.
    public var sent: ComposedRequest
    /// nil while waiting.
    public var outcome: ComposeOutcome?
    /// First visible line.
    public var scroll: Int = 0

    /// Creates the state for a request just sent.
    public init(form: ComposeForm, sent: ComposedRequest) {
        self.form = form
        self.sent = sent
    }
}

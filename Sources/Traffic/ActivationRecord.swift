import Foundation

/// The listen buffer as a whole: is it holding requests, and since when has the daemon been active.
public struct ActivationRecord: Sendable, Equatable {
    /// True while requests are held (before the first activation, or after buffering was re-armed).
    public var holding: Bool
    /// True when new requests will be held until the next activation (BufferRequests on and not yet released).
    public var bufferingEnabled: Bool
    /// When the last activation happened.
    public var activeSince: Date?
    /// How many times the daemon has been activated.
    public var activations: Int

    public init(holding: Bool, bufferingEnabled: Bool, activeSince: Date? = nil, activations: Int = 0) {
        self.holding = holding
        self.bufferingEnabled = bufferingEnabled
        self.activeSince = activeSince
        self.activations = activations
    }
}

/// Error classes shared by every layer, after moby's `errdefs`: code that fails says *what kind* of failure it
/// is by conforming to one of these protocols, and the API server maps the kind to an HTTP status in exactly
/// one place. Nobody matches on message text.

/// Something named does not exist (HTTP 404).
public protocol NotFoundError: Error {}
/// The request is malformed or a parameter is invalid (HTTP 400).
public protocol InvalidParameterError: Error {}
/// The request conflicts with the current state (HTTP 409).
public protocol ConflictError: Error {}
/// Nothing to do: the state is already what was asked (HTTP 304).
public protocol NotModifiedError: Error {}
/// The caller may not do this (HTTP 403).
public protocol ForbiddenError: Error {}
/// Credentials are missing or wrong (HTTP 401).
public protocol UnauthorizedError: Error {}
/// A dependency is temporarily unavailable (HTTP 503).
public protocol UnavailableError: Error {}
/// The feature is not implemented here (HTTP 501).
public protocol NotImplementedError: Error {}

/// The kinds above as a value, for code that builds errors from data.
public enum ErrorKind: String, Sendable {
    case notFound, invalidParameter, conflict, notModified, forbidden, unauthorized, unavailable
    case notImplemented, system
}

/// A ready-made error carrying a kind and a message; use it when a dedicated type would add nothing.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public let kind: ErrorKind
    public let message: String

    public init(_ kind: ErrorKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func notFound(_ message: String) -> DaemonError { DaemonError(.notFound, message) }
    public static func invalidParameter(_ message: String) -> DaemonError { DaemonError(.invalidParameter, message) }
    public static func conflict(_ message: String) -> DaemonError { DaemonError(.conflict, message) }
    public static func notModified(_ message: String = "") -> DaemonError { DaemonError(.notModified, message) }
    public static func forbidden(_ message: String) -> DaemonError { DaemonError(.forbidden, message) }
    public static func unauthorized(_ message: String) -> DaemonError { DaemonError(.unauthorized, message) }
    public static func unavailable(_ message: String) -> DaemonError { DaemonError(.unavailable, message) }
    public static func notImplemented(_ message: String) -> DaemonError { DaemonError(.notImplemented, message) }
    public static func system(_ message: String) -> DaemonError { DaemonError(.system, message) }
}

extension Error {
    /// The kind of this error: a `DaemonError`'s own kind, else the marker protocol it conforms to, else
    /// `.system`.
    public var errorKind: ErrorKind {
        switch self {
        case let error as DaemonError: return error.kind
        case is any NotFoundError: return .notFound
        case is any InvalidParameterError: return .invalidParameter
        case is any ConflictError: return .conflict
        case is any NotModifiedError: return .notModified
        case is any ForbiddenError: return .forbidden
        case is any UnauthorizedError: return .unauthorized
        case is any UnavailableError: return .unavailable
        case is any NotImplementedError: return .notImplemented
        default: return .system
        }
    }
}

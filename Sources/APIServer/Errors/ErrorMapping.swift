import Errdefs
import NIOHTTP1
import ServerCore

/// The one place where an error becomes an HTTP status, by its kind (never by its text).
public enum ErrorMapping {
    public static func status(for error: any Error) -> HTTPResponseStatus {
        switch error {
        case is RequestBodyTooLarge: return .payloadTooLarge
        case is DecodingError: return .badRequest
        default: break
        }
        switch error.errorKind {
        case .notFound: return .notFound
        case .invalidParameter: return .badRequest
        case .conflict: return .conflict
        case .notModified: return .notModified
        case .forbidden: return .forbidden
        case .unauthorized: return .unauthorized
        case .unavailable: return .serviceUnavailable
        case .notImplemented: return .notImplemented
        case .system: return .internalServerError
        }
    }

    /// The message a client sees (`Error response from daemon: <message>` in the docker CLI).
    public static func message(for error: any Error) -> String {
        switch error {
        case let error as DaemonError: return error.message
        case let error as DecodingError: return "invalid JSON: \(JSONBody.describe(error))"
        default: return String(describing: error)
        }
    }
}

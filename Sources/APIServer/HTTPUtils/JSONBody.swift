import Errdefs
import Foundation
import NIOCore

/// Decoding and encoding JSON the way Docker's API does.
public enum JSONBody {
    /// An encoder with Docker's conventions: no escaped slashes (Go does not escape `/`).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    /// Encodes `value` followed by a newline, as Go's json.Encoder writes it.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Checks the request's Content-Type for a JSON body: it must be `application/json` unless the body is empty.
    static func checkContentType(_ contentType: String?) throws {
        guard let contentType, !contentType.isEmpty else { return }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" else {
            throw DaemonError.invalidParameter("unsupported Content-Type header (\(contentType)): must be 'application/json'")
        }
    }

    /// Decodes a body. Empty bodies give nil; trailing non-blank content is refused.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T? {
        let bytes = buffer.readableBytesView
        guard bytes.contains(where: { !$0.isJSONBlank }) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw DaemonError.invalidParameter("invalid JSON: \(describe(error))")
        } catch {
            throw DaemonError.invalidParameter("invalid JSON: \(error)")
        }
    }

    /// A short, readable account of a decoding failure.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): missing \(type)"
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key \(key.stringValue)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "syntax error" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? "body" : path
    }
}

extension UInt8 {
    fileprivate var isJSONBlank: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}

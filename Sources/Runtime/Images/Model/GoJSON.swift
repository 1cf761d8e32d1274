import Foundation

/// A JSON value serialised byte-for-byte the way Go's `encoding/json` does (object keys in the given order,
/// `<`, `>`, `&`, U+2028 and U+2029 escaped), for the JSON documents whose digest matters: image configs and
/// the legacy layer `json` files of `docker save`.
indirect enum GoJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([GoJSON])
    case object([(String, GoJSON)])

    static func == (lhs: GoJSON, rhs: GoJSON) -> Bool { lhs.serialized() == rhs.serialized() }

    /// An array of strings, or `null` for nil (Go's nil slice).
    static func strings(_ values: [String]?) -> GoJSON {
        values.map { .array($0.map(GoJSON.string)) } ?? .null
    }

    /// An object whose keys Go's map encoding would sort.
    static func sortedObject(_ pairs: [String: GoJSON]) -> GoJSON {
        .object(pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The encoded bytes, without a trailing newline (as `json.Marshal`).
    func serialized() -> Data {
        var out = [UInt8]()
        write(into: &out)
        return Data(out)
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .int(let value): out += Array(String(value).utf8)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ string: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += Array("\\\"".utf8)
            case "\\": out += Array("\\\\".utf8)
            case "\n": out += Array("\\n".utf8)
            case "\r": out += Array("\\r".utf8)
            case "\t": out += Array("\\t".utf8)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                let v = scalar.value
                out += Array("\\u".utf8) + [hex[Int(v >> 12 & 0xf)], hex[Int(v >> 8 & 0xf)], hex[Int(v >> 4 & 0xf)], hex[Int(v & 0xf)]]
            default:
                if scalar.value < 0x20 {
                    out += Array("\\u00".utf8) + [hex[Int(scalar.value >> 4)], hex[Int(scalar.value & 0xf)]]
                } else {
                    out += Array(String(scalar).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

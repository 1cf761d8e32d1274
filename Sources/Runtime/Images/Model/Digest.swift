import Crypto
import Foundation

/// A content digest, `sha256:<64 lowercase hex digits>`: image IDs, layer diff IDs and chain IDs are all digests.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 64 lowercase hex digits.
    public let hex: String

    /// Parses `sha256:<64 hex>`; nil for anything else (other algorithms, wrong length, uppercase).
    public init?(_ string: String) {
        guard string.hasPrefix("sha256:") else { return nil }
        self.init(hex: String(string.dropFirst(7)))
    }

    /// Wraps 64 lowercase hex digits; nil for anything else.
    public init?(hex: String) {
        guard Digest.isHex64(hex) else { return nil }
        self.hex = hex
    }

    /// The digest of `bytes`.
    public static func of<D: DataProtocol>(_ bytes: D) -> Digest {
        Digest(validHex: SHA256.hash(data: bytes).hexString)
    }

    init(validHex: String) { hex = validHex }

    /// `sha256:<hex>`.
    public var description: String { "sha256:" + hex }

    /// The 12-digit short form the CLI prints.
    public var shortID: String { String(hex.prefix(12)) }

    /// Orders chronologically (or by hex, for digests).
    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

    /// True for exactly 64 characters of `[0-9a-f]`.
    public static func isHex64(_ string: String) -> Bool {
        string.utf8.count == 64 && isLowerHex(string)
    }

    /// True for a non-empty run of `[0-9a-f]`.
    public static func isLowerHex(_ string: String) -> Bool {
        !string.isEmpty && string.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The chain ID of a stack of layers (lowest first), as Docker computes it: the first layer's diff ID, then
    /// `sha256(parentChainID + " " + diffID)` for each further layer.
    public static func chainID(of diffIDs: [Digest]) -> Digest? {
        guard var chain = diffIDs.first else { return nil }
        for diffID in diffIDs.dropFirst() {
            chain = Digest.of(Data("\(chain) \(diffID)".utf8))
        }
        return chain
    }
}

extension Digest: Codable {
    /// Decodes `sha256:<hex>`, refusing anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        guard let digest = Digest(string) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid digest \(string)")
        }
        self = digest
    }

    /// Encodes with dockerd's field names and emptiness rules.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex of the bytes.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Hashes bytes as they stream past (uploads, layer tars), so a digest never needs the whole content in memory.
struct StreamingDigester {
    private var hasher = SHA256()
    /// Bytes hashed so far.
    private(set) var count: Int64 = 0

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        count += Int64(bytes.count)
    }

    mutating func update<D: DataProtocol>(_ data: D) {
        hasher.update(data: data)
        count += Int64(data.count)
    }

    func finalize() -> Digest { Digest(validHex: hasher.finalize().hexString) }
}

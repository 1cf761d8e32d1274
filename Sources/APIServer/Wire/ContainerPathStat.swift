import Foundation

/// What `HEAD`/`GET /containers/{name}/archive?path=` report about the path, base64-encoded JSON in the
/// `X-Docker-Container-Path-Stat` header (`docker cp` reads it).
public struct ContainerPathStat: Sendable, Equatable, Codable {
    /// `name`: the base name.
    public var name: String
    /// `size`: bytes.
    public var size: Int64
    /// `mode`: Go's `os.FileMode` (permission bits, plus type bits at the top: directory `1<<31`, symlink
    /// `1<<27`…).
    public var mode: UInt32
    /// `mtime`: RFC 3339 with nanoseconds.
    public var mtime: String
    /// `linkTarget`: for a symlink, its target resolved inside the container (absolute); else empty.
    public var linkTarget: String

    /// A path stat with the mode already in Go's form.
    public init(name: String, size: Int64, mode: UInt32, mtime: String, linkTarget: String = "") {
        self.name = name
        self.size = size
        self.mode = mode
        self.mtime = mtime
        self.linkTarget = linkTarget
    }

    /// A path stat from `lstat` facts: a Unix `st_mode` and a modification time in Unix nanoseconds.
    public init(name: String, size: Int64, unixMode: UInt32, modifiedNano: Int64, linkTarget: String = "") {
        self.init(
            name: name, size: size, mode: Self.goFileMode(unixMode: unixMode),
            mtime: LogTimestamp.format(modifiedNano), linkTarget: linkTarget)
    }

    /// Go's `os.FileMode` for a Unix `st_mode`.
    public static func goFileMode(unixMode: UInt32) -> UInt32 {
        var mode = unixMode & 0o777
        if unixMode & 0o4000 != 0 { mode |= 1 << 23 }
        if unixMode & 0o2000 != 0 { mode |= 1 << 22 }
        if unixMode & 0o1000 != 0 { mode |= 1 << 20 }
        switch unixMode & 0o170000 {
        case 0o040000: mode |= 1 << 31
        case 0o120000: mode |= 1 << 27
        case 0o020000: mode |= 1 << 26 | 1 << 21
        case 0o060000: mode |= 1 << 26
        case 0o010000: mode |= 1 << 25
        case 0o140000: mode |= 1 << 24
        default: break
        }
        return mode
    }

    /// The header value: base64 (standard alphabet) of the JSON.
    var headerValue: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return ((try? encoder.encode(self)) ?? Data()).base64EncodedString()
    }
}

/// `GET /containers/{name}/archive?path=`: the path's stat and a tar of it.
public struct ContainerPathArchive: Sendable {
    /// The path's stat (sent in the header before the tar).
    public var stat: ContainerPathStat
    /// The tar, produced as it is read.
    public var tar: AsyncThrowingStream<Data, any Error>

    /// A path archive.
    public init(stat: ContainerPathStat, tar: AsyncThrowingStream<Data, any Error>) {
        self.stat = stat
        self.tar = tar
    }
}

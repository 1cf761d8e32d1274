import Errdefs
import Foundation

/// A parsed, normalised image reference: `docker.io/library/busybox:latest`, `localhost:5000/app@sha256:…`.
///
/// Parsing follows Docker (`reference.ParseNormalizedNamed`): a first component without `.`/`:` that is not
/// `localhost` is not a registry, so `busybox` becomes `docker.io/library/busybox`; `index.docker.io` becomes
/// `docker.io`; repository paths must be lowercase; a bare 64-hex string is refused as a name.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry host (and port): `docker.io`, `localhost:5000`.
    public let domain: String
    /// The repository path inside the registry: `library/busybox`.
    public let path: String
    /// The tag, if one was given.
    public let tag: String?
    /// The digest (`algorithm:hex`), if one was given.
    public let digest: String?

    /// The default registry.
    public static let defaultDomain = "docker.io"
    /// The default tag.
    public static let defaultTag = "latest"

    /// Parses and normalises `name[:tag][@digest]`. Throws an invalid-parameter error saying what is wrong.
    public static func parse(_ string: String) throws -> ImageReference {
        if string.isEmpty { throw invalid("invalid reference format: repository name must have at least one component") }
        if Digest.isHex64(string) {
            throw invalid("invalid repository name (\(string)), cannot specify 64-byte hexadecimal strings")
        }
        let (domain, remainder) = splitDomain(string)
        let remoteName = remainder.firstIndex(of: ":").map { String(remainder[..<$0]) } ?? remainder
        if remoteName.lowercased() != remoteName {
            throw invalid("invalid reference format: repository name (\(remoteName)) must be lowercase")
        }
        let full = "\(domain)/\(remainder)"
        guard let match = full.wholeMatch(of: ReferenceGrammar.reference) else {
            throw invalid("invalid reference format")
        }
        let name = String(full[match.output[1].range!])
        if name.count > ReferenceGrammar.nameMaxLength {
            throw invalid("invalid reference format: repository name must not be more than 255 characters")
        }
        let tag = match.output[2].range.map { String(full[$0]) }
        let digest = match.output[3].range.map { String(full[$0]) }
        if let digest {
            guard digest.hasPrefix("sha256:") else { throw invalid("unsupported digest algorithm: \(digest)") }
            guard Digest(digest) != nil else { throw invalid("invalid checksum digest format: \(digest)") }
        }
        // Split as Docker's parser does: a first component that cannot be a host stays part of the path.
        guard let nameMatch = name.wholeMatch(of: ReferenceGrammar.anchoredName) else { throw invalid("invalid reference format") }
        let parsedDomain = nameMatch.output[1].range.map { String(name[$0]) } ?? ""
        let path = String(name[nameMatch.output[2].range!])
        return ImageReference(domain: parsedDomain, path: path, tag: tag, digest: digest)
    }

    init(domain: String, path: String, tag: String?, digest: String?) {
        self.domain = domain
        self.path = path
        self.tag = tag
        self.digest = digest
    }

    /// Builds `repo:tag` from the `repo` and `tag` parameters of `/images/{name}/tag` and `/images/create`:
    /// an empty tag leaves the repository's own tag (or `latest`).
    public static func parse(repository: String, tag: String?) throws -> ImageReference {
        let base = try parse(repository)
        guard let tag, !tag.isEmpty else { return base.withDefaultTag() }
        if base.digest != nil { throw invalid("cannot add a tag to a digest reference: \(repository)") }
        guard tag.wholeMatch(of: ReferenceGrammar.anchoredTag) != nil else {
            throw invalid("invalid tag format: \(tag)")
        }
        return base.withTag(tag)
    }

    /// `domain/path`.
    public var name: String { domain.isEmpty ? path : "\(domain)/\(path)" }

    /// The name as Docker displays it: `busybox`, `someone/app`, `localhost:5000/app`.
    public var familiarName: String {
        guard domain == Self.defaultDomain else { return name }
        if path.hasPrefix("library/"), !path.dropFirst(8).contains("/") { return String(path.dropFirst(8)) }
        return path
    }

    /// The whole reference as Docker displays it: `busybox:latest`.
    public var familiarString: String { familiarName + suffix }

    /// The fully qualified string: `docker.io/library/busybox:latest`.
    public var description: String { name + suffix }

    private var suffix: String {
        (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0 } ?? "")
    }

    /// The same reference with `latest` added when it has neither tag nor digest (Docker's `TagNameOnly`).
    public func withDefaultTag() -> ImageReference {
        tag == nil && digest == nil ? withTag(Self.defaultTag) : self
    }

    /// The same repository with only the given tag.
    public func withTag(_ tag: String) -> ImageReference {
        ImageReference(domain: domain, path: path, tag: tag, digest: nil)
    }

    /// True when the reference names a repository only (no tag, no digest).
    public var isNameOnly: Bool { tag == nil && digest == nil }

    static func splitDomain(_ string: String) -> (domain: String, remainder: String) {
        var domain = defaultDomain
        var remainder = string
        if let slash = string.firstIndex(of: "/") {
            let first = string[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = String(first)
                remainder = String(string[string.index(after: slash)...])
            }
        }
        if domain == "index.docker.io" { domain = defaultDomain }
        if domain == defaultDomain, !remainder.contains("/") { remainder = "library/" + remainder }
        return (domain, remainder)
    }

    private static func invalid(_ message: String) -> DaemonError { .invalidParameter(message) }
}

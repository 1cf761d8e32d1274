import Foundation

/// The grammar of image references, after `github.com/distribution/reference` (regexp.go):
///
///     reference  := name [ ":" tag ] [ "@" digest ]
///     name       := [domain '/'] path-component ['/' path-component]*
///     domain     := host [':' port]
///     tag        := [\w][\w.-]{0,127}
///     digest     := algorithm ":" hex{32,}
enum ReferenceGrammar {
    static let alphanumeric = "[a-z0-9]+"
    static let separator = "(?:[._]|__|[-]+)"
    static let pathComponent = "\(alphanumeric)(?:\(separator)\(alphanumeric))*"
    static let domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
    static let domainName = "\(domainComponent)(?:\\.\(domainComponent))*"
    static let ipv6 = "\\[(?:[a-fA-F0-9:]+)\\]"
    static let domainAndPort = "(?:\(domainName)|\(ipv6))(?::[0-9]+)?"
    static let tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
    static let digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
    static let name = "(?:\(domainAndPort)/)?\(pathComponent)(?:/\(pathComponent))*"

    /// The maximum length of a full repository name.
    static let nameMaxLength = 255

    nonisolated(unsafe) static let reference = try! Regex("^(\(name))(?::(\(tag)))?(?:@(\(digest)))?$")
    nonisolated(unsafe) static let anchoredName = try! Regex("^(?:(\(domainAndPort))/)?(\(pathComponent)(?:/\(pathComponent))*)$")
    nonisolated(unsafe) static let anchoredTag = try! Regex("^\(tag)$")
    nonisolated(unsafe) static let anchoredDomain = try! Regex("^\(domainAndPort)$")
}

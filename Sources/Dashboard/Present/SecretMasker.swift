/// Hides credentials before anything is shown or copied: registry auth headers and JSON password fields.
public enum SecretMasker {
    /// What a masked value is replaced with.
    public static let mask = "<masked>"

    /// Headers whose values carry credentials (compared case-insensitively).
    public static let secretHeaders: Set<String> = [
        "x-registry-auth", "x-registry-config", "authorization", "proxy-authorization", "cookie", "set-cookie",
    ]

    /// JSON object keys whose values are credentials (compared case-insensitively).
    public static let secretJSONKeys: Set<String> = [
        "password", "auth", "identitytoken", "registrytoken", "secret",
    ]

    /// True when a header with this name must be masked.
    public static func isSecretHeader(_ name: String) -> Bool { secretHeaders.contains(name.lowercased()) }

    /// True when a JSON value under this key must be masked.
    public static func isSecretKey(_ key: String) -> Bool { secretJSONKeys.contains(key.lowercased()) }

    /// The header's value as it may be shown.
    public static func headerValue(name: String, value: String) -> String {
        isSecretHeader(name) ? "\(mask) (\(value.utf8.count) bytes)" : value
    }

    /// `text` with every secret JSON value replaced, keeping its compact form; non-JSON text is returned as is.
    public static func maskJSON(_ text: String) -> String {
        guard JSONFormatter.looksLikeJSON(text) else { return text }
        var out = ""
        for token in JSONFormatter.tokens(text) {
            out += token.masked ? "\"\(mask)\"" : token.text
        }
        return out
    }
}

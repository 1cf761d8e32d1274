import Traffic

/// Renders a logged request as the curl command that repeats it over the same listener.
///
/// Secrets are masked here too: the command is shown on screen (and projectors) before it is copied.
public enum CurlCommand {
    /// Headers curl sets by itself or that would be wrong to repeat.
    static let skippedHeaders: Set<String> = ["host", "content-length", "connection", "accept-encoding", "user-agent"]

    /// The curl command for `request` sent to `listener`.
    ///
    /// - Parameters:
    ///   - tlsFiles: client certificate paths used for TLS listeners; placeholders under `$DOCKER_CERT_PATH`
    ///     are used when nil.
    public static func render(_ request: RequestRecord, listener: ListenerRecord?, tlsFiles: ClientTLSFiles?) -> String {
        var parts = ["curl"]
        var base = "http://localhost"
        if let listener, let address = ListenerAddress(listener) {
            switch address {
            case .unix(let path):
                parts += ["--unix-socket", quote(path)]
            case .tcp:
                base = (listener.tls == .none ? "http://" : "https://") + address.display
            }
            if listener.tls != .none {
                let files = tlsFiles ?? ClientTLSFiles.inDirectory("$DOCKER_CERT_PATH")
                if let ca = files.caFile { parts += ["--cacert", quote(ca)] } else { parts.append("-k") }
                if listener.tls == .verify {
                    if let cert = files.certFile { parts += ["--cert", quote(cert)] }
                    if let key = files.keyFile { parts += ["--key", quote(key)] }
                }
            }
        }
        switch request.method {
        case "GET": break
        case "HEAD": parts.append("-I")
        default: parts += ["-X", request.method]
        }
        for header in request.requestHeaders where !skippedHeaders.contains(header.name.lowercased()) {
            let value = SecretMasker.isSecretHeader(header.name) ? SecretMasker.mask : header.value
            parts += ["-H", quote("\(header.name): \(value)")]
        }
        if !request.requestBodyExcerpt.isEmpty, let text = Format.bodyText(request.requestBodyExcerpt) {
            parts += ["--data-binary", quote(SecretMasker.maskJSON(text))]
        }
        parts.append(quote(base + request.uri))
        return parts.joined(separator: " ")
    }

    /// Single-quotes `text` for a POSIX shell when it contains anything but safe characters.
    public static func quote(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@,+%")
        // `$DOCKER_CERT_PATH/…` placeholders stay unquoted in double quotes so the shell expands them.
        if text.hasPrefix("$") { return "\"\(text)\"" }
        if !text.isEmpty && text.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

import Errdefs
import Testing
@testable import Runtime

@Suite("Image references")
struct ImageReferenceTests {
    @Test("parses and normalises like Docker", arguments: [
        ("busybox", "docker.io/library/busybox", "busybox", nil as String?),
        ("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36", "1.36"),
        ("docker.io/library/busybox", "docker.io/library/busybox", "busybox", nil),
        ("docker.io/library/busybox:latest", "docker.io/library/busybox:latest", "busybox:latest", "latest"),
        ("index.docker.io/library/busybox", "docker.io/library/busybox", "busybox", nil),
        ("someone/app:v1", "docker.io/someone/app:v1", "someone/app:v1", "v1"),
        ("localhost/app", "localhost/app", "localhost/app", nil),
        ("localhost:5000/team/app:dev", "localhost:5000/team/app:dev", "localhost:5000/team/app:dev", "dev"),
        ("registry.example.com:443/a/b/c", "registry.example.com:443/a/b/c", "registry.example.com:443/a/b/c", nil),
        ("[::1]:5000/app:x", "[::1]:5000/app:x", "[::1]:5000/app:x", "x"),
        // A first component with a dot is taken as a registry; when it cannot be a host name Docker keeps it
        // in the path, with no registry at all.
        ("my_app-1.2/x__y", "my_app-1.2/x__y", "my_app-1.2/x__y", nil),
        ("a.b/c__d-e", "a.b/c__d-e", "a.b/c__d-e", nil),
        ("busybox:UPPER_tag.1", "docker.io/library/busybox:UPPER_tag.1", "busybox:UPPER_tag.1", "UPPER_tag.1"),
        ("docker.io/library/a/b", "docker.io/library/a/b", "library/a/b", nil),
    ])
    func parses(input: String, full: String, familiar: String, tag: String?) throws {
        let reference = try ImageReference.parse(input)
        #expect(reference.description == full)
        #expect(reference.familiarString == familiar)
        #expect(reference.tag == tag)
    }

    @Test("digest references")
    func digests() throws {
        let hex = String(repeating: "ab", count: 32)
        let reference = try ImageReference.parse("busybox@sha256:\(hex)")
        #expect(reference.digest == "sha256:\(hex)")
        #expect(reference.tag == nil)
        #expect(reference.familiarString == "busybox@sha256:\(hex)")
        let both = try ImageReference.parse("busybox:1@sha256:\(hex)")
        #expect(both.tag == "1" && both.digest == "sha256:\(hex)")
    }

    @Test("invalid references are invalid-parameter errors", arguments: [
        "", "Busybox", "someone/App", "busybox:", ":tag", "a//b", "-busybox", "busybox:-x", "bad name",
        String(repeating: "a", count: 64), "busybox@sha256:1234", "busybox@md5:\(String(repeating: "a", count: 32))",
        "busybox:\(String(repeating: "t", count: 129))", "a/" + String(repeating: "b", count: 260),
    ])
    func invalid(input: String) {
        #expect {
            try ImageReference.parse(input)
        } throws: { $0.errorKind == .invalidParameter }
    }

    @Test("a default tag is added only where there is no tag or digest")
    func defaultTag() throws {
        #expect(try ImageReference.parse("busybox").withDefaultTag().familiarString == "busybox:latest")
        #expect(try ImageReference.parse("busybox:1").withDefaultTag().familiarString == "busybox:1")
        #expect(try ImageReference.parse(repository: "docker.io/library/app", tag: "").familiarString == "app:latest")
        #expect(try ImageReference.parse(repository: "app", tag: "v2").familiarString == "app:v2")
        #expect(throws: (any Error).self) { try ImageReference.parse(repository: "app", tag: "bad tag") }
    }

    @Test("reference globs match the familiar name or name:tag, and * stops at /")
    func globs() throws {
        let reference = try ImageReference.parse("someone/app:v1")
        #expect(ImageListFilters.referenceMatches("someone/*", reference))
        #expect(ImageListFilters.referenceMatches("someone/app:v*", reference))
        #expect(!ImageListFilters.referenceMatches("*", reference))
        #expect(!ImageListFilters.referenceMatches("someone/app:v2", reference))
    }
}

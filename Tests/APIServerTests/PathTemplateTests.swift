import Testing

@testable import APIServer

@Suite("gorilla/mux-style path templates")
struct PathTemplateTests {
    @Test("{name:.*} spans slashes, greedily")
    func greedyName() throws {
        let template = try PathTemplate("/images/{name:.*}/json")
        #expect(template.match("/images/busybox/json") == ["name": "busybox"])
        #expect(template.match("/images/localhost:5000/foo/bar/json") == ["name": "localhost:5000/foo/bar"])
        #expect(template.match("/images/a/json/json") == ["name": "a/json"])
        #expect(template.match("/images/json") == nil)
        #expect(template.match("/images/busybox/history") == nil)
    }

    @Test("the version prefix matches numbers and dots only")
    func versionPrefix() throws {
        let template = try PathTemplate("/v{version:[0-9.]+}/containers/{name:.*}")
        #expect(template.match("/v1.41/containers/abc") == ["version": "1.41", "name": "abc"])
        #expect(template.match("/v1.41/containers/a/b") == ["version": "1.41", "name": "a/b"])
        #expect(template.match("/vx/containers/abc") == nil)
        #expect(template.match("/v/containers/abc") == nil)
    }

    @Test("{var} matches exactly one non-empty segment")
    func segment() throws {
        let template = try PathTemplate("/a/{id}/b")
        #expect(template.match("/a/42/b") == ["id": "42"])
        #expect(template.match("/a/4/2/b") == nil)
        #expect(template.match("/a//b") == nil)
    }

    @Test("other patterns are regular expressions anchored on both ends")
    func regexPattern() throws {
        let template = try PathTemplate("/x/{n:[a-c]+}/y")
        #expect(template.match("/x/abc/y") == ["n": "abc"])
        #expect(template.match("/x/abd/y") == nil)
    }

    @Test("malformed templates are refused")
    func malformed() {
        #expect(throws: PathTemplate.InvalidTemplate.self) { try PathTemplate("/a/{name") }
        #expect(throws: PathTemplate.InvalidTemplate.self) { try PathTemplate("/a/{:x}") }
    }

    @Test("the cheap check agrees with cleaning", arguments: [
        "/", "", "/_ping", "/v1.41//version", "//x", "/a/./b", "/a/../b", "/a/..", "/a/.", "/a/b/", "/.hidden",
        "/a/...", "/a/b//", "/images/localhost:5000/foo/json", "x/y", "/./",
    ])
    func needsCleaning(path: String) {
        #expect(PathCleaning.needsCleaning(path) == (PathCleaning.clean(path) != path))
    }

    @Test("path cleaning as mux does it")
    func cleaning() {
        #expect(PathCleaning.clean("/v1.41//version") == "/v1.41/version")
        #expect(PathCleaning.clean("/a/./b/../c") == "/a/c")
        #expect(PathCleaning.clean("/a/b/") == "/a/b/")
        #expect(PathCleaning.clean("/../..") == "/")
        #expect(PathCleaning.clean("/_ping") == "/_ping")
    }
}

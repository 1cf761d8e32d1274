import Errdefs
import Foundation
import Testing
@testable import Runtime

/// Crafted tarballs that try to write outside the extraction root (security checklist group G, moby's
/// `TestUntarInvalidFilenames`/`InvalidSymlink`/`InvalidHardlink` vectors): each must be refused with an
/// invalid-parameter error, leave the victim untouched, and leave nothing in the store.
@Suite("Hostile image archives")
struct ImageHostileArchiveTests {
    struct Victim {
        let directory: URL
        var hello: URL { directory.appendingPathComponent("hello") }

        init(in fixture: ImageTestKit.Fixture) throws {
            directory = fixture.directory.url.appendingPathComponent("victim")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("untouched\n".utf8).write(to: hello)
        }

        func assertUntouched() throws {
            #expect(ImageTestKit.tree(directory) == ["hello"])
            #expect(try String(contentsOf: hello, encoding: .utf8) == "untouched\n")
            var st = stat()
            #expect(stat(hello.path, &st) == 0 && st.st_nlink == 1)
        }
    }

    /// Python lines building the archive; `VICTIM` is replaced by the victim directory's absolute path.
    static let vectors: [(String, String)] = [
        ("dot-dot entry", #"add("../victim/dotdot", data=b"x")"#),
        ("absolute dot-dot entry", #"add("/../victim/slash-dotdot", data=b"x")"#),
        ("absolute entry", #"add("VICTIM/absolute", data=b"x")"#),
        ("symlink to a relative parent, then a file through it", #"add("loophole-victim", "symlink", link="../victim"); add("loophole-victim/file", data=b"x")"#),
        ("nested symlink, then a new directory through it", #"add("dir", "dir"); add("dir/loophole", "symlink", link="../../victim"); add("dir/loophole/newdir/newfile", data=b"x")"#),
        ("symlink to / followed by a file through it", #"add("rootlink", "symlink", link="/"); add("rootlink" + "VICTIM" + "/through-root", data=b"x")"#),
        ("absolute symlink parent", #"add("etc", "symlink", link="VICTIM"); add("etc/passwd", data=b"x")"#),
        ("hard link to an absolute path", #"add("passwd", "hardlink", link="/etc/passwd")"#),
        ("hard link to a relative parent", #"add("hello-link", "hardlink", link="../victim/hello")"#),
        ("hard link through a symlinked directory", #"add("v", "symlink", link="VICTIM"); add("stolen", "hardlink", link="v/hello")"#),
        ("hard link to the victim, then written through", #"add("h", "hardlink", link="/../victim/hello"); add("h", data=b"overwritten")"#),
        ("character device", #"add("dev/sda", "char", major=8, minor=0)"#),
        ("block device", #"add("dev/loop0", "block", major=7, minor=0)"#),
    ]

    @Test("each hostile layer is refused and leaves nothing behind", arguments: vectors.map(\.0))
    func hostileImport(name: String) async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let victim = try Victim(in: fixture)
        var passwd = stat()
        stat("/etc/passwd", &passwd)
        let script = Self.vectors.first { $0.0 == name }!.1.replacingOccurrences(of: "VICTIM", with: victim.directory.path)
        let tar = fixture.directory.file("hostile.tar")
        // A harmless first entry, so that a partial extraction would have something to leave behind.
        try ImageTestKit.craftTar(at: tar, "add(\"ok.txt\", data=b\"fine\")\n" + script.replacingOccurrences(of: "; ", with: "\n"))
        let store = try fixture.open()
        await #expect {
            try await store.importImage(ImageTestKit.body(URL(fileURLWithPath: tar)), options: ImportOptions(repository: "evil"))
        } throws: { $0.errorKind == .invalidParameter }
        try victim.assertUntouched()
        var after = stat()
        stat("/etc/passwd", &after)
        #expect(after.st_nlink == passwd.st_nlink && after.st_size == passwd.st_size)
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("tmp")).isEmpty)
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("layers")).isEmpty)
        #expect(try await store.list(all: true).isEmpty)
    }

    @Test("symlinks may point anywhere as long as nothing is written through them")
    func harmlessSymlinks() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let tar = fixture.directory.file("links.tar")
        try ImageTestKit.craftTar(at: tar, """
        add("etc", "dir")
        add("etc/passwd", data=b"root:x:0:0::/root:/bin/sh\\n")
        add("abs", "symlink", link="/etc/passwd")
        add("up", "symlink", link="../../../..")
        add("again", "hardlink", link="etc/passwd")
        add("fifo", "fifo")
        add("caf\\u00e9", "dir")
        add("caf\\u00e9/na\\u00efve \\u2603.txt", data=b"unicode")
        """)
        let store = try fixture.open()
        let id = try await store.importImage(ImageTestKit.body(URL(fileURLWithPath: tar)), options: ImportOptions()).id
        let root = try await store.layerDirectories(of: id)[0]
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("abs").path) == "/etc/passwd")
        var a = stat(), b = stat()
        stat(root.appendingPathComponent("etc/passwd").path, &a)
        stat(root.appendingPathComponent("again").path, &b)
        #expect(a.st_ino == b.st_ino && a.st_nlink == 2)
        #expect(try String(contentsOf: root.appendingPathComponent("café/naïve ☃.txt"), encoding: .utf8) == "unicode")
    }

    @Test("a hostile outer archive or manifest in a load is refused and leaves nothing behind", arguments: [
        #"add("../escape", data=b"x")"#,
        #"add("manifest.json", data=b"null")"#,
        #"add("manifest.json", data=b'[{"Config":"../../../../etc/passwd","RepoTags":null,"Layers":[]}]')"#,
        #"add("index.json", data=b'{"manifests":[{"digest":"sha256:../../../etc/passwd"}]}')"#,
        #"add("something-else.txt", data=b"no manifest")"#,
    ])
    func hostileLoad(script: String) async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let tar = fixture.directory.file("load.tar")
        try ImageTestKit.craftTar(at: tar, script)
        let store = try fixture.open()
        await #expect { try await store.load(ImageTestKit.body(URL(fileURLWithPath: tar))) } throws: { $0.errorKind == .invalidParameter }
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.url.appendingPathComponent("escape").path))
        #expect(ImageTestKit.tree(fixture.root.appendingPathComponent("tmp")).isEmpty)
        #expect(try await store.list(all: true).isEmpty)
    }
}

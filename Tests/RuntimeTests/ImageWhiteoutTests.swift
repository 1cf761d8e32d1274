import Foundation
import TestSupport
import Testing
@testable import Runtime

@Suite("Layer whiteouts")
struct ImageWhiteoutTests {
    /// A two-layer image: the upper layer deletes `a/gone` and `top`, and makes `b` opaque.
    static func loadWhiteoutImage(_ fixture: ImageTestKit.Fixture, _ store: ImageStore) async throws -> String {
        let lower = fixture.directory.file("lower.tar")
        try ImageTestKit.craftTar(at: lower, """
        add("a", "dir"); add("a/keep", data=b"k"); add("a/gone", data=b"g")
        add("b", "dir"); add("b/old", data=b"o"); add("top", data=b"t")
        """.replacingOccurrences(of: "; ", with: "\n"))
        let upper = fixture.directory.file("upper.tar")
        try ImageTestKit.craftTar(at: upper, """
        add("a", "dir"); add("a/.wh.gone")
        add("b", "dir"); add("b/.wh..wh..opq"); add("b/new", data=b"n")
        add(".wh.top"); add(".wh..wh.plnk", "dir")
        """.replacingOccurrences(of: "; ", with: "\n"))
        let archive = fixture.directory.file("whiteout.tar")
        _ = try ImageArchiveBuilder(directory: fixture.directory.url).dockerArchive(
            [.init(layers: [URL(fileURLWithPath: lower), URL(fileURLWithPath: upper)], tags: ["wh:1"])], to: archive)
        return try await store.load(ImageTestKit.body(URL(fileURLWithPath: archive))).ids[0]
    }

    @Test("whiteouts are recorded, never extracted as files, and made overlay-style when root")
    func recordedAndConverted() async throws {
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let id = try await Self.loadWhiteoutImage(fixture, store)
        let extractions = try await store.layerExtractions(of: id)
        #expect(extractions[0].whiteouts.isEmpty && extractions[0].opaqueDirectories.isEmpty)
        #expect(extractions[1].whiteouts == ["a/gone", "top"])
        #expect(extractions[1].opaqueDirectories == ["b"])
        let upper = try await store.layerDirectories(of: id)[1]
        #expect(!ImageTestKit.tree(upper).contains { $0.contains(".wh.") })
        guard geteuid() == 0 else {
            print("skipping the overlay-form check: not root (whiteouts are only recorded)")
            #expect(!extractions[1].overlayWhiteouts)
            return
        }
        #expect(extractions[1].overlayWhiteouts)
        for path in ["a/gone", "top"] {
            var st = stat()
            #expect(lstat(upper.appendingPathComponent(path).path, &st) == 0)
            #expect(st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == 0)
        }
        let xattr = try await Command.run("python3", ["-c", "import os,sys; print(os.getxattr(sys.argv[1], 'trusted.overlay.opaque').decode())",
                                                upper.appendingPathComponent("b").path])
        #expect(xattr.stdout == "y\n")
    }

    @Test("stacked with overlayfs, the layers show the upper layer's deletions")
    func overlayView() async throws {
        guard geteuid() == 0 else { print("skipping: overlayfs mounts need root"); return }
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let id = try await Self.loadWhiteoutImage(fixture, store)
        let layers = try await store.layerDirectories(of: id)
        let merged = fixture.directory.url.appendingPathComponent("merged")
        try FileManager.default.createDirectory(at: merged, withIntermediateDirectories: true)
        let lowerdir = layers.reversed().map(\.path).joined(separator: ":")
        let mount = try await Command.run("mount", ["-t", "overlay", "overlay", "-o", "lowerdir=\(lowerdir)", merged.path])
        guard mount.status == 0 else { print("skipping: cannot mount overlayfs here: \(mount.stderr)"); return }
        defer { _ = try? Command.run("umount", [merged.path]) }
        #expect(ImageTestKit.tree(merged) == ["a", "a/keep", "b", "b/new"])
    }
}

import Foundation
import TestSupport
import Testing
@testable import Runtime

@Suite("Container root filesystems")
struct ContainerRootfsTests {
    @Test("overlayfs and the copy fallback give the same merged tree, whiteouts applied")
    func overlayAndCopyAgree() async throws {
        guard geteuid() == 0 else { print("skipping: overlay whiteouts and mounts need root"); return }
        let fixture = try ImageTestKit.Fixture()
        defer { fixture.remove() }
        let store = try fixture.open()
        let id = try await ImageWhiteoutTests.loadWhiteoutImage(fixture, store)
        let layers = try await store.layerDirectories(of: id).map(\.path)
        var trees: [[String]] = []
        for overlay in [true, false] {
            let base = fixture.directory.file(overlay ? "overlay" : "copy")
            let driver = SupervisorDriver(executable: BuiltProducts.daemonTUI, overlay: overlay)
            let mount = try driver.mountRootfs(layers: layers, upper: base + "/upper", work: base + "/work", target: base + "/merged")
            defer { try? driver.unmountRootfs(mount) }
            #expect(mount.isOverlay == overlay)
            let tree = ImageTestKit.tree(URL(fileURLWithPath: mount.path))
            trees.append(tree)
            #expect(try String(contentsOfFile: mount.path + "/a/keep", encoding: .utf8) == "k")
            if overlay {
                try "changed".write(toFile: mount.path + "/a/keep", atomically: false, encoding: .utf8)
                #expect(try String(contentsOfFile: layers[0] + "/a/keep", encoding: .utf8) == "k")
                #expect(FileManager.default.fileExists(atPath: mount.upperDirectory + "/a/keep"))
            }
        }
        #expect(trees[0] == ["a", "a/keep", "b", "b/new"])
        #expect(trees[0] == trees[1])
    }

    @Test("unmounting what is not mounted is not an error")
    func unmountTwice() async throws {
        guard geteuid() == 0 else { print("skipping: mounts need root"); return }
        let directory = try TemporaryDirectory(prefix: "rootfs")
        defer { directory.remove() }
        try BusyboxRootfs.build(in: directory.url.appendingPathComponent("layer"))
        let driver = SupervisorDriver(executable: BuiltProducts.daemonTUI)
        let mount = try driver.mountRootfs(
            layers: [directory.file("layer")], upper: directory.file("upper"), work: directory.file("work"), target: directory.file("merged"))
        #expect(FileManager.default.fileExists(atPath: mount.path + "/bin/busybox"))
        try driver.unmountRootfs(mount)
        try driver.unmountRootfs(mount)
        #expect(!FileManager.default.fileExists(atPath: mount.path + "/bin/busybox"))
    }
}

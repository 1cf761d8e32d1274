import Errdefs
import Foundation
import Testing
@testable import Runtime

@Suite("Container store: create, image defaults, names")
struct ContainerStoreCreateTests {
    @Test("image defaults: Cmd, Env, WorkingDir, User merged as Docker does; the spec gets PATH and HOSTNAME")
    func defaults() async throws {
        let fixture = try await ContainerFixture(changes: [
            "CMD [\"sleep\", \"60\"]", "ENV A=image B=image", "WORKDIR /srv", "USER nobody", "LABEL team=images",
        ])
        defer { fixture.remove() }
        let store = try await fixture.open()

        let id = try await store.create(name: nil, config: ContainerFixture.config { $0.Env = ["B=mine"] }, hostConfig: .init())
        let record = try await store.inspect(id).record
        #expect(record.Path == "sleep" && record.Args == ["60"])
        #expect(record.Config.Env == ["B=mine", "A=image"])
        #expect(record.Config.WorkingDir == "/srv")
        #expect(record.Config.User == "nobody")
        #expect(record.Config.Labels == ["team": "images"])
        #expect(record.Config.Image == "app")
        let imageID = try await fixture.imageStore.resolve("app")
        #expect(record.Image == imageID)
        #expect(record.Config.Hostname == String(id.prefix(12)))
        #expect(id.count == 64 && id.allSatisfy(\.isHexDigit))
        #expect(record.State.Status == .created)

        try await store.start(id)
        let spec = try #require(fixture.driver.specs.last)
        #expect(spec.args == ["sleep", "60"])
        #expect(spec.env == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=\(id.prefix(12))", "B=mine", "A=image"])
        #expect(spec.workingDir == "/srv" && spec.user == "nobody" && spec.hostname == String(id.prefix(12)))
        let layers = try await fixture.imageStore.layerDirectories(of: "app").map(\.path)
        #expect(fixture.driver.layers(mountedAt: spec.rootfs) == layers)

        // A given Cmd replaces the image's; the user's Env and User win.
        let own = try await store.create(name: nil, config: ContainerFixture.config(["echo", "hi"]) { $0.User = "root" }, hostConfig: .init())
        let ownRecord = try await store.inspect(own).record
        #expect(ownRecord.Path == "echo" && ownRecord.Args == ["hi"] && ownRecord.Config.User == "root")
    }

    @Test("an Entrypoint given drops the image's Cmd; the image's Entrypoint takes a given Cmd as arguments")
    func entrypoints() async throws {
        let fixture = try await ContainerFixture(changes: ["ENTRYPOINT [\"/bin/tool\"]", "CMD [\"--help\"]"])
        defer { fixture.remove() }
        let store = try await fixture.open()

        let plain = try await store.inspect(try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())).record
        #expect(plain.Path == "/bin/tool" && plain.Args == ["--help"])
        let withCmd = try await store.inspect(try await store.create(name: nil, config: ContainerFixture.config(["run"]), hostConfig: .init())).record
        #expect(withCmd.Path == "/bin/tool" && withCmd.Args == ["run"])
        let newEntry = try await store.inspect(try await store.create(
            name: nil, config: ContainerFixture.config { $0.Entrypoint = ["sh"] }, hostConfig: .init())).record
        #expect(newEntry.Path == "sh" && newEntry.Args == [])
    }

    @Test("no command at all is a 400; an unknown image a 404 with Docker's text")
    func missingThings() async throws {
        let fixture = try await ContainerFixture(changes: [])
        defer { fixture.remove() }
        let store = try await fixture.open()
        await #expect { try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init()) } throws: {
            $0.errorKind == .invalidParameter && "\($0)" == "No command specified"
        }
        await #expect { try await store.create(name: nil, config: ContainerFixture.config(["sh"], image: "nothing"), hostConfig: .init()) } throws: {
            $0.errorKind == .notFound && "\($0)" == "No such image: nothing:latest"
        }
        #expect(try await store.list(all: true).isEmpty)
    }

    @Test("names: validated (400), unique (409 with Docker's message), generated as adjective_surname")
    func names() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()

        let web = try await store.create(name: "web", config: ContainerFixture.config(), hostConfig: .init())
        #expect(try await store.inspect("web").record.Name == "/web")
        #expect(try await store.resolve("/web") == web)
        #expect(try await store.resolve(String(web.prefix(5))) == web)
        await #expect { try await store.create(name: "/web", config: ContainerFixture.config(), hostConfig: .init()) } throws: {
            $0.errorKind == .conflict && "\($0)" == "Conflict. The container name \"/web\" is already in use by container \"\(web)\". You have to remove (or rename) that container to be able to reuse that name."
        }
        for bad in ["a", "-x", "has space", "ünï", "_lead", "x/y"] {
            await #expect { try await store.create(name: bad, config: ContainerFixture.config(), hostConfig: .init()) } throws: {
                $0.errorKind == .invalidParameter && "\($0)".hasPrefix("Invalid container name (\(bad))")
            }
        }
        // As dockerd: the image and the command are checked before the name.
        await #expect { try await store.create(name: "-x", config: ContainerFixture.config(["sh"], image: "nothing"), hostConfig: .init()) } throws: {
            $0.errorKind == .notFound
        }
        for good in ["a1", "web.2", "Web_3-x", "/lead"] {
            _ = try await store.create(name: good, config: ContainerFixture.config(), hostConfig: .init())
        }

        var generated = Set<String>()
        for _ in 0..<20 {
            let id = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
            let name = try await store.inspect(id).record.Name
            #expect(name.wholeMatch(of: /\/[a-z]+_[a-z]+[0-9]?/) != nil, "\(name)")
            generated.insert(name)
        }
        #expect(generated.count == 20)
        await #expect { try await store.inspect("nosuch") } throws: { $0.errorKind == .notFound && "\($0)" == "No such container: nosuch" }
    }

    @Test("host config checks: restart policies stored, invalid ones and AutoRemove with a policy refused")
    func hostConfig() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let id = try await store.create(
            name: nil, config: ContainerFixture.config(),
            hostConfig: ContainerHostConfig(RestartPolicy: RestartPolicy(Name: "on-failure", MaximumRetryCount: 3)))
        #expect(try await store.inspect(id).record.HostConfig.RestartPolicy == RestartPolicy(Name: "on-failure", MaximumRetryCount: 3))
        let refused: [ContainerHostConfig] = [
            ContainerHostConfig(RestartPolicy: RestartPolicy(Name: "sometimes")),
            ContainerHostConfig(RestartPolicy: RestartPolicy(Name: "always"), AutoRemove: true),
            ContainerHostConfig(NetworkMode: "overlay-net"),
            ContainerHostConfig(Binds: ["relative:/x"]),
        ]
        let badConfigs = [
            ContainerFixture.config { $0.WorkingDir = "relative/dir" },
            ContainerFixture.config { $0.StopSignal = "SIGNOPE" },
        ]
        for config in badConfigs {
            await #expect { try await store.create(name: nil, config: config, hostConfig: .init()) } throws: {
                $0.errorKind == .invalidParameter
            }
        }
        for hostConfig in refused + [ContainerHostConfig(RestartPolicy: RestartPolicy(Name: "on-failure", MaximumRetryCount: -1))] {
            await #expect { try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: hostConfig) } throws: {
                $0.errorKind == .invalidParameter
            }
        }
    }
}

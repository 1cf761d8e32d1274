import Logging
import Synchronization
import Testing

@testable import Engine

@Suite("Engine and jobs")
struct JobTests {
    let engine = Engine(logger: Logger(label: "test"))

    @Test("a job runs its registered handler with its args and env")
    func runsHandler() async throws {
        let seen = Mutex<(args: [String], version: String)>(([], ""))
        try engine.register("serveapi") { job in
            seen.withLock { $0 = (job.args, job.getenv("Version")) }
            return .ok
        }
        let job = engine.job("serveapi", "unix:///a.sock", "tcp://127.0.0.1:2375")
        job.setenv("Version", "1.2.0")
        try await job.run()
        #expect(seen.withLock { $0.args } == ["unix:///a.sock", "tcp://127.0.0.1:2375"])
        #expect(seen.withLock { $0.version } == "1.2.0")
        #expect(job.status == .ok)
    }

    @Test("a failing job throws its last stderr line")
    func failureMessage() async throws {
        try engine.register("serveapi") { job in
            job.printf("partial output\n")
            _ = job.errorf("warning: something")
            return job.errorf("usage: \(job.name) PROTO://ADDR [PROTO://ADDR ...]")
        }
        let job = engine.job("serveapi")
        await #expect(throws: JobError(job: "serveapi", status: .err, message: "usage: serveapi PROTO://ADDR [PROTO://ADDR ...]")) {
            try await job.run()
        }
    }

    @Test("an unknown job is 'command not found' with status 127")
    func unknownJob() async {
        let job = engine.job("nosuchjob")
        await #expect(throws: JobError(job: "nosuchjob", status: .notFound, message: "nosuchjob: command not found")) {
            try await job.run()
        }
    }

    @Test("a job runs once; a handler name registers once; a shut-down engine runs nothing")
    func lifecycleRules() async throws {
        try engine.register("once") { _ in .ok }
        #expect(throws: Engine.DuplicateHandler.self) { try engine.register("once") { _ in .ok } }
        let job = engine.job("once")
        try await job.run()
        await #expect(throws: JobError.self) { try await job.run() }
        engine.shutdown()
        await #expect(throws: JobError(job: "once", status: .err, message: "engine is shutdown")) {
            try await engine.job("once").run()
        }
    }

    @Test("the observer sees start, env changes and the end of each run")
    func observer() async throws {
        final class Recorder: JobObserver {
            let events = Mutex<[String]>([])
            func jobStarted(_ job: Job, env: Env) -> Int {
                events.withLock { $0.append("start \(job.name) \(env.get("Tls"))") }
                return 7
            }
            func jobEnvChanged(_ recordID: Int, env: Env) {
                events.withLock { $0.append("env \(recordID) \(env.get("BufferRequests"))") }
            }
            func jobFinished(_ recordID: Int, status: JobStatus, message: String) {
                events.withLock { $0.append("end \(recordID) \(status)") }
            }
        }
        let recorder = Recorder()
        let engine = Engine(logger: Logger(label: "test"), observer: recorder)
        try engine.register("serveapi") { job in
            job.setenvBool("BufferRequests", false)
            return .ok
        }
        let job = engine.job("serveapi")
        job.setenvBool("Tls", true)
        try await job.run()
        #expect(recorder.events.withLock { $0 } == ["start serveapi 1", "env 7 0", "end 7 ok"])
    }

    @Test("the built-in commands job lists handler names")
    func commands() async throws {
        try engine.register("zeta") { _ in .ok }
        let job = engine.job("commands")
        try await job.run()
        #expect(job.stdout == "commands\nzeta\n")
    }
}

import Engine
import Traffic

/// Forwards the engine's job runs to the traffic feed, where the dashboard's Jobs pane shows them.
struct JobTrafficObserver: JobObserver {
    let traffic: TrafficStore

    func jobStarted(_ job: Job, env: Env) -> Int {
        traffic.addJob(name: job.name, args: job.args, env: Self.fields(env))
    }

    func jobEnvChanged(_ recordID: Int, env: Env) {
        traffic.updateJob(recordID) { $0.env = Self.fields(env) }
    }

    func jobFinished(_ recordID: Int, status: JobStatus, message: String) {
        traffic.updateJob(recordID) { record in
            record.status = status == .ok ? .ok : .failed(code: status.rawValue, message: message)
            record.ended = .now
        }
    }

    private static func fields(_ env: Env) -> [HeaderField] {
        env.pairs.map { HeaderField($0.key, $0.value) }
    }
}

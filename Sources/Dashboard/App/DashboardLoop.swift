import Foundation
import Traffic

/// Why the loop ends besides `q`.
enum LoopExit {
    case signal(Int32)
    case stopped
}

/// The UI loop: input with a timeout, key → model → actions, composer results, and throttled redraws.
struct DashboardLoop {
    let store: TrafficStore
    let control: any DashboardControl
    let terminal: any Terminal
    let options: DashboardOptions
    let sender: RequestSender
    private let theme: Theme
    private var model: DashboardModel
    private var renderer = Renderer()

    /// How long one input wait lasts when nothing is pending: bounds how late a feed change is noticed.
    static let pollMilliseconds = 50

    init(store: TrafficStore, control: any DashboardControl, terminal: any Terminal, options: DashboardOptions,
         sender: RequestSender) {
        self.store = store
        self.control = control
        self.terminal = terminal
        self.options = options
        self.sender = sender
        self.theme = Theme(capabilities: terminal.capabilities)
        self.model = DashboardModel(size: terminal.size)
        self.model.clientTLS = options.clientTLS
    }

    mutating func run(shouldStop: () -> LoopExit?, onFrame: () -> Void) {
        let frameInterval = 1.0 / Double(options.maxFramesPerSecond)
        var lastDraw = Date.distantPast
        var lastGeneration: UInt64?
        var clockPeriod: TimeInterval?
        var dirty = true
        while true {
            if let exit = shouldStop() {
                if case .signal = exit { control.requestShutdown() }
                return
            }
            let sinceDraw = Date().timeIntervalSince(lastDraw)
            let wait = dirty ? max(0, frameInterval - sinceDraw) : Double(Self.pollMilliseconds) / 1000
            var key = terminal.readKey(timeout: Int((wait * 1000).rounded(.up)))
            if key != nil {
                let snapshot = store.snapshot()
                while let next = key {
                    if next == .resize {
                        model.resize(to: terminal.size)
                        renderer.invalidate()
                    }
                    if perform(model.handle(next, snapshot)) { return }
                    key = terminal.readKey(timeout: 0)
                }
                model.clampScroll(snapshot, now: Date(), theme: theme)
                dirty = true
            }
            for outcome in sender.drain() {
                model.receive(outcome)
                dirty = true
            }
            let now = Date()
            if store.generation != lastGeneration { dirty = true }
            if let clockPeriod, now.timeIntervalSince(lastDraw) >= clockPeriod { dirty = true }
            guard dirty, now.timeIntervalSince(lastDraw) >= frameInterval else { continue }
            let snapshot = store.snapshot()
            renderer.render(Screen.render(model: model, snapshot: snapshot, now: now, theme: theme), on: terminal)
            lastGeneration = snapshot.generation
            clockPeriod = Self.clockPeriod(snapshot, model: model, now: now)
            lastDraw = now
            dirty = false
            onFrame()
        }
    }

    /// Carries out the model's actions; returns true when the dashboard must end.
    private mutating func perform(_ actions: [DashboardAction]) -> Bool {
        for action in actions {
            switch action {
            case .activate: control.activate()
            case .setBuffering(let on): control.setBuffering(on)
            case .quit:
                control.requestShutdown()
                return true
            case .send(let request):
                let listener = store.snapshot().listeners.first { $0.id == request.listener }
                sender.send(request, listener: listener, clientTLS: options.clientTLS)
            case .copyToClipboard(let text): terminal.copyToClipboard(text)
            }
        }
        return false
    }

    /// How often the screen must be redrawn with no feed change: ages and live durations tick while something is
    /// held or running; sparklines scroll while they show anything; otherwise never.
    static func clockPeriod(_ s: TrafficSnapshot, model: DashboardModel, now: Date) -> TimeInterval? {
        if s.activation.holding || s.requests.liveCount > 0 { return 0.25 }
        if case .response(let state) = model.overlay, state.outcome == nil { return 0.25 }
        if s.jobs.contains(where: { $0.status == .running }) { return 1 }
        let sparking = s.listeners.contains { $0.requestRate.series(at: now).contains { $0 > 0 } }
        return sparking ? 1 : nil
    }
}

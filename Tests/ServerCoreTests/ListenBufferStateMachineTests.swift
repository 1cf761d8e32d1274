import Testing
import Traffic

@testable import ServerCore

@Suite("The listen buffer's state machine")
struct ListenBufferStateMachineTests {
    typealias Machine = ListenBuffer.StateMachine
    let a = ListenerID(1)
    let b = ListenerID(2)

    func id(_ n: UInt64) -> RequestID { RequestID(n) }

    @Test("holding: requests wait; activation releases them one by one in arrival order")
    func releaseOrder() {
        var m = Machine(holding: true, maxHeldPerListener: 10)
        #expect(m.admit(id(1), listener: a) == .hold(releaseNow: false))
        #expect(m.admit(id(2), listener: b) == .hold(releaseNow: false))
        #expect(m.admit(id(3), listener: a) == .hold(releaseNow: false))
        #expect(m.activate()?.id == id(1))
        // The next goes only when the previous has reached its handler.
        #expect(m.didDispatch(id(2)) == nil)
        #expect(m.didDispatch(id(1))?.id == id(2))
        #expect(m.didDispatch(id(2))?.id == id(3))
        #expect(m.didDispatch(id(3)) == nil)
        #expect(m.admit(id(4), listener: a) == .proceed)
    }

    @Test("requests arriving while a release drains queue behind it")
    func arrivalsDuringDrain() {
        var m = Machine(holding: true, maxHeldPerListener: 10)
        _ = m.admit(id(1), listener: a)
        _ = m.admit(id(2), listener: a)
        #expect(m.activate()?.id == id(1))
        #expect(m.admit(id(3), listener: b) == .hold(releaseNow: false))
        #expect(m.didDispatch(id(1))?.id == id(2))
        #expect(m.didDispatch(id(2))?.id == id(3))
        #expect(m.didDispatch(id(3)) == nil)
        #expect(m.admit(id(5), listener: b) == .proceed)
    }

    @Test("active with nothing queued: requests pass without waiting")
    func activePassesThrough() {
        var m = Machine(holding: false, maxHeldPerListener: 1)
        for n in 1...5 { #expect(m.admit(id(UInt64(n)), listener: a) == .proceed) }
        #expect(m.queue.isEmpty)
    }

    @Test("re-arming holds new requests until the next activation")
    func rearm() {
        var m = Machine(holding: false, maxHeldPerListener: 10)
        let first = m.rearm()
        let second = m.rearm()
        #expect(first)
        #expect(!second)
        #expect(m.admit(id(1), listener: a) == .hold(releaseNow: false))
        #expect(m.activate()?.id == id(1))
        #expect(m.mode == .active)
    }

    @Test("the per-listener cap marks a listener full, and releasing frees it")
    func cap() {
        var m = Machine(holding: true, maxHeldPerListener: 2)
        _ = m.admit(id(1), listener: a)
        #expect(!m.isFull(a))
        _ = m.admit(id(2), listener: a)
        #expect(m.isFull(a))
        #expect(!m.isFull(b))
        _ = m.activate()
        #expect(!m.isFull(a))
    }

    @Test("a client leaving while held drops out of the queue")
    func abandon() {
        var m = Machine(holding: true, maxHeldPerListener: 2)
        _ = m.admit(id(1), listener: a)
        _ = m.admit(id(2), listener: a)
        #expect(m.abandon(id(1)).wasQueued?.id == id(1))
        #expect(!m.isFull(a))
        #expect(m.activate()?.id == id(2))
        // The released one leaving passes the turn on.
        _ = m.admit(id(3), listener: a)
        #expect(m.abandon(id(2)).next?.id == id(3))
    }

    @Test("closing turns every held request away and refuses new ones")
    func close() {
        var m = Machine(holding: true, maxHeldPerListener: 10)
        _ = m.admit(id(1), listener: a)
        _ = m.admit(id(2), listener: b)
        #expect(m.close().map(\.id) == [id(1), id(2)])
        #expect(m.admit(id(3), listener: a) == .reject)
        #expect(m.activate() == nil)
    }
}

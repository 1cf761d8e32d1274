#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock around a value, for critical sections of a few hundred nanoseconds that two event loops take in
/// turn, many thousands of times a second.
///
/// On Linux it is glibc's adaptive mutex, which spins briefly before it sleeps. The standard library's `Mutex`
/// is a priority-inheritance futex there: every contended acquisition is a round trip through the kernel's
/// rt-mutex, which profiling showed costing the request path more than the work done under the lock.
final class AdaptiveLock<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched with `mutex` held.
    // Behind a pointer rather than a stored `var`: a class's stored var is checked for exclusive access at run
    // time on every use, which the mutex already guarantees.
    private let value: UnsafeMutablePointer<Value>
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ value: Value) {
        self.value = .allocate(capacity: 1)
        self.value.initialize(to: value)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        #if canImport(Glibc)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` with the value, the lock held.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}

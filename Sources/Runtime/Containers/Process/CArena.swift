#if canImport(Glibc)
import Glibc
#endif

/// C strings and arrays handed to C code, kept alive until the arena is released.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for pointer in allocations { free(pointer) }
    }

    /// A copy of `text` as a C string.
    func string(_ text: String) -> UnsafePointer<CChar> {
        let pointer = strdup(text)!
        allocations.append(UnsafeMutableRawPointer(pointer))
        return UnsafePointer(pointer)
    }

    /// A NULL-terminated array of C strings.
    func strings(_ texts: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
        let array = allocate(UnsafePointer<CChar>?.self, count: texts.count + 1)
        for (index, text) in texts.enumerated() { array[index] = string(text) }
        array[texts.count] = nil
        return UnsafePointer(array)
    }

    /// A copy of `values` as a C array (never NULL, even when empty).
    func values<T>(_ values: [T]) -> UnsafePointer<T> {
        let array = allocate(T.self, count: max(values.count, 1))
        array.initialize(from: values, count: values.count)
        return UnsafePointer(array)
    }

    // malloc'd (not `allocate`d) so that `free` in deinit is right for every allocation.
    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = malloc(MemoryLayout<T>.stride * count)!
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}

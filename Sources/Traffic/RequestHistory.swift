import DequeModule

/// The request history: a collection of records, oldest first, stored in fixed-size chunks that are shared
/// copy-on-write one by one.
///
/// A snapshot of the history shares every chunk with the store. When the server then updates a request, only the
/// chunk holding it is copied (a few dozen records), not the whole history: with the dashboard taking up to 20
/// snapshots a second, copying thousands of records under the store's lock on the request path would halve the
/// server's throughput.
public struct RequestHistory: RandomAccessCollection, Sendable {
    /// Records per chunk.
    static let chunkSize = 64

    /// A run of consecutive records; shared between the store and its snapshots until one of them writes.
    // Mutated only through `RequestHistory`, and only when uniquely referenced (the store's own copy, under its
    // lock); a shared chunk is copied before any write, so readers never see a change.
    // The records sit in the object itself (a `ManagedBuffer`), reached through pointers: held in a stored array
    // property, every read and write of a record was checked for exclusive access at run time, which cost the
    // request path more than the record's own update.
    private final class Chunk: ManagedBuffer<Int, RequestRecord> {
        /// An empty chunk with room for `chunkSize` records.
        static func make() -> Chunk {
            unsafeDowncast(Chunk.create(minimumCapacity: RequestHistory.chunkSize) { _ in 0 }, to: Chunk.self)
        }

        deinit {
            _ = withUnsafeMutablePointers { count, records in records.deinitialize(count: count.pointee) }
        }

        /// How many records the chunk holds (removed ones included: see `takeRecord`).
        var count: Int { withUnsafeMutablePointerToHeader { $0.pointee } }

        var isFull: Bool { count == RequestHistory.chunkSize }

        subscript(offset: Int) -> RequestRecord {
            withUnsafeMutablePointerToElements { $0[offset] }
        }

        func append(_ record: consuming RequestRecord) {
            // Moved, not copied, into place: a closure cannot consume, but it can take from an Optional.
            var pending = Optional(record)
            withUnsafeMutablePointers { count, records in
                (records + count.pointee).initialize(to: pending.take()!)
                count.pointee += 1
            }
        }

        /// A copy that its holder may change.
        func copy() -> Chunk {
            let copy = Chunk.make()
            withUnsafeMutablePointers { count, records in
                copy.withUnsafeMutablePointers { copyCount, copyRecords in
                    copyRecords.initialize(from: records, count: count.pointee)
                    copyCount.pointee = count.pointee
                }
            }
            return copy
        }

        /// Changes one record in place; returns how the number of live records changed (-1, 0 or +1).
        func update(at offset: Int, _ body: (inout RequestRecord) -> Void) -> Int {
            withUnsafeMutablePointerToElements { records in
                let wasLive = records[offset].phase != .done
                body(&records[offset])
                let nowLive = records[offset].phase != .done
                return wasLive == nowLive ? 0 : (nowLive ? 1 : -1)
            }
        }

        func isLive(at offset: Int) -> Bool { withUnsafeMutablePointerToElements { $0[offset].phase != .done } }

        func id(at offset: Int) -> RequestID { withUnsafeMutablePointerToElements { $0[offset].id } }

        /// Moves a record out, leaving an empty one that owns no memory in its place.
        func takeRecord(at offset: Int) -> RequestRecord {
            withUnsafeMutablePointerToElements { records in
                let taken = (records + offset).move()
                (records + offset).initialize(to: .vacated)
                return taken
            }
        }
    }

    // Chunks are shared between copies of the history only to be read (see `Chunk`).
    nonisolated(unsafe) private var chunks: Deque<Chunk> = []
    /// How many records at the front of the first chunk were removed.
    private var skipped = 0
    /// How many records the history holds.
    public private(set) var count = 0
    /// How many records are live (not done), kept up to date by every change so readers need not scan.
    public private(set) var liveCount = 0

    /// An empty history.
    public init() {}

    /// The oldest record's id, read in place (`first?.id` would copy the whole record).
    public var firstID: RequestID? {
        count == 0 ? nil : chunks[0].id(at: skipped)
    }

    /// The position of the record with `id`, if the history still holds it (ids are consecutive).
    public func position(of id: RequestID) -> Int? {
        guard let first = firstID?.rawValue, id.rawValue >= first else { return nil }
        let position = Int(id.rawValue - first)
        return position < count ? position : nil
    }

    /// 0: the oldest record.
    public var startIndex: Int { 0 }
    /// `count`: one past the newest record.
    public var endIndex: Int { count }

    /// The record at `position` (0 is the oldest).
    public subscript(position: Int) -> RequestRecord {
        precondition(position >= 0 && position < count, "request history index out of range")
        let (chunk, offset) = location(of: position)
        return chunks[chunk][offset]
    }

    /// Appends a record at the end.
    mutating func append(_ record: consuming RequestRecord) {
        let live = record.isLive
        if chunks.isEmpty || chunks[chunks.count - 1].isFull { chunks.append(Chunk.make()) }
        makeUnique(chunks.count - 1)
        chunks[chunks.count - 1].append(record)
        count += 1
        if live { liveCount += 1 }
    }

    /// What `removeFirst` took out of the history, for the caller to let go of after leaving its lock.
    struct Removed {
        /// The record itself, when it could be moved out of its chunk (the chunk was not shared).
        fileprivate(set) var record: RequestRecord?
        /// The chunk the removal emptied, if any.
        fileprivate(set) var chunk: AnyObject?
    }

    /// Removes the oldest record. What it returns holds the memory the removal frees, so that the caller can
    /// destroy it after leaving its lock.
    // One record at a time, moved out of its chunk: destroying a whole chunk at once freed over a hundred
    // blocks in a burst, past the allocator's per-thread cache, onto the arena locks the other event loop was
    // allocating under. A chunk a snapshot shares is left whole; the last holder frees it.
    @discardableResult
    mutating func removeFirst() -> Removed {
        precondition(count > 0, "removeFirst on an empty request history")
        var removed = Removed()
        if chunks[0].isLive(at: skipped) { liveCount -= 1 }
        if isKnownUniquelyReferenced(&chunks[0]) { removed.record = chunks[0].takeRecord(at: skipped) }
        count -= 1
        skipped += 1
        guard skipped == chunks[0].count else { return removed }
        skipped = 0
        removed.chunk = chunks.removeFirst()
        return removed
    }

    /// Changes the record at `position` in place, copying its chunk first if a snapshot shares it.
    mutating func update(at position: Int, _ body: (inout RequestRecord) -> Void) {
        precondition(position >= 0 && position < count, "request history index out of range")
        let (chunk, offset) = location(of: position)
        makeUnique(chunk)
        liveCount += chunks[chunk].update(at: offset, body)
    }

    private func location(of position: Int) -> (chunk: Int, offset: Int) {
        let absolute = position + skipped
        return (absolute / Self.chunkSize, absolute % Self.chunkSize)
    }

    private mutating func makeUnique(_ chunk: Int) {
        if !isKnownUniquelyReferenced(&chunks[chunk]) { chunks[chunk] = chunks[chunk].copy() }
    }
}

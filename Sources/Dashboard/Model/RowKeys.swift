/// The stable keys of a pane's rows in display order, with an index lookup that is O(1) or O(log n) for the
/// request log (whose ids ascend), so scrolling a 5000-row history stays cheap.
public struct RowKeys {
    /// How many rows there are.
    public let count: Int
    private let storage: Storage

    private enum Storage {
        case list([Int])
        case ascending([Int])
        case contiguous(first: Int)
    }

    /// Keys in any order (looked up linearly: small panes).
    public init(_ keys: [Int]) {
        count = keys.count
        storage = .list(keys)
    }

    /// Keys in ascending order (binary search).
    public init(ascending keys: [Int]) {
        count = keys.count
        storage = .ascending(keys)
    }

    /// The keys `first`, `first + 1`, … (an unfiltered request log).
    public init(contiguousFrom first: Int, count: Int) {
        self.count = count
        storage = .contiguous(first: first)
    }

    /// The key of row `index`.
    public subscript(index: Int) -> Int {
        switch storage {
        case .list(let keys), .ascending(let keys): return keys[index]
        case .contiguous(let first): return first + index
        }
    }

    /// The row of `key`, or of the first row after it (ascending keys), clamped to the rows.
    public func index(of key: Int) -> Int {
        guard count > 0 else { return 0 }
        switch storage {
        case .list(let keys):
            if let exact = keys.firstIndex(of: key) { return exact }
            return min(keys.firstIndex { $0 > key } ?? count - 1, count - 1)
        case .ascending(let keys):
            var low = 0
            var high = count
            while low < high {
                let mid = (low + high) / 2
                if keys[mid] < key { low = mid + 1 } else { high = mid }
            }
            return min(low, count - 1)
        case .contiguous(let first):
            return max(0, min(key - first, count - 1))
        }
    }
}

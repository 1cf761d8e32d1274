import Traffic

/// The request log's rows after filtering: a view on a snapshot's history that copies nothing when no filter is
/// set, so a full 5000-request history costs nothing per frame until rows are actually drawn.
public struct RequestRows: RandomAccessCollection {
    private let snapshot: TrafficSnapshot
    /// Positions in the history of the rows that passed the filter (nil: all of them).
    private let matching: [Int]?

    init(snapshot: TrafficSnapshot, matching: [Int]?) {
        self.snapshot = snapshot
        self.matching = matching
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { matching?.count ?? snapshot.requests.count }

    public subscript(position: Int) -> RequestRecord {
        snapshot.requests[matching.map { $0[position] } ?? position]
    }

    /// The rows' keys (request ids, ascending).
    public var keys: RowKeys {
        guard let matching else {
            return RowKeys(contiguousFrom: Int(snapshot.requests.first?.id.rawValue ?? 0), count: snapshot.requests.count)
        }
        return RowKeys(ascending: matching.map { Int(snapshot.requests[$0].id.rawValue) })
    }
}

import Foundation
import Testing
import Traffic

// The TrafficTests target existed only as an empty directory, which git does not keep: a clean clone could not
// build. These tests give the target a file (and RateHistory its first tests).
@Suite("RateHistory")
struct RateHistoryTests {
    @Test("events land in the second they happened; the newest second is last")
    func countsPerSecond() {
        var history = RateHistory()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        history.record(at: start)
        history.record(at: start)
        history.record(at: start.addingTimeInterval(1))
        let series = history.series(at: start.addingTimeInterval(1))
        #expect(series.count == RateHistory.capacity)
        #expect(series.suffix(2) == [2, 1])
        #expect(series.reduce(0, +) == 3)
    }

    @Test("seconds older than the window are forgotten")
    func slidingWindow() {
        var history = RateHistory()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        history.record(at: start)
        #expect(history.series(at: start.addingTimeInterval(Double(RateHistory.capacity - 1))).first == 1)
        #expect(history.series(at: start.addingTimeInterval(Double(RateHistory.capacity))).reduce(0, +) == 0)
    }
}

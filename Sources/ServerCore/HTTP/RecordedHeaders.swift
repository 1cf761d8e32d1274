import NIOHTTP1
import Traffic

/// A request's or response's headers as the traffic feed keeps them: NIO's own value, shared, turned into
/// `HeaderField`s only when the dashboard shows them.
struct RecordedHeaders: HeaderSource {
    let headers: HTTPHeaders

    var headerFields: [HeaderField] { headers.map { HeaderField($0.name, $0.value) } }
}

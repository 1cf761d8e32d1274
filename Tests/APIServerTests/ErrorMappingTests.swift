import APIServer
import Errdefs
import NIOHTTP1
import ServerCore
import Testing

@Suite("One function maps errors to statuses, by kind")
struct ErrorMappingTests {
    struct Missing: NotFoundError {}
    struct Busy: ConflictError {}
    struct Untyped: Error {}

    @Test("each kind has its status", arguments: [
        (ErrorKind.notFound, 404), (.invalidParameter, 400), (.conflict, 409), (.notModified, 304),
        (.forbidden, 403), (.unauthorized, 401), (.unavailable, 503), (.notImplemented, 501), (.system, 500),
    ])
    func kinds(kind: ErrorKind, status: Int) {
        #expect(ErrorMapping.status(for: DaemonError(kind, "x")).code == UInt(status))
    }

    @Test("marker protocols count, untyped errors are 500, message text never matters")
    func markers() {
        #expect(ErrorMapping.status(for: Missing()) == .notFound)
        #expect(ErrorMapping.status(for: Busy()) == .conflict)
        #expect(ErrorMapping.status(for: Untyped()) == .internalServerError)
        #expect(ErrorMapping.status(for: DaemonError.system("No such container: x")) == .internalServerError)
        #expect(ErrorMapping.status(for: RequestBodyTooLarge(limit: 1)) == .payloadTooLarge)
    }
}

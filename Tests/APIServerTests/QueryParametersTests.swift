import APIServer
import Testing

@Suite("Query parameters")
struct QueryParametersTests {
    @Test("values are decoded and may repeat")
    func decoding() {
        let query = QueryParameters(uri: "/images/get?names=a%2Fb&names=c+d&all=1&empty=")
        #expect(query.strings("names") == ["a/b", "c d"])
        #expect(query.string("empty") == "")
        #expect(query.string("missing") == nil)
    }

    @Test("booleans follow Docker's rule; missing uses the default")
    func bools() {
        let query = QueryParameters(uri: "/x?a=1&b=false&c=none&d=yes&e=")
        #expect(query.bool("a"))
        #expect(!query.bool("b"))
        #expect(!query.bool("c"))
        #expect(query.bool("d"))
        #expect(!query.bool("e"))
        #expect(query.bool("missing", default: true))
    }

    @Test("integers: garbage is a 400")
    func ints() throws {
        let query = QueryParameters(uri: "/x?t=10&bad=ten")
        #expect(try query.int("t") == 10)
        #expect(try query.int("missing") == nil)
        #expect(throws: (any Error).self) { try query.int("bad") }
    }

    @Test("filters are a JSON object of lists (or of booleans)")
    func filters() throws {
        let query = QueryParameters(uri: "/x?filters=%7B%22type%22%3A%5B%22container%22%5D%2C%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D")
        #expect(try query.filters() == ["type": ["container"], "dangling": ["true"]])
        #expect(throws: (any Error).self) { try QueryParameters(uri: "/x?filters=nope").filters() }
    }
}

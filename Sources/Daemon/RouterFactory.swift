import APIServer
import Logging
import ServerCore
import Traffic

/// The seed's `createRouter`, called once per listener by `ListenAndServe`: every listener gets its own router
/// over the same route table.
struct RouterFactory: Sendable {
    let configuration: APIServerConfiguration
    let routes: [Route]
    let debugRoutes: [Route]
    let traffic: TrafficStore
    let logger: Logger

    init(configuration: APIServerConfiguration, backends: APIBackends, debugRoutes: [Route], traffic: TrafficStore, logger: Logger) {
        self.configuration = configuration
        self.routes = RouteTable.routes(backends: backends, configuration: configuration)
        self.debugRoutes = debugRoutes
        self.traffic = traffic
        self.logger = logger
    }

    func makeRouter() -> any HTTPResponder {
        // The templates are fixed strings of ours; failing to compile one is a programming error.
        try! APIRouter(routes: routes, debugRoutes: debugRoutes, configuration: configuration, traffic: traffic, logger: logger)
    }
}

import Traffic

/// The request composer's fields: a route from the table (or a typed method and path), its `{vars}`, an optional
/// query and JSON body, and the listener to send it through.
public struct ComposeForm: Sendable, Equatable {
    /// A focusable field of the form.
    public enum Field: Sendable, Equatable, Hashable {
        case route, method, path, variable(Int), query, body, listener
    }

    /// One `{var}` of the chosen route and the value typed for it.
    public struct Variable: Sendable, Equatable {
        /// The variable name as in the template (`name` for `{name:.*}`).
        public var name: String
        /// What the user typed.
        public var value: String
    }

    /// The chosen route's id (nil: a custom method and path).
    public private(set) var routeID: Int?
    /// The HTTP method.
    public private(set) var method: String
    /// The route's template, or the typed path for a custom request.
    public private(set) var path: String
    /// The route's `{vars}` (without `version`, which comes from `apiVersion`).
    public private(set) var variables: [Variable] = []
    /// The query string, without `?`.
    public var query: String = ""
    /// The request body (JSON); empty for none.
    public var body: String = ""
    /// The listener the request goes through.
    public var listener: ListenerID?
    /// The focused field.
    public var field: Field = .route
    /// The API version used to prefix route templates (`/v1.14`).
    public var apiVersion: String?
    /// Why the last send was refused (missing variable, no listener).
    public var error: String?

    /// A custom form (`GET /_ping`) or one for `route`, sent to `listener`.
    public init(route: RouteRecord? = nil, listener: ListenerID?, apiVersion: String?) {
        self.method = "GET"
        self.path = "/_ping"
        self.listener = listener
        self.apiVersion = apiVersion
        if let route { select(route) }
    }

    /// Every field in focus order.
    public var fields: [Field] {
        [.route, .method, .path] + variables.indices.map { Field.variable($0) } + [.query, .body, .listener]
    }

    /// Chooses `route` (nil: custom); values typed for variables of the same name are kept.
    public mutating func select(_ route: RouteRecord?) {
        guard let route else {
            if routeID != nil { path = targetPath }
            routeID = nil
            variables = []
            return
        }
        let old = Dictionary(variables.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        routeID = route.id
        method = route.method
        path = route.template
        variables = RouteTemplate(route.template).variables.filter { $0 != "version" }.map {
            Variable(name: $0, value: old[$0] ?? "")
        }
    }

    /// Fills a variable by name (ignored when the route has none of that name).
    public mutating func setVariable(_ name: String, _ value: String) {
        if let index = variables.firstIndex(where: { $0.name == name }) { variables[index].value = value }
    }

    /// The path part of the request target.
    public var targetPath: String {
        guard routeID != nil else { return path.hasPrefix("/") ? path : "/" + path }
        let values = Dictionary(variables.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let filled = RouteTemplate(path).fill(values)
        return (apiVersion.map { "/v\($0)" } ?? "") + filled
    }

    /// Path and query as they will be sent.
    public var target: String {
        let q = query.hasPrefix("?") ? String(query.dropFirst()) : query
        return q.isEmpty ? targetPath : "\(targetPath)?\(q)"
    }

    /// Variables still without a value.
    public var missingVariables: [String] { variables.filter { $0.value.isEmpty }.map(\.name) }

    /// The text of the focused field when it is editable.
    public var editableText: String? {
        switch field {
        case .method: return method
        case .path: return routeID == nil ? path : targetPath
        case .variable(let i): return variables.indices.contains(i) ? variables[i].value : nil
        case .query: return query
        case .body: return body
        case .route, .listener: return nil
        }
    }

    /// Replaces the focused field's text; editing the method or path turns the form into a custom request.
    public mutating func setEditableText(_ text: String) {
        switch field {
        case .method:
            if routeID != nil { select(nil) }
            method = String(text.uppercased().prefix(10))
        case .path:
            if routeID != nil { select(nil) }
            path = text
        case .variable(let i): if variables.indices.contains(i) { variables[i].value = text }
        case .query: query = text
        case .body: body = text
        case .route, .listener: break
        }
        error = nil
    }

    /// Moves the focus by `delta` fields (wrapping).
    public mutating func moveField(by delta: Int) {
        let all = fields
        let index = all.firstIndex(of: field) ?? 0
        field = all[(index + delta % all.count + all.count) % all.count]
    }

    /// Chooses the previous or next route in `routes` (before the first: custom).
    public mutating func cycleRoute(by delta: Int, routes: [RouteRecord]) {
        guard !routes.isEmpty else { return }
        let current = routeID.flatMap { id in routes.firstIndex { $0.id == id } }.map { $0 + 1 } ?? 0
        let next = (current + delta + routes.count + 1) % (routes.count + 1)
        select(next == 0 ? nil : routes[next - 1])
    }

    /// Chooses the previous or next listener.
    public mutating func cycleListener(by delta: Int, listeners: [ListenerRecord]) {
        guard !listeners.isEmpty else { return }
        let current = listener.flatMap { id in listeners.firstIndex { $0.id == id } } ?? 0
        listener = listeners[(current + delta % listeners.count + listeners.count) % listeners.count].id
    }

    /// The request to send, or nil with `error` set when a variable or the listener is missing.
    public mutating func build(token: Int) -> ComposedRequest? {
        if let missing = missingVariables.first {
            error = "fill {\(missing)} first"
            field = .variable(variables.firstIndex { $0.name == missing } ?? 0)
            return nil
        }
        guard let listener else {
            error = "no listener to send through"
            return nil
        }
        var headers: [HeaderField] = []
        if !body.isEmpty { headers.append(HeaderField("Content-Type", "application/json")) }
        error = nil
        return ComposedRequest(
            token: token, method: method.isEmpty ? "GET" : method, target: target, headers: headers,
            body: Array(body.utf8), listener: listener)
    }

    /// A form that repeats a logged request: same route and variables, query, body and listener.
    public static func repeating(_ request: RequestRecord, routes: [RouteRecord], apiVersion: String?) -> ComposeForm {
        let route = request.routeID.flatMap { id in routes.first { $0.id == id } }
        // Repeat the version prefix the client used, or none when it sent an unversioned path.
        let version = request.vars["version"] ?? (request.path.hasPrefix("/v1") ? apiVersion : nil)
        var form = ComposeForm(route: route, listener: request.listener, apiVersion: version)
        if route == nil {
            form.method = request.method
            form.path = request.path
        }
        for (name, value) in request.vars { form.setVariable(name, value) }
        if let q = request.uri.firstIndex(of: "?") { form.query = String(request.uri[request.uri.index(after: q)...]) }
        form.body = Format.bodyText(request.requestBodyExcerpt) ?? ""
        form.field = .route
        return form
    }
}

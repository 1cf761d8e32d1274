/// What the container routes need from the container runtime. The runtime's operations are added here as
/// the container routes are built; until then the routes answer 501.
public protocol ContainerBackend: Sendable {}

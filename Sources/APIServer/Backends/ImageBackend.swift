/// What the image routes need from the image store. The store's operations are added here as the image
/// routes are built; until then the routes answer 501.
public protocol ImageBackend: Sendable {}

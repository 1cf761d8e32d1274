import Runtime
import Synchronization

/// The seam through which the container runtime answers "which containers use this image?" before an image
/// is deleted (409 conflicts). Until containers exist nothing is installed and no image is in use.
public final class ImageUsageHook: Sendable {
    private let check = Mutex<ImageUsageCheck?>(nil)

    init() {}

    /// Installs the container store's answer (it must answer synchronously from its current state).
    public func install(_ check: @escaping ImageUsageCheck) {
        self.check.withLock { $0 = check }
    }

    /// The containers using image `id` (`sha256:…`).
    func users(of id: String) -> [ImageUser] {
        check.withLock { $0 }?(id) ?? []
    }
}

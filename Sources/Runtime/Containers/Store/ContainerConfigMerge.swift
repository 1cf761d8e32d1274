import Errdefs
import Foundation

/// How a container's configuration takes the image's defaults, as dockerd's `merge(userConf, imageConf)`.
enum ContainerConfigMerge {
    /// `config` with the blanks filled from `image`:
    /// - `User`, `WorkingDir`, `StopSignal` when empty;
    /// - `Env`: the image's variables whose name the container does not set are appended;
    /// - `Labels`, `ExposedPorts`, `Volumes`: the image's entries under the container's own;
    /// - no `Entrypoint` given: `Cmd` defaults to the image's, `Entrypoint` to the image's; an `Entrypoint`
    ///   given drops the image's `Cmd` (the container's `Cmd` alone, possibly none, follows it).
    static func merge(_ config: ImageRunConfig, image: ImageRunConfig?) -> ImageRunConfig {
        guard let image else { return config }
        var merged = config
        if (merged.User ?? "").isEmpty { merged.User = image.User }
        if (merged.WorkingDir ?? "").isEmpty { merged.WorkingDir = image.WorkingDir }
        if (merged.StopSignal ?? "").isEmpty { merged.StopSignal = image.StopSignal }
        if merged.StopTimeout == nil { merged.StopTimeout = image.StopTimeout }
        var env = merged.Env ?? []
        let names = Set(env.map(variableName))
        for variable in image.Env ?? [] where !names.contains(variableName(variable)) {
            env.append(variable)
        }
        merged.Env = env.isEmpty ? merged.Env : env
        if let labels = image.Labels, !labels.isEmpty {
            merged.Labels = labels.merging(merged.Labels ?? [:]) { _, own in own }
        }
        if let ports = image.ExposedPorts, !ports.isEmpty {
            merged.ExposedPorts = ports.merging(merged.ExposedPorts ?? [:]) { _, own in own }
        }
        if let volumes = image.Volumes, !volumes.isEmpty {
            merged.Volumes = volumes.merging(merged.Volumes ?? [:]) { _, own in own }
        }
        if (merged.Entrypoint ?? []).isEmpty {
            if (merged.Cmd ?? []).isEmpty { merged.Cmd = image.Cmd }
            if merged.Entrypoint == nil { merged.Entrypoint = image.Entrypoint }
        }
        return merged
    }

    /// Entrypoint followed by Cmd; throws 400 `No command specified` when both are empty.
    static func commandLine(_ config: ImageRunConfig) throws -> [String] {
        // `--entrypoint ""` arrives as `[""]`: an explicitly empty entrypoint.
        let entrypoint = (config.Entrypoint ?? []).filter { !$0.isEmpty }
        let line = entrypoint + (config.Cmd ?? [])
        guard let first = line.first, !first.isEmpty else {
            throw DaemonError.invalidParameter("No command specified")
        }
        return line
    }

    /// The name part of `NAME=value`.
    static func variableName(_ variable: String) -> Substring {
        variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }
}

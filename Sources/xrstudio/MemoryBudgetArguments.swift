// MemoryBudgetArguments: `--memory-budget SIZE`, the most memory a command may spend loading scenes and models.

import ArgumentParser
import FoundationEssentials
import SceneModel
import TakeFormats

/// The memory budget option shared by the commands that load scenes or models (`MemoryBudget`).
struct MemoryBudgetArguments: ParsableArguments {
    @Option(name: .customLong("memory-budget"),
            help: ArgumentHelp("The most memory loading may take, e.g. 8G, 512M (default: half the memory this process may use: the machine's, or its container's or job's cgroup limit). A scene, model or texture estimated to need more is refused with the estimate.",
                               valueName: "SIZE"))
    var memoryBudget: String?

    /// Half the memory this process may use (`HostMemory`: the machine's, or its container's or Slurm job's cgroup
    /// limit): room for the render's frames and the rest of the machine.
    static var defaultBytes: Int { HostMemory.bytes / 2 }

    /// Sets `MemoryBudget.bytes` from the option (or the default); a bad value is a usage error.
    func apply() throws {
        guard let text = memoryBudget else { MemoryBudget.bytes = Self.defaultBytes; return }
        guard let bytes = MemoryBudget.parse(text) else {
            throw JobError.usage("--memory-budget \(text): expected a size such as 8G, 512M or 1.5T")
        }
        MemoryBudget.bytes = bytes
    }
}

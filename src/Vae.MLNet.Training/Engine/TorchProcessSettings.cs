namespace Vae.MLNet.Engine;

/// <summary>
/// Process-wide changes the engine may make when it loads libtorch. Each changes the whole host
/// process, so the library makes none unless the host application asks, with
/// <see cref="TorchRuntime.Configure"/> before the engine's first use; the <c>vae</c> command asks for
/// <see cref="Recommended"/>.
/// </summary>
public sealed record TorchProcessSettings
{
    /// <summary>No process-wide change: what a library user gets without asking.</summary>
    public static TorchProcessSettings None { get; } = new();

    /// <summary>All three changes, each measured to speed training (docs/benchmarks.md): what the <c>vae</c> command uses.</summary>
    public static TorchProcessSettings Recommended { get; } =
        new()
        {
            KeepFreedMemoryInHeap = true,
            PassiveOpenMpWait = true,
            OverrideMklVendorCheck = true,
        };

    /// <summary>
    /// Raise glibc's malloc thresholds (<c>mallopt</c>: mmap above 32 MiB, trim above 1 GiB) so the activation
    /// buffers that training frees and re-allocates each step stay in the heap instead of going back to the kernel
    /// (3.7× on the <c>conv</c> preset). Linux with glibc only; elsewhere nothing.
    /// </summary>
    public bool KeepFreedMemoryInHeap { get; init; }

    /// <summary>
    /// Set <c>OMP_WAIT_POLICY=PASSIVE</c> in the native environment (unless the variable is set already), so
    /// libtorch's OpenMP threads sleep rather than spin while they wait, and a core another process needs is not
    /// burnt spinning.
    /// </summary>
    public bool PassiveOpenMpWait { get; init; }

    /// <summary>
    /// On x86-64 Linux processors other than Intel's that have AVX-512, point libtorch's call to oneMKL's vendor
    /// check (<c>mkl_serv_intel_cpu_true</c>) at a function that answers 1, so oneMKL chooses its float32 matrix
    /// product kernels by instruction set alone (2.2× faster matrix products on an AMD EPYC). The override is checked
    /// against float64 products of several shapes and removed on any mismatch; any failure keeps oneMKL's own choice
    /// and is reported by <see cref="TorchRuntime.MatrixProductKernels"/>, never thrown.
    /// </summary>
    public bool OverrideMklVendorCheck { get; init; }
}

using Vae.MLNet.Torch.Native;

namespace Vae.MLNet.Torch;

/// <summary>Process-wide settings of the libtorch engine: threads, seeding, devices.</summary>
public static class TorchRuntime
{
    /// <summary>Device name for the CPU.</summary>
    public const string Cpu = "cpu";

    /// <summary>Device name for the first CUDA GPU.</summary>
    public const string Cuda = "cuda";

    /// <summary>
    /// Sets libtorch's intra-op thread count (≤ 0: all cores) and runs OpenBLAS single-threaded
    /// inside each of them, so the two pools do not oversubscribe the cores.
    /// </summary>
    /// <exception cref="TorchEngineException">The engine refused the setting.</exception>
    public static void SetThreads(int threads) => NativeStatus.Check(NativeMethods.SetNumThreads(threads));

    /// <summary>libtorch's current intra-op thread count.</summary>
    public static int Threads
    {
        get
        {
            NativeStatus.Check(NativeMethods.GetNumThreads(out int n));
            return n;
        }
    }

    /// <summary>Whether this libtorch build has CUDA and sees a GPU.</summary>
    public static bool CudaAvailable
    {
        get
        {
            NativeStatus.Check(NativeMethods.CudaAvailable(out int available));
            return available != 0;
        }
    }

    /// <summary>Fails at once when <paramref name="device"/> cannot be used by this build.</summary>
    /// <param name="device">"cpu" or "cuda" (or "cuda:N").</param>
    /// <exception cref="ArgumentException">The name is neither cpu nor cuda.</exception>
    /// <exception cref="TorchEngineException">CUDA asked for on a CPU-only build (code <see cref="TorchErrorCode.Device"/>;
    /// the message says how to build against a CUDA libtorch).</exception>
    public static void EnsureDevice(string device)
    {
        bool cuda = device == Cuda || device.StartsWith(Cuda + ":", StringComparison.Ordinal);
        if (device != Cpu && !cuda)
            throw new ArgumentException($"Unknown device '{device}'; expected '{Cpu}' or '{Cuda}'.", nameof(device));
        if (cuda && !CudaAvailable)
            throw new TorchEngineException(TorchErrorCode.Device,
                $"Device '{device}' requested, but the libtorch this engine was built against has no CUDA support " +
                "or sees no GPU. Build src/Vae.MLNet.Torch.Native against a CUDA-enabled libtorch " +
                "(LIBTORCH_DIR=<path to CUDA libtorch> ./build.sh), or use --device cpu.");
    }
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace Vae.MLNet.Engine;

/// <summary>Process-wide settings of the engine (TorchSharp over libtorch): native loading, threads, devices.</summary>
public static class TorchRuntime
{
    /// <summary>Device name for the CPU.</summary>
    public const string Cpu = "cpu";

    /// <summary>Device name for the first CUDA GPU ("cuda:N" names another).</summary>
    public const string Cuda = "cuda";

    /// <summary>The native package this engine is built and tested with.</summary>
    public const string NativePackage = "libtorch-cpu-linux-x64 2.10.0";

    private static readonly Lazy<bool> Loaded = new(Load);

    /// <summary>
    /// Loads TorchSharp's native libraries once per process, after the process settings of
    /// <see cref="NativeProcess"/>: freed memory kept in the heap for reuse, and OpenMP threads that
    /// sleep rather than spin when they wait (OMP_WAIT_POLICY=PASSIVE, unless the variable is set), so
    /// a core that another process needs is not burnt spinning (beside one busy process, 2 spinning
    /// threads trained at 1,023 img/s, 2 sleeping ones at 1,423).
    /// </summary>
    /// <exception cref="TorchEngineException">The native libraries cannot be loaded (the message says why and what to do).</exception>
    public static void EnsureLoaded() => _ = Loaded.Value;

    /// <summary>
    /// Sets libtorch's intra-op thread count and returns it. <paramref name="threads"/> ≤ 0 asks for
    /// the default: one per core available to the process (CPU quotas included) less the threads other
    /// processes keep running (<see cref="DefaultThreads"/>).
    /// </summary>
    /// <remarks>
    /// Results depend on the thread count (libtorch splits its reductions by it), so a run keeps the
    /// count it started with; the trainer records it, and a resumed run uses it again.
    /// </remarks>
    /// <exception cref="TorchEngineException">The native libraries cannot be loaded.</exception>
    public static int SetThreads(int threads)
    {
        EnsureLoaded();
        int count = threads > 0 ? threads : DefaultThreads();
        torch.set_num_threads(count);
        return count;
    }

    /// <summary>
    /// The default thread count: cores available to the process minus the threads of other processes
    /// that want a CPU (averaged over ~0.25 s; see CpuLoad), rounded, at least 1. Two threads that
    /// share a core with a busy process stall each other at every parallel region: beside one busy
    /// loop on 2 cores, 2 threads trained at 0.8× the speed of 1 (docs/benchmarks.md, "Threads").
    /// </summary>
    public static int DefaultThreads()
    {
        EnsureLoaded();
        int cores = Environment.ProcessorCount;
        return Math.Clamp(cores - (int)Math.Round(CpuLoad.Others()), 1, cores);
    }

    /// <summary>
    /// How oneMKL, libtorch's library for float32 matrix products, chooses its kernels in this process,
    /// in words: by instruction set alone on x86-64 processors other than Intel's that have AVX-512
    /// (measured 2.2× faster there), otherwise its own choice. Set when the natives load
    /// (<see cref="EnsureLoaded"/>); environment variable VAE_MLNET_MKL_DISPATCH=vendor keeps oneMKL's vendor check.
    /// </summary>
    public static string MatrixProductKernels
    {
        get
        {
            EnsureLoaded();
            return _matrixProductKernels;
        }
    }

    private static string _matrixProductKernels = "";

    /// <summary>libtorch's current intra-op thread count.</summary>
    public static int Threads
    {
        get
        {
            EnsureLoaded();
            return torch.get_num_threads();
        }
    }

    /// <summary>Whether the native package has CUDA and a GPU is visible.</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureLoaded();
            return torch.cuda.is_available();
        }
    }

    /// <summary>Fails at once, before any work, when <paramref name="device"/> cannot be used.</summary>
    /// <param name="device">"cpu", "cuda" or "cuda:N".</param>
    /// <exception cref="ArgumentException">The name is neither cpu nor cuda.</exception>
    /// <exception cref="TorchEngineException">CUDA asked for without a CUDA build (code
    /// <see cref="TorchErrorCode.Device"/>; the message names the packages a CUDA build needs).</exception>
    public static void EnsureDevice(string device) => _ = ToDevice(device);

    internal static torch.Device ToDevice(string device)
    {
        bool cuda = device == Cuda || device.StartsWith(Cuda + ":", StringComparison.Ordinal);
        if (device != Cpu && !cuda)
            throw new ArgumentException($"Unknown device '{device}'; expected '{Cpu}' or '{Cuda}'.", nameof(device));
        if (cuda && !CudaAvailable)
            throw new TorchEngineException(
                TorchErrorCode.Device,
                $"Device '{device}' requested, but this build has no CUDA: it runs "
                    + $"on TorchSharp's CPU-only native package ({NativePackage}). "
                    + "Training on a GPU needs an application that references TorchSharp-cuda-linux (libtorch-cuda-12.8-linux-x64) "
                    + "instead, which is not available here; use --device cpu."
            );
        return new torch.Device(device);
    }

    private static bool Load()
    {
        NativeProcess.KeepFreedMemoryInHeap();
        NativeProcess.SetDefaultEnvironment("OMP_WAIT_POLICY", "PASSIVE");
        // Load it ourselves first: when it fails, TorchSharp's own fallback would copy ~600 MB of
        // natives from the NuGet cache into the output folder and then fail with a generic message.
        try
        {
            NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchEngineException(
                TorchErrorCode.Torch,
                $"TorchSharp's native library could not be loaded: {e.Message} "
                    + $"The application must reference the native package ({NativePackage}). On Debian 12 and other systems whose "
                    + "libstdc++ predates GCC 13, the build step in src/Vae.MLNet.Engine/build/Vae.MLNet.Engine.targets must have "
                    + "run on this output folder (docs/torchsharp-on-debian12.md).",
                e
            );
        }
        _matrixProductKernels = MklDispatch.Apply(); // before the first matrix product
        _ = torch.get_num_threads(); // initializes TorchSharp's backend
        return true;
    }
}

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
    private static readonly Lock SettingsLock = new();
    private static TorchProcessSettings _settings = TorchProcessSettings.None;
    private static bool _settingsApplied;

    /// <summary>
    /// Chooses the process-wide changes the engine makes when it loads libtorch (none unless asked). Call it once,
    /// before the engine's first use; a call with the same settings after loading does nothing.
    /// </summary>
    /// <param name="settings">The changes the host application allows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="InvalidOperationException">libtorch is loaded already, with other settings.</exception>
    public static void Configure(TorchProcessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (SettingsLock)
        {
            if (_settingsApplied && settings != _settings)
                throw new InvalidOperationException(
                    "TorchRuntime.Configure: libtorch is loaded already, with other process settings; "
                        + "call Configure before the engine's first use."
                );
            _settings = settings;
        }
    }

    /// <summary>The process-wide changes chosen with <see cref="Configure"/> (applied when libtorch loads).</summary>
    public static TorchProcessSettings Settings => _settings;

    /// <summary>
    /// Loads TorchSharp's native libraries once per process, after making the process-wide changes that
    /// <see cref="Configure"/> allowed (none by default).
    /// </summary>
    /// <exception cref="TorchEngineException">The native libraries cannot be loaded (the message says why and what to do).</exception>
    public static void EnsureLoaded() => _ = Loaded.Value;

    /// <summary>
    /// Sets libtorch's intra-op thread count and returns it. <paramref name="threads"/> ≤ 0 asks for
    /// the default, <see cref="DefaultThreads"/>.
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
    /// The default thread count: the cores available to this process (<see cref="Environment.ProcessorCount"/>:
    /// its CPU affinity and its cgroup's CPU quota), never the load of other processes, so the same command gives the
    /// same figures whatever runs beside it.
    /// </summary>
    public static int DefaultThreads() => Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// How oneMKL, libtorch's library for float32 matrix products, chooses its kernels in this process,
    /// in words: by instruction set alone on x86-64 processors other than Intel's that have AVX-512
    /// (measured 2.2× faster there) when <see cref="TorchProcessSettings.OverrideMklVendorCheck"/> was asked for and
    /// passed its check, otherwise its own choice, with the reason. Set when the natives load (<see cref="EnsureLoaded"/>).
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
                    + "instead, which is not available here; train on the CPU (device \"cpu\")."
            );
        return new torch.Device(device);
    }

    private static bool Load()
    {
        TorchProcessSettings settings;
        lock (SettingsLock)
        {
            settings = _settings;
            _settingsApplied = true;
        }
        if (settings.KeepFreedMemoryInHeap)
            NativeProcess.KeepFreedMemoryInHeap();
        if (settings.PassiveOpenMpWait)
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
                    + "libstdc++ predates GCC 13, the build step of the Vae.MLNet.Training package "
                    + "(buildTransitive/Vae.MLNet.Training.targets) must have run on this output folder.",
                e
            );
        }
        _matrixProductKernels = settings.OverrideMklVendorCheck // before the first matrix product
            ? MklDispatch.Apply(MklDispatch.CheckProducts)
            : MklDispatch.NotAsked;
        _ = torch.get_num_threads(); // initializes TorchSharp's backend
        return true;
    }
}

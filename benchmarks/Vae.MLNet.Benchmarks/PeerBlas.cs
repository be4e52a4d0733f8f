using System.Diagnostics;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// The PyTorch peer's own BLAS, measured in a peer process (torch.mm on 2048×2048, tests/reference/vae_reference.py
/// blas) with OpenBLAS on as many threads as the benchmark gives libtorch. Debian's python3-torch calls
/// whatever libblas.so.3 the system's alternatives choose: the reference BLAS (4 GFLOP/s) unless
/// OpenBLAS is installed (eng/install-deps.sh installs it, for tests and benchmarks only). OpenBLAS 0.3.21
/// reports some AVX-512 Xeons as a generic "Prescott"-class core and picks a slow kernel; when the core
/// it reports does not use the processor's widest vectors, the peer is run with OPENBLAS_CORETYPE set
/// to the kernel the processor supports (SkylakeX for AVX-512, Haswell for AVX2).
/// </summary>
internal sealed record PeerBlas(double Gflops, string Library, string Core, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The peer's figure, with the environment that gives a fair one.</summary>
    public static PeerBlas Measure(int threads, double seconds)
    {
        var environment = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = $"{threads}" };
        var peer = Run(threads, seconds, environment);
        string? kernel = WidestKernel();
        if (kernel is not null && !peer.Core.Contains(kernel, StringComparison.OrdinalIgnoreCase) && peer.Core != "none"
            && !(kernel == "Haswell" && peer.Core.StartsWith("Zen", StringComparison.OrdinalIgnoreCase))) // Zen kernels are AVX2's
        {
            environment["OPENBLAS_CORETYPE"] = kernel;
            peer = Run(threads, seconds, environment);
        }
        return peer;
    }

    private static PeerBlas Run(int threads, double seconds, Dictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true };
        foreach (var a in new[] { PeerProcess.ReferenceScript("vae_reference.py"), "blas", "--threads", $"{threads}", "--seconds", $"{seconds}" })
            psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var fields = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1].Trim());
        p.WaitForExit();
        if (p.ExitCode != 0 || !fields.ContainsKey("mm_gflops")) throw new InvalidOperationException("the PyTorch peer's blas measurement failed");
        return new PeerBlas(double.Parse(fields["mm_gflops"], System.Globalization.CultureInfo.InvariantCulture),
            fields.GetValueOrDefault("blas_library", "?"), fields.GetValueOrDefault("blas_core", "?"), new Dictionary<string, string>(environment));
    }

    // The OpenBLAS kernel of this processor's widest vectors, from /proc/cpuinfo.
    private static string? WidestKernel()
    {
        string flags = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags")) ?? "" : "";
        return flags.Contains(" avx512f") ? "SkylakeX" : flags.Contains(" avx2") ? "Haswell" : null;
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;

namespace Vae.MLNet.Engine;

/// <summary>
/// libtorch's CPU build does its float32 matrix products (every linear layer, forward and backward)
/// with Intel's oneMKL, which it links in. oneMKL picks its kernels by processor vendor as well as by
/// instruction set: on an AMD processor with AVX-512 it runs a generic path. Measured on a 2-core AMD EPYC
/// with AVX-512 (docs/benchmarks.md, "Matrix products on AMD processors"): torch.mm 2048² at 145–172 GFLOP/s,
/// against 333–341 for OpenBLAS's AVX-512 kernel in the same runs and 322–377 for oneMKL's own AVX-512 path.
/// oneMKL 2024 has no setting for this (MKL_ENABLE_INSTRUCTIONS and MKL_CBWR change nothing there), and
/// its choice rests on one exported function, <c>mkl_serv_intel_cpu_true</c>, which libtorch_cpu.so
/// calls through its global offset table. On x86-64 Linux processors that are not Intel's and have
/// AVX-512, <see cref="Apply"/> points that table entry at a two-instruction function that answers 1,
/// so oneMKL chooses by instruction set alone, checks products of several shapes against float64, and
/// puts the original entry back on a mismatch. It runs only when the host asked
/// (<see cref="TorchProcessSettings.OverrideMklVendorCheck"/>), before the first matrix product, and never
/// throws: a failure keeps oneMKL's own choice and says why. Written here because no library does it.
/// </summary>
internal static partial class MklDispatch
{
    /// <summary>The oneMKL function whose answer decides the vendor check.</summary>
    public const string Symbol = "mkl_serv_intel_cpu_true";

    /// <summary>What <see cref="TorchRuntime.MatrixProductKernels"/> says when the host did not ask for the override.</summary>
    public const string NotAsked = "oneMKL's own choice (the override of its vendor check was not asked for)";

    private const string Library = "libtorch_cpu.so";
    private const int ProtRead = 1,
        ProtWrite = 2,
        ProtExec = 4,
        MapPrivate = 2,
        MapAnonymous = 0x20;

    /// <summary>
    /// Overrides oneMKL's vendor check where it applies, keeps it only if <paramref name="check"/> (null: the
    /// products agree; otherwise what differed) passes, and returns what oneMKL chooses by, in words. Never throws.
    /// </summary>
    public static string Apply(Func<string?> check)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return "oneMKL's own choice (not x86-64 Linux)";
        string vendor = CpuVendor();
        if (vendor == "GenuineIntel" || !Avx512F.IsSupported)
            return $"oneMKL's own choice ({vendor}{(Avx512F.IsSupported ? "" : " without AVX-512")})";
        GotPatch? patch = null;
        try
        {
            patch = GotPatch.Find();
            if (patch is null)
                return $"oneMKL's own choice ({Library} not loaded, or it does not bind {Symbol})";
            patch.Write(ReturnOne());
            string? mismatch = check();
            if (mismatch is null)
                return $"oneMKL's AVX-512 kernels on this {vendor} processor (its vendor check overridden; products checked)";
            patch.Restore();
            return $"oneMKL's own choice (the override was removed: {mismatch})";
        }
        catch (Exception e) when (e is TorchEngineException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            string restored = RestoreQuietly(patch);
            return $"oneMKL's own choice (the override of its vendor check failed: {e.Message}{restored})";
        }
    }

    /// <summary>
    /// Whether libtorch's GOT entries for <see cref="Symbol"/> call oneMKL's own function (no override in place);
    /// null when libtorch_cpu.so is not loaded or does not bind it. For tests and diagnostics.
    /// </summary>
    public static bool? VendorCheckIntact() => GotPatch.Find()?.PointsIntoLibraryCode;

    /// <summary>The values of libtorch's GOT entries for <see cref="Symbol"/> now (empty when not bound). For tests.</summary>
    public static IReadOnlyList<nint> GotEntries() => GotPatch.Find()?.Values ?? [];

    private static string RestoreQuietly(GotPatch? patch)
    {
        try
        {
            patch?.Restore();
            return "";
        }
        catch (TorchEngineException e)
        {
            return $"; restoring the entry failed: {e.Message}";
        }
    }

    /// <summary>
    /// torch.mm in float32 against a float64 product, for shapes that take different kernel paths: square, tall,
    /// skinny (a latent head), wide, a conv head's own (3,136 inputs), and transposed operands as backward passes
    /// use them. Null when every element is within 1e-4 of Σ|a·b|; otherwise the first shape that is not.
    /// </summary>
    public static string? CheckProducts()
    {
        (int M, int K, int N, bool TransposeA, bool TransposeB)[] shapes =
        [
            (192, 192, 192, false, false),
            (2048, 48, 32, false, false),
            (128, 784, 10, false, false),
            (10, 512, 784, false, false),
            (64, 3136, 256, false, true),
            (3136, 64, 256, true, false),
        ];
        using var scope = torch.NewDisposeScope();
        using TorchSharp.Scalar relative = 1e-4,
            absolute = 1e-6; // held until used (VaeLossFunction.KlTerms says why)
        var generator = new torch.Generator(20261207);
        foreach (var (m, k, n, ta, tb) in shapes)
        {
            var a = ta ? torch.randn([k, m], generator: generator).t() : torch.randn([m, k], generator: generator);
            var b = tb ? torch.randn([n, k], generator: generator).t() : torch.randn([k, n], generator: generator);
            var a64 = a.to(torch.ScalarType.Float64);
            var b64 = b.to(torch.ScalarType.Float64);
            var expected = a64.mm(b64);
            var bound = a64.abs().mm(b64.abs()).mul(relative).add(absolute);
            var error = (a.mm(b).to(torch.ScalarType.Float64) - expected).abs();
            if (!error.le(bound).all().item<bool>())
                return $"a [{m}×{k}]·[{k}×{n}] product{(ta || tb ? " with a transposed operand" : "")} differs from float64 "
                    + $"by up to {error.max().item<double>():G3}";
        }
        return null;
    }

    private static string CpuVendor()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> words = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(words));
    }

    // mov eax, 1; ret — in a page of its own, made executable and read-only once written.
    private static unsafe nint ReturnOne()
    {
        nint page = mmap(0, 4096, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (page == -1)
            throw new TorchEngineException(TorchErrorCode.Torch, $"mmap failed (errno {Marshal.GetLastPInvokeError()})");
        new ReadOnlySpan<byte>([0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3]).CopyTo(new Span<byte>((void*)page, 6));
        Protect(page, 4096, ProtRead | ProtExec);
        return page;
    }

    /// <summary>The GOT entries of <see cref="Symbol"/> in the loaded libtorch_cpu.so, with their original values.</summary>
    private sealed class GotPatch(List<Mapping> maps, nint[] addresses, nint[] originals)
    {
        /// <summary>
        /// Whether every entry points into a library's mapped code (oneMKL's function, or before its first call the
        /// lazy-binding stub), not into an anonymous page such as the override's.
        /// </summary>
        public unsafe nint[] Values => addresses.Select(a => *(nint*)a).ToArray();

        public unsafe bool PointsIntoLibraryCode =>
            addresses.All(a => maps.Any(m => m.Start <= *(nint*)a && *(nint*)a < m.End && m.Path.StartsWith('/')));

        public static unsafe GotPatch? Find()
        {
            var maps = Mappings();
            string? path = maps.Select(m => m.Path).FirstOrDefault(p => Path.GetFileName(p) == Library);
            var got = path is null ? null : ElfGotSlots.Find(path, Symbol);
            if (path is null || got is null || got.Slots.Count == 0)
                return null;
            // The library is loaded already (LibTorchSharp needs it): this only takes its handle.
            nint loadBase = NativeLibrary.GetExport(NativeLibrary.Load(path), Symbol) - (nint)got.SymbolValue;
            var addresses = got.Slots.Select(slot => loadBase + (nint)slot).ToArray();
            foreach (var address in addresses)
                _ = MappingOf(maps, address);
            return new GotPatch(maps, addresses, addresses.Select(a => *(nint*)a).ToArray());
        }

        public void Write(nint value)
        {
            foreach (var address in addresses)
                WritePointer(maps, address, value);
        }

        public void Restore()
        {
            for (int i = 0; i < addresses.Length; i++)
                WritePointer(maps, addresses[i], originals[i]);
        }
    }

    private static Mapping MappingOf(IReadOnlyList<Mapping> maps, nint address) =>
        maps.FirstOrDefault(m => m.Start <= address && address + IntPtr.Size <= m.End)
        ?? throw new TorchEngineException(TorchErrorCode.Torch, $"{Library}: its GOT entry for {Symbol} is not mapped");

    // Writes a GOT entry; a read-only one (under RELRO) is made writable for the write and read-only again.
    private static unsafe void WritePointer(IReadOnlyList<Mapping> maps, nint address, nint value)
    {
        var mapping = MappingOf(maps, address);
        nint page = address & ~(nint)4095;
        if (!mapping.Writable)
            Protect(page, 4096, ProtRead | ProtWrite);
        *(nint*)address = value;
        if (!mapping.Writable)
            Protect(page, 4096, ProtRead);
    }

    private static void Protect(nint page, nint length, int protection)
    {
        if (mprotect(page, length, protection) != 0)
            throw new TorchEngineException(TorchErrorCode.Torch, $"mprotect failed (errno {Marshal.GetLastPInvokeError()})");
    }

    private sealed record Mapping(nint Start, nint End, bool Writable, string Path);

    // /proc/self/maps: "start-end perms offset dev inode path", addresses in hex.
    private static List<Mapping> Mappings() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 5)
            .Select(f =>
            {
                var range = f[0].Split('-');
                return new Mapping(
                    (nint)long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    (nint)long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    f[1][1] == 'w',
                    f.Length == 6 ? f[5].Trim() : ""
                );
            })
            .ToList();

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint address, nint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(nint address, nint length, int protection);
}

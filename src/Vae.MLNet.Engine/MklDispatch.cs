using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

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
/// so oneMKL chooses by instruction set alone. It must run before the first matrix product. Set
/// <see cref="EnvironmentVariable"/>=<see cref="KeepVendorChoice"/> to leave oneMKL's choice alone.
/// Written here because no library does it.
/// </summary>
internal static partial class MklDispatch
{
    /// <summary>The oneMKL function whose answer decides the vendor check.</summary>
    public const string Symbol = "mkl_serv_intel_cpu_true";

    /// <summary>Environment variable that turns the override off when set to <see cref="KeepVendorChoice"/>.</summary>
    public const string EnvironmentVariable = "VAE_MLNET_MKL_DISPATCH";

    /// <summary>The value of <see cref="EnvironmentVariable"/> that keeps oneMKL's own choice.</summary>
    public const string KeepVendorChoice = "vendor";

    private const string Library = "libtorch_cpu.so";
    private const int ProtRead = 1,
        ProtWrite = 2,
        ProtExec = 4,
        MapPrivate = 2,
        MapAnonymous = 0x20;

    /// <summary>Overrides oneMKL's vendor check where it applies; returns what oneMKL will choose by, in words.</summary>
    public static string Apply()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return "oneMKL's own choice (not x86-64 Linux)";
        string vendor = CpuVendor();
        if (vendor == "GenuineIntel" || !Avx512F.IsSupported)
            return $"oneMKL's own choice ({vendor}{(Avx512F.IsSupported ? "" : " without AVX-512")})";
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) == KeepVendorChoice)
            return $"oneMKL's own choice ({EnvironmentVariable}={KeepVendorChoice})";
        var maps = Mappings();
        string? path = maps.Select(m => m.Path).FirstOrDefault(p => Path.GetFileName(p) == Library);
        var got = path is null ? null : ElfGotSlots.Find(path, Symbol);
        if (path is null || got is null || got.Slots.Count == 0)
            return $"oneMKL's own choice ({Library} {(path is null ? "not loaded" : $"does not bind {Symbol}")})";
        // The library is loaded already (LibTorchSharp needs it): this only takes its handle.
        nint loadBase = NativeLibrary.GetExport(NativeLibrary.Load(path), Symbol) - (nint)got.SymbolValue;
        nint answerOne = ReturnOne();
        foreach (var slot in got.Slots)
            WritePointer(maps, loadBase + (nint)slot, answerOne);
        return $"oneMKL's AVX-512 kernels on this {vendor} processor ({EnvironmentVariable}={KeepVendorChoice} keeps its vendor check)";
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

    // Writes a GOT entry; a read-only one (under RELRO) is made writable for the write and read-only again.
    private static unsafe void WritePointer(IReadOnlyList<Mapping> maps, nint address, nint value)
    {
        var mapping = maps.FirstOrDefault(m => m.Start <= address && address + sizeof(nint) <= m.End);
        if (mapping is null)
            throw new TorchEngineException(TorchErrorCode.Torch, $"{Library}: its GOT entry for {Symbol} is not mapped");
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

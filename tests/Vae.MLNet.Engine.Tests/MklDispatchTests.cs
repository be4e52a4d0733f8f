using System.Diagnostics;
using System.Globalization;
using TorchSharp;

namespace Vae.MLNet.Engine.Tests;

public class MklDispatchTests
{
    private static readonly string Library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so");

    [Fact]
    public void GotSlotsAndSymbolValueAgreeWithReadelf()
    {
        var found = ElfGotSlots.Find(Library, MklDispatch.Symbol);

        Assert.NotNull(found);
        // readelf -r -W: "offset info type symbol-value symbol-name + addend", in hex.
        var relocations = Readelf("-r", "-W")
            .Where(l => l.Contains($" {MklDispatch.Symbol} +", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        Assert.NotEmpty(relocations);
        Assert.Equal(relocations.Select(f => Hex(f[0])).Order(), found.Slots.Order());
        Assert.All(relocations, f => Assert.Equal(Hex(f[3]), found.SymbolValue));
    }

    [Fact]
    public void ASymbolTheLibraryDoesNotExportHasNoSlots() =>
        Assert.Null(ElfGotSlots.Find(Library, "vae_mlnet_no_such_function"));

    [Fact]
    public void AFileThatIsNotElfIsRefusedByName()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-elf-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "not a shared library, but long enough to hold an ELF header of sixty-four bytes.");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ElfGotSlots.Find(path, MklDispatch.Symbol));
            Assert.Contains(path, e.Message);
            Assert.Contains("not a 64-bit little-endian ELF file", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void KernelsAreChosenByInstructionSetOnlyOffIntelProcessorsWithAvx512()
    {
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        string vendor = cpu.First(l => l.StartsWith("vendor_id", StringComparison.Ordinal)).Split(':')[1].Trim();
        bool avx512 = cpu.First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Contains("avx512f");
        bool overridden = vendor != "GenuineIntel" && avx512 && Environment.GetEnvironmentVariable(MklDispatch.EnvironmentVariable) != "vendor";

        string kernels = TorchRuntime.MatrixProductKernels;

        Assert.Equal(overridden, kernels.StartsWith("oneMKL's AVX-512 kernels", StringComparison.Ordinal));
        Assert.Equal(!overridden, kernels.StartsWith("oneMKL's own choice", StringComparison.Ordinal));
    }

    [Fact]
    public void MatrixProductsEqualADoublePrecisionProduct()
    {
        // Whichever kernels oneMKL runs, torch.mm must be the product: [130, 300] × [300, 70] against doubles.
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(5);
        var a = torch.randn([130, 300], generator: generator);
        var b = torch.randn([300, 70], generator: generator);
        var expected = a.to(torch.ScalarType.Float64).mm(b.to(torch.ScalarType.Float64));
        double error = (a.mm(b).to(torch.ScalarType.Float64) - expected).abs().max().item<double>();
        Assert.InRange(error, 0, 1e-4 * expected.abs().max().item<double>());
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static IEnumerable<string> Readelf(params string[] options)
    {
        var psi = new ProcessStartInfo("readelf") { RedirectStandardOutput = true };
        foreach (var o in options)
            psi.ArgumentList.Add(o);
        psi.ArgumentList.Add(Library);
        using var process = Process.Start(psi)!;
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
            lines.Add(line);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return lines;
    }
}

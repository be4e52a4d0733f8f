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

    // This assembly asked for the recommended settings (tests/Shared/Engine); what a host that did not ask gets is
    // checked in a child process (ProcessSettingsTests). These tests leave the process's override as they found it.
    [Fact]
    public void ConfiguringAfterLoadingWithOtherSettingsIsRefusedByName()
    {
        TorchRuntime.EnsureLoaded();

        TorchRuntime.Configure(TorchRuntime.Settings); // the same settings: nothing to do
        var e = Assert.Throws<InvalidOperationException>(() => TorchRuntime.Configure(TorchProcessSettings.None));
        Assert.Contains("TorchRuntime.Configure", e.Message);
        Assert.Contains("before the engine's first use", e.Message);
    }

    [Fact]
    public void AnOverrideWhoseCheckFailsIsRemovedAndSaysWhy()
    {
        TorchRuntime.EnsureLoaded();
        var before = GotEntries();
        bool? intactWhileChecked = null;

        string kernels = MklDispatch.Apply(() =>
        {
            intactWhileChecked = MklDispatch.VendorCheckIntact();
            return "a forced mismatch";
        });

        Assert.Equal(before, GotEntries());
        if (!OverrideApplies())
            return;
        Assert.False(intactWhileChecked); // the new override was in place while it was checked
        Assert.Equal("oneMKL's own choice (the override was removed: a forced mismatch)", kernels);
    }

    [Fact]
    public void WithTheOverrideInPlaceEveryCheckedProductEqualsAFloat64Product()
    {
        TorchRuntime.EnsureLoaded();
        var before = GotEntries();
        string? mismatch = "not checked";

        MklDispatch.Apply(() =>
        {
            mismatch = MklDispatch.CheckProducts();
            return "leave this process as it was";
        });

        Assert.Equal(before, GotEntries());
        Assert.Equal(OverrideApplies() ? null : "not checked", mismatch);
    }

    private static string GotEntries() => string.Join(",", MklDispatch.GotEntries());

    private static bool OverrideApplies()
    {
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        string vendor = cpu.First(l => l.StartsWith("vendor_id", StringComparison.Ordinal)).Split(':')[1].Trim();
        bool avx512 = cpu.First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Contains("avx512f");
        return vendor != "GenuineIntel" && avx512;
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

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

    // This test assembly is a host application that did not call TorchRuntime.Configure: what a library user gets.
    [Fact]
    public void AHostThatDidNotAskFindsLibtorchUnpatchedAndItsEnvironmentUnchanged()
    {
        TorchRuntime.EnsureLoaded();

        Assert.Equal(TorchProcessSettings.None, TorchRuntime.Settings);
        Assert.Equal(MklDispatch.NotAsked, TorchRuntime.MatrixProductKernels);
        Assert.NotEqual(false, MklDispatch.VendorCheckIntact());
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            Assert.Null(NativeEnvironment("OMP_WAIT_POLICY"));
    }

    [Fact]
    public void ConfiguringAfterLoadingWithOtherSettingsIsRefusedByName()
    {
        TorchRuntime.EnsureLoaded();

        TorchRuntime.Configure(TorchProcessSettings.None); // the same settings: nothing to do
        var e = Assert.Throws<InvalidOperationException>(() => TorchRuntime.Configure(TorchProcessSettings.Recommended));
        Assert.Contains("TorchRuntime.Configure", e.Message);
        Assert.Contains("before the engine's first use", e.Message);
    }

    [Fact]
    public void AnOverrideWhoseCheckFailsIsRemovedAndSaysWhy()
    {
        TorchRuntime.EnsureLoaded();
        bool checkRan = false;

        string kernels = MklDispatch.Apply(() =>
        {
            checkRan = true;
            Assert.Equal(false, MklDispatch.VendorCheckIntact()); // the override is in place while it is checked
            return "a forced mismatch";
        });

        Assert.NotEqual(false, MklDispatch.VendorCheckIntact());
        if (!OverrideApplies())
            return;
        Assert.True(checkRan);
        Assert.Equal("oneMKL's own choice (the override was removed: a forced mismatch)", kernels);
    }

    [Fact]
    public void WithTheOverrideInPlaceEveryCheckedProductEqualsAFloat64Product()
    {
        TorchRuntime.EnsureLoaded();
        string? mismatch = "not checked";

        MklDispatch.Apply(() =>
        {
            mismatch = MklDispatch.CheckProducts();
            return "leave this process as it was";
        });

        Assert.NotEqual(false, MklDispatch.VendorCheckIntact());
        Assert.Equal(OverrideApplies() ? null : "not checked", mismatch);
        Assert.Null(MklDispatch.CheckProducts()); // and without it
    }

    private static bool OverrideApplies()
    {
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        string vendor = cpu.First(l => l.StartsWith("vendor_id", StringComparison.Ordinal)).Split(':')[1].Trim();
        bool avx512 = cpu.First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Contains("avx512f");
        return vendor != "GenuineIntel" && avx512;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getenv")]
    private static extern nint GetEnv(string name);

    private static string? NativeEnvironment(string name) =>
        System.Runtime.InteropServices.Marshal.PtrToStringUTF8(GetEnv(name));

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

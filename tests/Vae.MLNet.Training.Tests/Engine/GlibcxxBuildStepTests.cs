using System.Diagnostics;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Engine.Tests;

/// <summary>
/// The build step of src/Vae.MLNet.Training/build/Vae.MLNet.Training.targets that lets TorchSharp's
/// native library load where the system libstdc++ predates GCC 13 (docs/torchsharp-on-debian12.md).
/// </summary>
public class GlibcxxBuildStepTests
{
    private const string Library = "libLibTorchSharp.so";
    private const string Version = "GLIBCXX_3.4.32";
    private static readonly string SystemLibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    private static string CachedLibrary => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", Library);

    [Fact]
    public void TheBuildOutputsCopyIsPatchedAndLoadsWhileTheNuGetCacheIsUntouched()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library);
        bool systemHasVersion = File.ReadAllText(SystemLibStdCxx, System.Text.Encoding.Latin1).Contains(Version + "\0");

        TorchRuntime.EnsureLoaded(); // throws when the library cannot load
        Assert.Equal(systemHasVersion ? "none" : "WEAK", VersionFlags(output));
        Assert.Equal("none", VersionFlags(CachedLibrary));
        if (!systemHasVersion) Assert.NotEqual(Inode(CachedLibrary), Inode(output)); // patched beside, then renamed: the hard link is broken
    }

    [Fact]
    public void ACopyIsLeftAloneWhereTheSystemLibStdCxxHasTheVersion()
    {
        var (dir, copy, newLibStdCxx) = CopyBesideALibStdCxxDefining("GLIBCXX_3.4.31", Version);

        RunTarget(dir, newLibStdCxx);

        Assert.Equal(File.ReadAllBytes(CachedLibrary), File.ReadAllBytes(copy));
    }

    [Fact]
    public void ACopyIsPatchedWhereTheSystemLibStdCxxLacksTheVersionAndOnlyThatEntryChanges()
    {
        var (dir, copy, oldLibStdCxx) = CopyBesideALibStdCxxDefining("GLIBCXX_3.4.29", "GLIBCXX_3.4.30");

        string log = RunTarget(dir, oldLibStdCxx);

        Assert.Contains("version requirement GLIBCXX_3.4.32 marked weak (used only by _ZSt21ios_base_library_initv, no relocation)", log);
        Assert.Equal("WEAK", VersionFlags(copy));
        var (before, after) = (File.ReadAllBytes(CachedLibrary), File.ReadAllBytes(copy));
        Assert.Equal(before.Length, after.Length);
        Assert.Single(Enumerable.Range(0, before.Length), i => before[i] != after[i]); // one flag byte
        RunTarget(dir, oldLibStdCxx); // idempotent: a second build changes nothing
        Assert.Equal(after, File.ReadAllBytes(copy));
    }

    // A folder with a copy of the NuGet cache's library and a stand-in libstdc++ whose version strings are given.
    private static (string Dir, string Copy, string LibStdCxx) CopyBesideALibStdCxxDefining(params string[] versions)
    {
        var dir = TestPaths.NewTempDirectory();
        string copy = Path.Combine(dir, Library), libStdCxx = Path.Combine(dir, "libstdc++.so.6");
        File.Copy(CachedLibrary, copy);
        File.WriteAllText(libStdCxx, string.Concat(versions.Select(v => v + "\0")));
        return (dir, copy, libStdCxx);
    }

    // Runs the build step alone on a folder, as the SDK runs it on an output folder after copying.
    private static string RunTarget(string outDir, string libStdCxx)
    {
        string project = Path.Combine(outDir, "probe.proj");
        File.WriteAllText(project, $"<Project><Import Project=\"{Path.Combine(TestPaths.RepoRoot, "src", "Vae.MLNet.Training", "build", "Vae.MLNet.Training.targets")}\" /></Project>");
        return Run("dotnet", "msbuild", project, "-nologo", "-v:n", "-t:VaeWeakenGlibcxxInOutput",
            $"-p:OutDir={outDir}/", $"-p:VaeSystemLibStdCxx={libStdCxx}");
    }

    // The Flags column of readelf's entry for GLIBCXX_3.4.32 in .gnu.version_r: "none" or "WEAK".
    private static string VersionFlags(string library) =>
        Run("readelf", "-V", library).Split('\n').Single(l => l.Contains("Name: " + Version)).Split("Flags:")[1].Trim().Split(' ')[0];

    private static long Inode(string path) => long.Parse(Run("stat", "-c", "%i", path).Trim());

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {output}");
        return output;
    }
}

namespace Vae.MLNet.Tests;

/// <summary>Locations the tests share: the repository root, the reference scripts, the real data.</summary>
internal static class TestPaths
{
    /// <summary>Debian's dataset-fashion-mnist, installed by eng/install-deps.sh. Tests fail (not skip) when it is missing.</summary>
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>Debian's Python, which sees python3-torch (the `python3` first on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    public static string RepoRoot { get; } = FindRoot();

    public static string Reference => Path.Combine(RepoRoot, "tests", "reference", "vae_reference.py");

    /// <summary>A fresh empty directory under the system temp folder.</summary>
    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vae-mlnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vae.MLNet.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Vae.MLNet.sln not found above " + AppContext.BaseDirectory);
    }
}

using Vae.MLNet.Tests;
using System.Diagnostics;

namespace Vae.MLNet.Packages.Tests;

/// <summary>Runs the dotnet CLI as a user would, in a given folder.</summary>
internal static class Dotnet
{
    /// <summary>Runs `dotnet args…` in <paramref name="directory"/>; fails the test with its output when it exits non-zero.</summary>
    public static string Run(string directory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = directory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var result = ChildProcess.Run(psi);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)} (in {directory}) exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        return result.Stdout;
    }

    /// <summary>The user's global packages folder (NuGet's cache), where the repository's build restored ML.NET, TorchSharp and ONNX Runtime.</summary>
    public static string GlobalPackages() =>
        Run(TestPaths.RepoRoot, "nuget", "locals", "global-packages", "--list").Split(':', 2)[1].Trim();
}

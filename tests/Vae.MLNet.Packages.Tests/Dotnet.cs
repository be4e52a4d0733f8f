using Vae.MLNet.Tests;
using System.Diagnostics;

namespace Vae.MLNet.Packages.Tests;

/// <summary>Runs the dotnet CLI as a user would, in a given folder.</summary>
internal static class Dotnet
{
    /// <summary>Runs `dotnet args…` in <paramref name="directory"/>; fails the test with its output when it exits non-zero.</summary>
    public static string Run(string directory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8))) process.Kill(entireProcessTree: true);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} (in {directory}) exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    /// <summary>The user's global packages folder (NuGet's cache), where the repository's build restored ML.NET, TorchSharp and ONNX Runtime.</summary>
    public static string GlobalPackages() =>
        Run(TestPaths.RepoRoot, "nuget", "locals", "global-packages", "--list").Split(':', 2)[1].Trim();
}

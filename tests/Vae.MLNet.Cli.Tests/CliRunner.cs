using System.Diagnostics;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

/// <summary>Runs the built `vae` tool in a child process, as a user would.</summary>
internal static class CliRunner
{
    public static ChildProcess.Result Run(params string[] args) => Run((IEnumerable<string>)args);

    /// <exception cref="TimeoutException">vae ran longer than <see cref="ChildProcess.DefaultLimit"/> (killed, waited for, named).</exception>
    public static ChildProcess.Result Run(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vae.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return ChildProcess.Run(psi);
    }
}

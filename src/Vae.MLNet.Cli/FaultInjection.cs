using System.Runtime.InteropServices;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli;

/// <summary>
/// The tests' fault injection: when <see cref="Variable"/> names a fault point, the command kills itself there with
/// SIGKILL (FaultTests). Unset, nothing is installed and the libraries' points do nothing.
/// </summary>
internal static class FaultInjection
{
    /// <summary>The environment variable that arms a point: its value is the point's name.</summary>
    public const string Variable = "VAE_FAULT_POINT";

    /// <summary>Installs the killing handler when <see cref="Variable"/> is set.</summary>
    public static void InstallFromEnvironment()
    {
        string? armed = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(armed))
            return;
        FaultPoint.Handler = name =>
        {
            if (name != armed)
                return;
            Console.Out.Flush();
            Kill(Environment.ProcessId, 9);
        };
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}

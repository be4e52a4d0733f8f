using System.Diagnostics;

namespace Vae.MLNet.Tests;

/// <summary>Runs a child process to its end; one that outlives its limit is killed, waited for, and reported as a timeout.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// The default limit: far above any child's time on a loaded machine, below the suite's 10-minute hang limit, so
    /// a hung child fails its own test with its command line rather than the whole run.
    /// </summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(9);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Starts <paramref name="psi"/> with its output redirected and waits for it.</summary>
    /// <exception cref="TimeoutException">The child ran longer than <paramref name="limit"/>; the message gives its command line.</exception>
    public static Result Run(ProcessStartInfo psi, TimeSpan? limit = null)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var wait = limit ?? DefaultLimit;
        if (!process.WaitForExit(wait))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(); // ExitCode of a killed process is readable only once it has been waited for
            throw new TimeoutException(
                $"'{psi.FileName} {string.Join(' ', psi.ArgumentList)}' did not finish within {wait.TotalMinutes:0.#} minutes and was killed; "
                    + $"its last output: {Tail(stdout.Result)} {Tail(stderr.Result)}"
            );
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}

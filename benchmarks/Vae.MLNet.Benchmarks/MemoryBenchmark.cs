using System.Diagnostics;
using System.Globalization;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Resident memory of real `vae train` processes, read from /proc/PID/status as they run: RSS at the
/// end of each epoch of a 10-epoch dense run (flat when every batch frees its tensors), and the peak
/// (VmHWM) and wall time of the main job (`vae train` with its defaults).
/// </summary>
internal static class MemoryBenchmark
{
    public static void Run(BenchOptions opts)
    {
        var dense = Train(["--preset", "dense", "--epochs", "10", "--max-test", "1000"]);
        Console.WriteLine("dense preset, 10 epochs: RSS (MiB) at the end of epoch " +
            string.Join(", ", dense.EpochRss.Select((r, i) => $"{i + 1}: {r / 1024.0:F0}")));
        var main = Train([]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"main job (vae train, defaults): peak RSS {main.PeakKb / 1024.0:F0} MiB, {main.Seconds:F0} s, {main.LastLine}"));
    }

    private sealed record Observed(List<long> EpochRss, long PeakKb, double Seconds, string LastLine);

    private static Observed Train(string[] args)
    {
        string dir = Directory.CreateTempSubdirectory("vae-bench-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var a in (string[])[Cli(), "train", .. args, "--out", Path.Combine(dir, "run")]) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var epochRss = new List<long>();
        string last = "";
        long peak = 0;
        for (string? line; (line = p.StandardOutput.ReadLine()) is not null;)
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(line, @"^epoch \d+: train")) epochRss.Add(Status(p.Id, "VmRSS"));
            peak = Math.Max(peak, Status(p.Id, "VmHWM"));
            if (line.Length > 0) last = line;
        }
        p.WaitForExit();
        Directory.Delete(dir, recursive: true);
        if (p.ExitCode != 0) throw new InvalidOperationException($"vae train {string.Join(' ', args)} exited {p.ExitCode}: {last}");
        return new Observed(epochRss, peak, clock.Elapsed.TotalSeconds, last);
    }

    // A field of /proc/PID/status in kB (0 once the process has gone).
    private static long Status(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Cli()
    {
        string script = PeerProcess.ReferenceScript("vae_reference.py"); // tests/reference/… under the repository root
        string root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(script)!, "..", ".."));
        string dll = Path.Combine(root, "src", "Vae.MLNet.Cli", "bin", "Release", "net10.0", "vae.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} not found: run ./build.sh first");
    }
}

using System.Diagnostics;

namespace Vae.MLNet.Engine;

/// <summary>
/// How many cores other processes are using: all CPU time (/proc/stat) minus this process's
/// (/proc/self/stat) over a recent window. Linux only; elsewhere it reports 0.
/// </summary>
internal static class CpuLoad
{
    /// <summary>Shortest window worth measuring; a caller that asks sooner waits for the rest.</summary>
    public const double MinimumWindowSeconds = 0.25;

    /// <summary>A window older than this says little about now: a fresh one is measured instead.</summary>
    public const double MaximumWindowSeconds = 10;

    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly Lock Gate = new();
    private static (double Seconds, long Busy, long Total, long Own)? _start;

    /// <summary>Starts a window (the engine does when it loads, so that data loading fills it).</summary>
    public static void Start()
    {
        if (!OperatingSystem.IsLinux()) return;
        lock (Gate) _start = TryRead();
    }

    /// <summary>Cores' worth of CPU time other processes used in the window that ends now (0 if unknown); starts the next window.</summary>
    public static double Others()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        lock (Gate)
        {
            if (_start is not { } s || Clock.Elapsed.TotalSeconds - s.Seconds > MaximumWindowSeconds) s = (_start = TryRead()) ?? default;
            double wait = MinimumWindowSeconds - (Clock.Elapsed.TotalSeconds - s.Seconds);
            if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
            if (_start is null || TryRead() is not { } now) return 0;
            _start = now;
            double perCpu = (now.Total - s.Total) / (double)Environment.ProcessorCount;
            return perCpu <= 0 ? 0 : Math.Max(0, (now.Busy - s.Busy) - (now.Own - s.Own)) / perCpu;
        }
    }

    // Jiffies: busy and total of all CPUs, and this process's user + system time.
    private static (double Seconds, long Busy, long Total, long Own)? TryRead()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ...": busy is all but idle and iowait.
            var v = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            long total = v.Sum();
            // /proc/self/stat: utime and stime are fields 14 and 15; the process name may hold spaces.
            string stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (Clock.Elapsed.TotalSeconds, total - v[3] - v[4], total, long.Parse(fields[11]) + long.Parse(fields[12]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

namespace Vae.MLNet.Engine;

/// <summary>
/// How many threads of other processes want a CPU right now: the kernel's count of runnable tasks
/// (<c>procs_running</c> in /proc/stat) less this process's runnable threads (state R in
/// /proc/self/task/*/stat), averaged over a few samples. It counts demand rather than CPU time used,
/// so a busy process counts as one even while this process's own start-up crowds it. Linux only;
/// elsewhere it reports 0.
/// </summary>
internal static class CpuLoad
{
    /// <summary>Samples taken, and the pause between them: 10 × 25 ms.</summary>
    public const int Samples = 10,
        PauseMilliseconds = 25;

    /// <summary>Average number of other processes' runnable threads over ~0.25 s (0 if unknown).</summary>
    public static double Others()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        try
        {
            double sum = 0;
            for (int i = 0; i < Samples; i++)
            {
                if (i > 0)
                    Thread.Sleep(PauseMilliseconds);
                sum += Math.Max(0, ProcsRunning() - OwnRunning());
            }
            return sum / Samples;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static int ProcsRunning() =>
        int.Parse(
            File.ReadLines("/proc/stat").First(l => l.StartsWith("procs_running ", StringComparison.Ordinal))["procs_running ".Length..]
        );

    // Threads of this process in state R; the state follows the parenthesized name, which may hold spaces.
    private static int OwnRunning()
    {
        int running = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                if (stat[stat.LastIndexOf(')') + 2] == 'R')
                    running++;
            }
            catch (IOException) { } // the thread ended
        }
        return running;
    }
}

namespace Vae.MLNet.Cli;

/// <summary>
/// Progress of a counted job on one console line: redrawn in place in a terminal, printed at each
/// quarter when output is redirected (logs, CI).
/// </summary>
internal sealed class ConsoleProgress(string what, long total)
{
    private int _lastQuarter;

    public void Report(long done)
    {
        if (total <= 0)
            return;
        int percent = (int)(100 * done / total);
        if (!Console.IsOutputRedirected)
        {
            Console.Write($"\r{what}: {done:N0}/{total:N0} ({percent}%)   ");
            if (done >= total)
                Console.WriteLine();
        }
        else if (percent / 25 > _lastQuarter)
        {
            _lastQuarter = percent / 25;
            Console.WriteLine($"{what}: {done:N0}/{total:N0} ({percent}%)");
        }
    }
}

using System.Globalization;

namespace Vae.MLNet.Runs;

/// <summary>
/// The human-readable history of a run folder (<c>train.log</c>): start, resumes, learning-rate
/// changes, early stop, interruptions, divergence, end. One timestamped line per event, appended and
/// flushed at once so a killed run keeps every line written before it died.
/// </summary>
public sealed class RunLog(string path)
{
    /// <summary>Log file name in a run folder.</summary>
    public const string FileName = "train.log";

    /// <summary>Appends one line, prefixed with the UTC time.</summary>
    public void Write(string message)
    {
        string line = $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}  {message}\n";
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(System.Text.Encoding.UTF8.GetBytes(line));
        file.Flush(flushToDisk: true);
    }
}

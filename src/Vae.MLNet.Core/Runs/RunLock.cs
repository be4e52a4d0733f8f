namespace Vae.MLNet.Runs;

/// <summary>
/// Holds a run folder for one training process: <c>train.lock</c>, opened exclusively (.NET takes an
/// advisory <c>flock</c> on it). Two <c>vae train --resume</c> of one folder
/// once ran at once, both writing; the second is now refused, naming the first. The kernel releases the
/// lock when its process ends, however it ends; the file itself is removed on an orderly end.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name in a run folder.</summary>
    public const string FileName = "train.lock";

    private readonly FileStream _stream;
    private readonly string _path;

    private RunLock(FileStream stream, string path) => (_stream, _path) = (stream, path);

    /// <summary>Takes the lock of <paramref name="runDirectory"/> (which must exist).</summary>
    /// <exception cref="ArgumentException">Another process holds it; the message names the process.</exception>
    public static RunLock Acquire(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ArgumentException(
                $"run folder '{runDirectory}' is being trained by another process ({Holder(path)}); "
                    + "wait for it to end, or stop it (Ctrl-C saves a checkpoint) and resume."
            );
        }
        return new RunLock(stream, path);
    }

    /// <summary>Fails when another process trains in <paramref name="runDirectory"/> (before a caller deletes it to start again).</summary>
    /// <exception cref="ArgumentException">Another process holds the lock.</exception>
    public static void ThrowIfHeld(string runDirectory)
    {
        if (!Directory.Exists(runDirectory))
            return;
        bool existed = File.Exists(Path.Combine(runDirectory, FileName));
        Acquire(runDirectory).Release(delete: !existed);
    }

    /// <summary>Releases the lock and removes the file.</summary>
    public void Dispose() => Release(delete: true);

    // Idempotent, and quiet when the folder is gone (a failed new run removes its folder while holding the lock).
    private void Release(bool delete)
    {
        _stream.Dispose();
        if (delete && File.Exists(_path))
            File.Delete(_path);
    }

    // "process 1234": the process with the lock file open, found through /proc/<pid>/fd (the file itself
    // cannot be read: .NET's shared read takes a flock that the holder's exclusive one refuses).
    private static string Holder(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            foreach (var process in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(process), out int pid) || pid == Environment.ProcessId)
                    continue;
                try
                {
                    if (Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Any(fd => new FileInfo(fd).LinkTarget == full))
                        return $"process {pid}";
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // a process that ended meanwhile, or one we may not inspect
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return "a process that could not be identified";
    }
}

using System.Runtime.InteropServices;

namespace Vae.MLNet.Data;

/// <summary>
/// Writes files and folders so that readers never see a half-written one: to a hidden temporary beside
/// the target, then renamed over it. A temporary is held open exclusively while it is written (.NET
/// takes an advisory <c>flock</c>), so temporaries left by a killed process, which nobody holds, are
/// recognised and removed by the next write to the same target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes bytes atomically.</summary>
    /// <exception cref="IOException">The directory is not writable.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Lets <paramref name="write"/> fill the file through a stream, atomically; if it throws, the target is untouched.</summary>
    /// <exception cref="IOException">The directory is not writable.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string temp = TempPath(path);
        try
        {
            using (var file = OpenTemp(temp))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>
    /// Refuses a folder no file can be created in (a read-only file system, permissions), before long work finds out at
    /// its end. A folder that does not exist yet is judged by its nearest existing ancestor, where it would be made.
    /// </summary>
    /// <param name="directory">The folder to write in.</param>
    /// <param name="what">What the folder is, for the message ("run folder", "report folder").</param>
    /// <exception cref="UnauthorizedAccessException">Nothing can be written there; the message names the folder.</exception>
    public static void RequireWritable(string directory, string what)
    {
        string full = Path.GetFullPath(directory);
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing);
        if (existing is null)
            return;
        try
        {
            using (
                new FileStream(
                    Path.Combine(existing, $".write-probe-{Guid.NewGuid():N}.tmp"),
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1,
                    FileOptions.DeleteOnClose
                )
            ) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnauthorizedAccessException($"{what} '{directory}' is not writable: {e.Message}", e);
        }
    }

    /// <summary>Writes UTF-8 text atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// A new hidden temporary path beside <paramref name="path"/> (<c>.NAME.GUID.tmp</c>), after removing
    /// the temporaries of earlier writes to it that no process holds open.
    /// </summary>
    public static string TempPath(string path)
    {
        string full = Path.GetFullPath(path),
            directory = Path.GetDirectoryName(full)!,
            name = Path.GetFileName(full);
        RemoveAbandoned(directory, $".{name}.*.tmp");
        return Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Creates a temporary from <see cref="TempPath"/>, held exclusively until disposed.</summary>
    public static FileStream OpenTemp(string temp, int bufferSize = 4096) =>
        new(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize);

    /// <summary>
    /// Puts the finished folder <paramref name="source"/> in the place of <paramref name="target"/>. When
    /// the target exists the two are exchanged in one step (Linux <c>renameat2</c> with
    /// <c>RENAME_EXCHANGE</c>), so a complete folder is at the target at every instant, and the previous
    /// one, now at <paramref name="source"/>, is deleted. Where the exchange is not supported, the
    /// previous folder is deleted first.
    /// </summary>
    /// <exception cref="IOException">The rename fails.</exception>
    public static void ReplaceDirectory(string source, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(source, target);
            return;
        }
        FaultPoint.Reach(FaultPoint.BeforeReportSwap);
        if (!Exchange(source, target))
        {
            Directory.Delete(target, recursive: true);
            Directory.Move(source, target);
            return;
        }
        FaultPoint.Reach(FaultPoint.AfterReportSwap);
        Directory.Delete(source, recursive: true);
    }

    /// <summary>
    /// Deletes entries of <paramref name="directory"/> matching <paramref name="pattern"/> that no
    /// process holds: files that can be opened exclusively, and folders whose
    /// <paramref name="lockFileInFolder"/> can (folders without it are left alone: they are not ours).
    /// </summary>
    public static void RemoveAbandoned(string directory, string pattern, string? lockFileInFolder = null)
    {
        if (!Directory.Exists(directory))
            return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, pattern))
        {
            bool folder = Directory.Exists(entry);
            if (folder && lockFileInFolder is null)
                continue;
            string held = folder ? Path.Combine(entry, lockFileInFolder!) : entry;
            try
            {
                using (new FileStream(held, FileMode.Open, FileAccess.Read, FileShare.None)) { }
                if (folder)
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
            catch (IOException) { } // held by a live writer, or gone meanwhile
            catch (UnauthorizedAccessException) { } // not ours to delete
        }
    }

    private static bool Exchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux())
            return false;
        const int atCurrentDirectory = -100,
            renameExchange = 2;
        try
        {
            return RenameAt2(atCurrentDirectory, Path.GetFullPath(a), atCurrentDirectory, Path.GetFullPath(b), renameExchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library without renameat2 (glibc < 2.28)
        }
    }

    [DllImport("libc", EntryPoint = "renameat2")]
    private static extern int RenameAt2(
        int oldDirectory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath,
        int newDirectory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath,
        uint flags
    );
}

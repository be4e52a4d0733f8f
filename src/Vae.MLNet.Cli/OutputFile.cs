using System.Runtime.InteropServices;

namespace Vae.MLNet.Cli;

/// <summary>Checks an output file path before any work, so a bad --out fails at once with exit 2, not after minutes of work with an internal temporary name.</summary>
internal static class OutputFile
{
    /// <summary>
    /// An output is written to a temporary file and renamed over the path, so whatever the path names
    /// is replaced: a symbolic link or a device (`--out /dev/full` turned the device into a PNG) is
    /// refused; a missing path or an existing regular file is fine.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, a folder, a symbolic link or a device, pipe or socket, or its folder does not exist.</exception>
    internal static string Check(string path, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException($"{option} is empty; expected a file path.");
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null) throw new ArgumentException($"{option} '{path}' is a folder; expected a file path.");
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
            throw new ArgumentException($"{option} '{path}' is a symbolic link (to '{info.LinkTarget}'); name the file itself: an output replaces what its path names.");
        if (info.Exists && !IsRegularFile(path))
            throw new ArgumentException($"{option} '{path}' is a device, pipe or socket, not a regular file; an output would replace it.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder)) throw new ArgumentException($"{option} '{path}': the folder '{folder}' does not exist.");
        return path;
    }

    // S_ISREG of lstat(2): st_mode lies 24 bytes into glibc's struct stat on x86-64 (st_dev, st_ino, st_nlink before it).
    private static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return true; // elsewhere, only the checks .NET offers
        var stat = new byte[256];
        if (LStat(path, stat) != 0) return true; // vanished or unreadable: the write itself will say so
        const uint typeMask = 0xF000, regular = 0x8000;
        return (BitConverter.ToUInt32(stat, 24) & typeMask) == regular;
    }

    [DllImport("libc", EntryPoint = "lstat")]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}

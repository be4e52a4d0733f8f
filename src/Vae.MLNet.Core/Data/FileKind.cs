using System.Runtime.InteropServices;

namespace Vae.MLNet.Data;

/// <summary>What a path names, as stat(2) or lstat(2) tells it; .NET's file APIs do not say "pipe" or "loop".</summary>
internal enum PathKind
{
    /// <summary>Nothing is there (or a link points nowhere).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (only from <see cref="FileKind.OfLink"/>, which does not follow it).</summary>
    SymbolicLink,

    /// <summary>A named pipe (FIFO), a device or a socket: reading it may block forever, writing over it destroys it.</summary>
    Special,

    /// <summary>Symbolic links that lead back to themselves.</summary>
    LinkLoop,

    /// <summary>A component of the path cannot be searched (permissions).</summary>
    Inaccessible,
}

/// <summary>Classifies paths with stat(2) / lstat(2) on Linux x86-64; elsewhere, with what .NET offers.</summary>
internal static class FileKind
{
    /// <summary>What <paramref name="path"/> names, following symbolic links.</summary>
    public static PathKind Of(string path) => Classify(path, follow: true);

    /// <summary>
    /// Why a path that should be read as a file cannot be, in words every reader of data shares:
    /// "is a symbolic link that leads back to itself (a loop)", "is a named pipe, device or socket,
    /// not a file; reading it could block forever", "cannot be reached: permission denied on the
    /// path"; null for a regular file, a directory or a missing path (the caller says what it expected).
    /// </summary>
    public static string? Problem(PathKind kind) =>
        kind switch
        {
            PathKind.LinkLoop => "is a symbolic link that leads back to itself (a loop)",
            PathKind.Special => "is a named pipe, device or socket, not a file; reading it could block forever",
            PathKind.Inaccessible => "cannot be reached: permission denied on the path",
            _ => null,
        };

    /// <summary>What <paramref name="path"/> itself is, without following a symbolic link.</summary>
    public static PathKind OfLink(string path) => Classify(path, follow: false);

    private static PathKind Classify(string path, bool follow)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return System.IO.Directory.Exists(path) ? PathKind.Directory
                : File.Exists(path) ? PathKind.RegularFile
                : PathKind.Missing;
        var stat = new byte[256];
        if ((follow ? Stat(path, stat) : LStat(path, stat)) != 0)
        {
            const int noEntry = 2,
                accessDenied = 13,
                notDirectory = 20,
                loop = 40;
            return Marshal.GetLastPInvokeError() switch
            {
                loop => PathKind.LinkLoop,
                accessDenied => PathKind.Inaccessible,
                noEntry or notDirectory => PathKind.Missing,
                _ => PathKind.Missing,
            };
        }
        // st_mode lies 24 bytes into glibc's struct stat on x86-64 (st_dev, st_ino, st_nlink before it).
        const uint typeMask = 0xF000,
            regular = 0x8000,
            directory = 0x4000,
            link = 0xA000;
        return (BitConverter.ToUInt32(stat, 24) & typeMask) switch
        {
            regular => PathKind.RegularFile,
            directory => PathKind.Directory,
            link => PathKind.SymbolicLink,
            _ => PathKind.Special,
        };
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}

using Vae.MLNet.Data;

namespace Vae.MLNet.Cli;

/// <summary>Checks an output file path before any work, so a bad --out fails at once with exit 2, not after minutes of
/// work with an internal temporary name.</summary>
internal static class OutputFile
{
    /// <summary>
    /// An output is written to a temporary file and renamed over the path, so whatever the path names
    /// is replaced: a symbolic link or a device (`--out /dev/full` turned the device into a PNG) is
    /// refused; a missing path or an existing regular file is fine.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty, a folder, a symbolic link or a device, pipe or socket, or
    /// its folder does not exist.</exception>
    internal static string Check(string path, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"{option} is empty; expected a file path.");
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            throw new ArgumentException($"{option} '{path}' is a folder; expected a file path.");
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
            throw new ArgumentException(
                $"{option} '{path}' is a symbolic link (to '{info.LinkTarget}'); "
                    + "name the file itself: an output replaces what its path names."
            );
        if (info.Exists && FileKind.OfLink(path) != PathKind.RegularFile)
            throw new ArgumentException($"{option} '{path}' is a device, pipe or socket, not a regular file; an output would replace it.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw new ArgumentException($"{option} '{path}': the folder '{folder}' does not exist.");
        return path;
    }
}

using System.Runtime.InteropServices;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Runs;

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

    /// <summary>
    /// <see cref="Check(string, string)"/>, and refuses an output that is one of the command's inputs: the same file
    /// by its path, a <c>..</c> in it, a symbolic link on the way, or a hard link (compared by device and inode).
    /// </summary>
    /// <param name="path">The output path.</param>
    /// <param name="inputs">Each input file's role in words ("the test images of --data") and path.</param>
    /// <param name="option">The output's flag, for messages.</param>
    /// <exception cref="ArgumentException">As <see cref="Check(string, string)"/>, or the output is an input: the message
    /// names both roles.</exception>
    internal static string Check(string path, IEnumerable<(string Role, string Path)> inputs, string option = "--out")
    {
        Check(path, option);
        foreach (var (role, input) in inputs)
            if (SameFile(path, input))
                throw new ArgumentException(
                    $"{option} '{path}' is {role} ('{input}'); an output never replaces an input of its command: choose another {option}."
                );
        return path;
    }

    /// <summary>The files of a model or run folder that a command reads or that the run owns.</summary>
    internal static IEnumerable<(string Role, string Path)> ModelFolder(string folder) =>
        new[]
        {
            OnnxContract.EncoderFile,
            OnnxContract.DecoderFile,
            FeaturizerGraph.UnitIntervalFile,
            FeaturizerGraph.BytesFile,
            RunFolder.CheckpointFile,
            RunFolder.BestCheckpointFile,
            RunFolder.OptionsFile,
            RunFolder.SpecFile,
            RunFolder.MetricsCsvFile,
            RunFolder.MetricsJsonFile,
            RunFolder.ResultFile,
            RunFolder.ReconstructionsFile,
            RunLog.FileName,
        }.Select(name => ($"the model folder's {name}", Path.Combine(folder, name)));

    /// <summary>The files of both splits of a dataset (what a command may read); none when the dataset cannot be located
    /// (reading it later says why).</summary>
    internal static IEnumerable<(string Role, string Path)> Dataset(string location, string option = "--data")
    {
        var files = new List<(string, string)>();
        if (ImageFolder.IsImageFolder(location))
        {
            try
            {
                var (_, train, test) = ImageFolder.Files(location);
                return train.Concat(test).Select(f => ($"an image of {option}", f.Path)).ToList();
            }
            catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
            {
                return files;
            }
        }
        foreach (var (split, name) in new[] { (DataSplit.Train, "training"), (DataSplit.Test, "test") })
        {
            try
            {
                var (images, labels) = DatasetLoader.Locate(location, split);
                files.Add(($"the {name} images of {option}", images));
                if (labels is not null)
                    files.Add(($"the {name} labels of {option}", labels));
            }
            catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException) { }
        }
        return files;
    }

    // The same file: an output that does not exist yet is no input; one that does is compared by device and inode
    // (stat follows symbolic links, and hard links share an inode), or by full path where stat is not available.
    private static bool SameFile(string output, string input)
    {
        if (!File.Exists(output) || !File.Exists(input))
            return false;
        if (Identity(output) is { } a && Identity(input) is { } b)
            return a == b;
        return string.Equals(Path.GetFullPath(output), Path.GetFullPath(input), StringComparison.Ordinal);
    }

    /// <summary>A file's or folder's device and inode (symbolic links followed); null where unknown or missing.</summary>
    internal static (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
            return null;
        var buffer = new byte[256]; // struct stat: st_dev then st_ino, 8 bytes each, on 64-bit Linux
        return Stat(path, buffer) == 0 ? (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8)) : null;
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
}

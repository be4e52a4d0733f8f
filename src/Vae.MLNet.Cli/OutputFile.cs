namespace Vae.MLNet.Cli;

/// <summary>Checks an output file path before any work, so a bad --out fails at once with exit 2, not after minutes of work with an internal temporary name.</summary>
internal static class OutputFile
{
    /// <exception cref="ArgumentException">The path is a folder, or its folder does not exist.</exception>
    internal static string Check(string path, string option = "--out")
    {
        if (Directory.Exists(path)) throw new ArgumentException($"{option} '{path}' is a folder; expected a file path.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder)) throw new ArgumentException($"{option} '{path}': the folder '{folder}' does not exist.");
        return path;
    }
}

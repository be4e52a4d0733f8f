namespace Vae.MLNet.Data;

/// <summary>
/// A data file is missing, malformed or inconsistent. The message names the file and, where it
/// applies, the row and field, and says what was expected.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the file path.</summary>
    public DataFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The offending file.</summary>
    public string FilePath { get; }
}

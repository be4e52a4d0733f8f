using System.Globalization;
using System.Text;
using CsvHelper;
using Vae.MLNet.Models;

namespace Vae.MLNet.Data;

/// <summary>
/// Reads images stored one per CSV row in the Sign-Language-MNIST layout: a header
/// <c>label,pixel1,…,pixel784</c>, then rows of an integer label and 784 integer pixel values in
/// 0–255 (row-major 28×28). Pixels are scaled to [0, 1].
/// </summary>
public static class CsvImageReader
{
    private static readonly int Columns = 1 + ImageShape.Mnist.Size;

    /// <summary>Reads the file.</summary>
    /// <param name="path">CSV file path.</param>
    /// <param name="maxCount">Read only the first rows; null for all.</param>
    /// <exception cref="DataFormatException">Missing or empty file, wrong header, a row with the wrong
    /// number of fields, or a non-numeric or out-of-range value (the message names the line and column).</exception>
    public static ImageDataset Read(string path, int? maxCount = null)
    {
        var pixels = new List<float>();
        var labels = new List<int>();
        foreach (var batch in ReadBatches(path, 4096, maxCount))
        {
            pixels.AddRange(batch.Pixels);
            labels.AddRange(batch.Labels);
        }
        return new ImageDataset(pixels.ToArray(), labels.ToArray(), path);
    }

    /// <summary>
    /// Streams the rows in batches of at most <paramref name="batchSize"/> images, one batch in memory
    /// at a time. The file is opened when enumeration starts, and each enumeration reads it anew.
    /// </summary>
    /// <exception cref="DataFormatException">As <see cref="Read"/>, when the bad row is reached.</exception>
    public static IEnumerable<ImageDataset> ReadBatches(string path, int batchSize, int? maxCount = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (!File.Exists(path))
            throw new DataFormatException(path, "file not found.");
        return Batches(path, batchSize, maxCount ?? int.MaxValue);
    }

    private static IEnumerable<ImageDataset> Batches(string path, int batchSize, int maxCount)
    {
        if (new FileInfo(path).Length == 0)
            throw new DataFormatException(path, "file is empty; expected a header 'label,pixel1,…,pixel784'.");
        var options = new CsvReaderOptions { HasHeader = true, FieldCountMismatch = CsvFieldCountHandling.Allow };
        using var csv = CsvReader.Create(File.OpenRead(path), options, false);
        csv.ReadHeader();
        CheckHeader(path, csv.Headers);
        long line = 1; // the header is line 1 (rows hold no quoted line breaks)
        int read = 0;
        var pixels = new List<float>();
        var labels = new List<int>();
        while (read < maxCount && csv.Read())
        {
            line++;
            read++;
            if (csv.FieldCount != Columns)
                throw new DataFormatException(path, $"line {line} has {csv.FieldCount} fields; expected {Columns} (label and 784 pixels).");
            labels.Add(ParseInt(path, line, "label", csv.GetRawSpan(0), 0, int.MaxValue));
            for (int i = 1; i < Columns; i++)
                pixels.Add(ParseInt(path, line, $"pixel{i}", csv.GetRawSpan(i), 0, 255) / 255f);
            if (labels.Count == batchSize)
            {
                yield return new ImageDataset(pixels.ToArray(), labels.ToArray(), path);
                pixels.Clear();
                labels.Clear();
            }
        }
        if (read == 0)
            throw new DataFormatException(path, "holds a header but no image rows.");
        if (labels.Count > 0)
            yield return new ImageDataset(pixels.ToArray(), labels.ToArray(), path);
    }

    private static void CheckHeader(string path, IReadOnlyList<string> header)
    {
        if (header.Count != Columns || header[0].Trim() != "label")
            throw new DataFormatException(
                path,
                $"header has {header.Count} fields starting '{header.FirstOrDefault()}'; "
                    + $"expected 'label,pixel1,…,pixel784' ({Columns} fields)."
            );
        // Columns in another order would be trained on as a scrambled image.
        for (int i = 1; i < Columns; i++)
            if (header[i].Trim() != $"pixel{i}")
                throw new DataFormatException(
                    path,
                    $"header field {i + 1} is '{header[i]}'; expected 'pixel{i}' (the pixel columns in order: 'label,pixel1,…,pixel784')."
                );
    }

    private static int ParseInt(string path, long line, string column, ReadOnlySpan<byte> utf8, int min, int max)
    {
        if (!int.TryParse(utf8, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw new DataFormatException(path, $"line {line}, column '{column}': '{Encoding.UTF8.GetString(utf8)}' is not an integer.");
        if (value < min || value > max)
            throw new DataFormatException(path, $"line {line}, column '{column}': {value} is outside {min}–{max}.");
        return value;
    }
}

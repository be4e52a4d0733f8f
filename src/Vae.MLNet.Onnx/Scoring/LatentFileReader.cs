using System.Buffers.Binary;
using System.Globalization;
using Vae.MLNet.Data;

namespace Vae.MLNet.Scoring;

/// <summary>Reads latent files written by <see cref="LatentFileWriter"/> (format from the content: "VAEZ" magic or CSV).</summary>
public static class LatentFileReader
{
    /// <summary>Reads the whole file.</summary>
    /// <param name="path">A latent file.</param>
    /// <param name="maxRows">Read only the first rows; null for all.</param>
    /// <exception cref="InvalidDataException">Malformed file (the message names the file and the line or byte offset).</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static LatentSet Read(string path, int? maxRows = null)
    {
        switch (FileKind.Of(path))
        {
            case PathKind.Missing:
                throw new FileNotFoundException($"{path}: latent file not found.", path);
            case PathKind.RegularFile:
                break;
            case PathKind.Directory:
                throw new InvalidDataException($"{path}: is a directory; expected a latent file (CSV or binary).");
            case var kind:
                throw new InvalidDataException($"{path}: {FileKind.Problem(kind)}.");
        }
        return HasBinaryMagic(path) ? ReadBinary(path, File.ReadAllBytes(path), maxRows) : ReadCsv(path, maxRows);
    }

    // Only the first four bytes decide the format, so a CSV file is read once, by the CSV reader.
    private static bool HasBinaryMagic(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(LatentFileWriter.Magic);
    }

    private static LatentSet ReadBinary(string path, byte[] bytes, int? maxRows)
    {
        if (bytes.Length < 24)
            throw new InvalidDataException($"{path}: binary latent header truncated ({bytes.Length} bytes).");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        int d = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        bool logVar = (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12)) & 1) != 0;
        long count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        if (version != LatentFileWriter.Version || d <= 0)
            throw new InvalidDataException(
                $"{path}: version {version}, latent size {d}; expected version {LatentFileWriter.Version} and d ≥ 1."
            );
        if (count < 0)
            throw new InvalidDataException($"{path}: the header gives {count} rows; expected a count ≥ 0.");
        long rowBytes = 4 + 4L * d * (logVar ? 2 : 1);
        // In decimal: a hostile count times the row size overflows a long.
        if (bytes.Length != 24 + (decimal)count * rowBytes)
            throw new InvalidDataException(
                $"{path}: {bytes.Length} bytes; a header for {count} rows of d = {d} needs {24 + (decimal)count * rowBytes}."
            );
        int n = (int)Math.Min(count, maxRows ?? count);
        var (labels, mu, lv) = (new int[n], new float[n * d], logVar ? new float[n * d] : null);
        for (int i = 0; i < n; i++)
        {
            var row = bytes.AsSpan((int)(24 + i * rowBytes), (int)rowBytes);
            labels[i] = BinaryPrimitives.ReadInt32LittleEndian(row);
            for (int j = 0; j < d; j++)
            {
                mu[i * d + j] = BinaryPrimitives.ReadSingleLittleEndian(row[(4 + 4 * j)..]);
                if (lv is not null)
                    lv[i * d + j] = BinaryPrimitives.ReadSingleLittleEndian(row[(4 + 4 * (d + j))..]);
            }
        }
        return new LatentSet(d, labels, mu, lv);
    }

    private static LatentSet ReadCsv(string path, int? maxRows)
    {
        using var reader = new StreamReader(path);
        string first = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file; expected a latent CSV or binary file.");
        if (first.Any(c => char.IsControl(c) || c == '\uFFFD'))
            throw new InvalidDataException(
                $"{path}: neither a binary latent file (it does not start with 'VAEZ') nor " + "a latent CSV (its first line is not text)."
            );
        var header = first.Split(',');
        int d = header.Count(h => h.StartsWith("mu_", StringComparison.Ordinal));
        bool logVar = header.Any(h => h.StartsWith("log_var_", StringComparison.Ordinal));
        if (header[0] != "label" || d == 0 || header.Length != 1 + d * (logVar ? 2 : 1))
            throw new InvalidDataException(
                $"{path}: header '{Shorten(string.Join(',', header.Take(4)))}…' is not 'label,mu_1..mu_d[,log_var_1..log_var_d]'."
            );
        var (labels, mu, lv) = (new List<int>(), new List<float>(), new List<float>());
        int line = 1;
        for (string? text; (maxRows is null || labels.Count < maxRows) && (text = reader.ReadLine()) != null; )
        {
            line++;
            var f = text.Split(',');
            if (f.Length != header.Length)
                throw new InvalidDataException($"{path}: line {line} has {f.Length} fields; expected {header.Length}.");
            labels.Add(int.Parse(f[0], CultureInfo.InvariantCulture));
            for (int j = 1; j < f.Length; j++)
            {
                if (!float.TryParse(f[j], NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw new InvalidDataException($"{path}: line {line}, column '{header[j]}': '{f[j]}' is not a number.");
                (j <= d ? mu : lv).Add(v);
            }
        }
        return new LatentSet(d, labels.ToArray(), mu.ToArray(), logVar ? lv.ToArray() : null);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60];
}

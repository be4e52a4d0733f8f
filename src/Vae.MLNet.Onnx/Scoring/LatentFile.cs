using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Vae.MLNet.Data;

namespace Vae.MLNet.Scoring;

/// <summary>Format of a latent file written by <c>vae encode</c> (documented in docs/formats.md).</summary>
public enum LatentFormat
{
    /// <summary>CSV: header <c>label,mu_1..mu_d[,log_var_1..log_var_d]</c>, invariant culture, round-trip floats.</summary>
    Csv,

    /// <summary>Binary: "VAEZ" header, then per row int32 label, float32 μ[d], float32 log σ²[d]; little-endian.</summary>
    Binary,
}

/// <summary>Latent vectors read back from a latent file: labels [n], μ [n, d], log σ² [n, d] or null.</summary>
public sealed record LatentSet(int LatentSize, int[] Labels, float[] Mu, float[]? LogVar)
{
    /// <summary>Number of rows.</summary>
    public int Count => Labels.Length;
}

/// <summary>
/// Writes latent vectors row batch by row batch to a temporary file beside the target and renames
/// it into place on <see cref="Complete"/>; disposing without completing deletes the temporary file,
/// so a failed run leaves nothing half-written. A killed run's temporary file is removed by the next
/// writer of the same path (see <see cref="AtomicFile.TempPath"/>).
/// </summary>
public sealed class LatentFileWriter : IDisposable
{
    /// <summary>Magic bytes of the binary format.</summary>
    public static ReadOnlySpan<byte> Magic => "VAEZ"u8;

    /// <summary>Binary format version.</summary>
    public const int Version = 1;
    private const int HeaderBytes = 24; // magic, version, d, flags, int64 count

    private readonly string _path,
        _temp;
    private readonly LatentFormat _format;
    private readonly int _d;
    private readonly bool _logVar;
    private readonly FileStream _file;
    private readonly StreamWriter? _text;
    private long _count;
    private bool _completed;

    /// <summary>Starts a file of rows with latent size <paramref name="latentSize"/>.</summary>
    public LatentFileWriter(string path, LatentFormat format, int latentSize, bool withLogVar)
    {
        (_path, _format, _d, _logVar) = (Path.GetFullPath(path), format, latentSize, withLogVar);
        _temp = AtomicFile.TempPath(_path); // also removes what killed writes to this path left behind
        _file = AtomicFile.OpenTemp(_temp, 1 << 16);
        if (format == LatentFormat.Csv)
        {
            _text = new StreamWriter(_file, new UTF8Encoding(false), 1 << 16);
            var header = new StringBuilder("label");
            for (int j = 1; j <= _d; j++)
                header.Append(",mu_").Append(j);
            if (_logVar)
                for (int j = 1; j <= _d; j++)
                    header.Append(",log_var_").Append(j);
            _text.Write(header.Append('\n'));
        }
        else
        {
            _file.Write(new byte[HeaderBytes]); // filled in by Complete, when the count is known
        }
    }

    /// <summary>Appends rows: labels [n], μ [n, d], log σ² [n, d] (empty when the file has none).</summary>
    public void Write(ReadOnlySpan<int> labels, ReadOnlySpan<float> mu, ReadOnlySpan<float> logVar)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            var m = mu.Slice(i * _d, _d);
            var lv = _logVar ? logVar.Slice(i * _d, _d) : default;
            if (_text is not null)
                WriteCsvRow(labels[i], m, lv);
            else
                WriteBinaryRow(labels[i], m, lv);
        }
        _count += labels.Length;
        FaultPoint.Reach(FaultPoint.DuringLatentFile);
    }

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Complete()
    {
        if (_text is not null)
            _text.Flush();
        else
            WriteBinaryHeader();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _completed = true;
    }

    /// <summary>Closes the file; deletes the temporary file unless <see cref="Complete"/> ran.</summary>
    public void Dispose()
    {
        _file.Dispose();
        if (!_completed && File.Exists(_temp))
            File.Delete(_temp);
    }

    private void WriteCsvRow(int label, ReadOnlySpan<float> mu, ReadOnlySpan<float> logVar)
    {
        _text!.Write(label.ToString(CultureInfo.InvariantCulture));
        foreach (var v in mu)
        {
            _text.Write(',');
            _text.Write(v.ToString("R", CultureInfo.InvariantCulture));
        }
        foreach (var v in logVar)
        {
            _text.Write(',');
            _text.Write(v.ToString("R", CultureInfo.InvariantCulture));
        }
        _text.Write('\n');
    }

    private void WriteBinaryRow(int label, ReadOnlySpan<float> mu, ReadOnlySpan<float> logVar)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(word, label);
        _file.Write(word);
        foreach (var v in mu)
        {
            BinaryPrimitives.WriteSingleLittleEndian(word, v);
            _file.Write(word);
        }
        foreach (var v in logVar)
        {
            BinaryPrimitives.WriteSingleLittleEndian(word, v);
            _file.Write(word);
        }
    }

    private void WriteBinaryHeader()
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), _d);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), _logVar ? 1 : 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), _count);
        _file.Position = 0;
        _file.Write(header);
    }
}

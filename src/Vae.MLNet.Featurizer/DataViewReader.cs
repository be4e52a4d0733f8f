using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;

namespace Vae.MLNet;

/// <summary>Reads columns of an <see cref="IDataView"/> into arrays, with ML.NET's own cursors and getters.</summary>
internal static class DataViewReader
{
    /// <summary>Every row of a <c>Vector&lt;Single, n&gt;</c> column, concatenated: [rows, n], divided by
    /// <paramref name="divisor"/>.</summary>
    internal static float[] Floats(IDataView data, DataViewSchema.Column column, float divisor = 1f) =>
        FloatBatches(data, column, 1024, divisor).SelectMany(b => b).ToArray();

    /// <summary>
    /// The images of a <c>Vector&lt;Single, C·H·W&gt;</c> column in batches of up to
    /// <paramref name="batchSize"/> rows [rows, C·H·W], scaled to [0, 1] from <paramref name="scale"/> and
    /// checked with <see cref="PixelValues"/>, the check every entry point shares.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A pixel is not finite or outside the scale's range (the message
    /// names <paramref name="what"/>, the column, row and pixel).</exception>
    internal static IEnumerable<float[]> ImageBatches(
        IDataView data,
        DataViewSchema.Column column,
        int batchSize,
        PixelScale scale,
        string what
    )
    {
        long row = 0;
        int size = ((VectorDataViewType)column.Type).Size;
        foreach (var batch in FloatBatches(data, column, batchSize, scale.White()))
        {
            if (PixelValues.FirstOutOfRange(batch, size, row) is { } bad)
            {
                bad.Value *= scale.White();
                string range = scale == PixelScale.Bytes ? "[0, 255] (PixelScale.Bytes)" : "[0, 1]";
                throw new ArgumentOutOfRangeException(
                    nameof(data),
                    $"{what}: column '{column.Name}', "
                        + PixelValues.Describe(bad, scale == PixelScale.UnitInterval ? "set PixelScale.Bytes" : null, range)
                        + "."
                );
            }
            row += batch.Length / size;
            yield return batch;
        }
    }

    /// <summary>Rows of a <c>Vector&lt;Single, n&gt;</c> column in batches of up to <paramref name="batchSize"/> rows,
    /// divided by <paramref name="divisor"/>.</summary>
    internal static IEnumerable<float[]> FloatBatches(IDataView data, DataViewSchema.Column column, int batchSize, float divisor = 1f)
    {
        int size = ((VectorDataViewType)column.Type).Size;
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        var batch = new float[batchSize * size];
        int rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            var row = batch.AsSpan(rows * size, size);
            buffer.CopyTo(row);
            if (divisor != 1f)
                System.Numerics.Tensors.TensorPrimitives.Divide(row, divisor, row);
            if (++rows == batchSize)
            {
                yield return batch;
                (batch, rows) = (new float[batchSize * size], 0);
            }
        }
        if (rows > 0)
            yield return batch[..(rows * size)];
    }

    /// <summary>
    /// A label column as class indices 0..C−1 and their names, for any label type ML.NET pipelines
    /// carry: numbers (Single, Double, integers), keys (e.g. KMeans' PredictedLabel) and text.
    /// Classes are ordered by value (numbers, keys) or ordinally (text).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The column's type is none of those.</exception>
    internal static (int[] Classes, string[] Names) Labels(IDataView data, DataViewSchema.Column column, string role)
    {
        var raw = column.Type switch
        {
            KeyDataViewType => Read<uint>(data, column).Select(v => (IComparable)(ulong)v).ToList(),
            _ when column.Type == NumberDataViewType.Single => Read<float>(data, column).Select(v => (IComparable)(double)v).ToList(),
            _ when column.Type == NumberDataViewType.Double => Read<double>(data, column).Select(v => (IComparable)v).ToList(),
            _ when column.Type == NumberDataViewType.Int32 => Read<int>(data, column).Select(v => (IComparable)(double)v).ToList(),
            _ when column.Type == NumberDataViewType.UInt32 => Read<uint>(data, column).Select(v => (IComparable)(double)v).ToList(),
            _ when column.Type == NumberDataViewType.Int64 => Read<long>(data, column).Select(v => (IComparable)(double)v).ToList(),
            _ when column.Type == NumberDataViewType.Byte => Read<byte>(data, column).Select(v => (IComparable)(double)v).ToList(),
            TextDataViewType => Read<ReadOnlyMemory<char>>(data, column).Select(v => (IComparable)v.ToString()).ToList(),
            _ => throw new ArgumentOutOfRangeException(
                nameof(column),
                $"{role}: column '{column.Name}' is {column.Type}; expected a number, a key (e.g. PredictedLabel) or text."
            ),
        };
        var distinct = raw.Distinct().OrderBy(v => v).ToList();
        var index = distinct.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        return (
            raw.Select(v => index[v]).ToArray(),
            distinct.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!).ToArray()
        );
    }

    private static List<T> Read<T>(IDataView data, DataViewSchema.Column column)
    {
        var result = new List<T>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value);
        }
        return result;
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vae.MLNet.Reporting;

/// <summary>
/// Latent means, images and labels as an ML.NET <see cref="IDataView"/>: <c>Label</c> (Single),
/// <c>Latent</c> (<c>Vector&lt;Single, d&gt;</c>) and <c>Image</c> (<c>Vector&lt;Single, C·H·W&gt;</c>, [0, 1]).
/// </summary>
internal static class LatentTable
{
    internal static IDataView Create(MLContext ml, float[] latents, int d, float[] images, int[] labels)
    {
        int size = images.Length / labels.Length;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Latent)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        schema[nameof(Row.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        var rows = labels
            .Select(
                (label, i) =>
                    new Row
                    {
                        Label = label,
                        Latent = latents[(i * d)..((i + 1) * d)],
                        Image = images[(i * size)..((i + 1) * size)],
                    }
            )
            .ToList();
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class Row
    {
        public float Label { get; set; }
        public float[] Latent { get; set; } = [];
        public float[] Image { get; set; } = [];
    }
}

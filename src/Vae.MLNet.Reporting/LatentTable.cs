using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vae.MLNet.Reporting;

/// <summary>Latent means and labels as an ML.NET <see cref="IDataView"/>: <c>Label</c> (Single), <c>Latent</c> (<c>Vector&lt;Single, d&gt;</c>).</summary>
internal static class LatentTable
{
    internal static IDataView Create(MLContext ml, float[] latents, int d, int[] labels)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Latent)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        var rows = labels.Select((label, i) => new Row { Label = label, Latent = latents[(i * d)..((i + 1) * d)] }).ToList();
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class Row
    {
        public float Label { get; set; }
        public float[] Latent { get; set; } = [];
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet;

/// <summary>Schema checks that fail before any work, naming the column, what was expected and what the data has.</summary>
internal static class ColumnCheck
{
    /// <exception cref="ArgumentOutOfRangeException">The column is missing (the message lists the data's columns).</exception>
    internal static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string expected)
    {
        var column = schema.GetColumnOrNull(name);
        if (column is null || column.Value.IsHidden)
            throw new ArgumentOutOfRangeException(
                nameof(schema),
                $"{role}: the data has no column '{name}' (expected {expected}); its columns are: {Describe(schema)}."
            );
        return column.Value;
    }

    /// <summary>The image column: <c>Vector&lt;Single, C·H·W&gt;</c> of the model's shape, or of any known size when the
    /// shape is not known yet (null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing, or of another type or size.</exception>
    internal static DataViewSchema.Column Image(DataViewSchema schema, string name, string role, ImageShape? shape) =>
        shape is { } s
            ? SingleVector(
                schema,
                name,
                role,
                $"Vector<Single, {s.Size}>: one image [{s.Channels}, {s.Height}, {s.Width}] row-major, the model's {s.Describe()}",
                size => size == s.Size
            )
            : SingleVector(schema, name, role, "Vector<Single, C·H·W> of known size: one image [C, H, W] row-major", size => size > 0);

    /// <summary>A feature column: <c>Vector&lt;Single, d&gt;</c> of known size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing, or of another type.</exception>
    internal static DataViewSchema.Column Features(DataViewSchema schema, string name, string role) =>
        SingleVector(schema, name, role, "Vector<Single, d> of known size, e.g. the featurizer's Latent", size => size > 0);

    private static DataViewSchema.Column SingleVector(
        DataViewSchema schema,
        string name,
        string role,
        string expected,
        Func<int, bool> sizeFits
    )
    {
        var column = Find(schema, name, role, expected);
        if (
            column.Type is not VectorDataViewType { ItemType: var item, Size: var size }
            || item != NumberDataViewType.Single
            || !sizeFits(size)
        )
            throw new ArgumentOutOfRangeException(nameof(schema), $"{role}: column '{name}' is {column.Type}; expected {expected}.");
        return column;
    }

    private static string Describe(DataViewSchema schema) =>
        string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"{c.Name} ({c.Type})"));
}

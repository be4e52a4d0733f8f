using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vae.MLNet;

/// <summary>
/// The featurizer's output <see cref="SchemaShape"/> without opening a model: ML.NET keeps
/// <c>SchemaShape.Column</c>'s constructor internal, so the shape comes from a
/// <c>CustomMapping</c> estimator's <c>GetOutputSchema</c> over a schema definition with the
/// output columns (used for the shape only; the mapping never runs).
/// </summary>
internal static class OutputShape
{
    internal static SchemaShape Of(SchemaShape input, VaeFeaturizerOptions options)
    {
        var definition = SchemaDefinition.Create(typeof(Outputs));
        Rename(definition, nameof(Outputs.Latent), options.LatentColumnName);
        Rename(definition, nameof(Outputs.LogVar), options.LatentLogVarColumnName);
        Rename(definition, nameof(Outputs.Error), options.ReconstructionErrorColumnName);
        var mapping = new MLContext().Transforms.CustomMapping<NoInput, Outputs>(
            (_, _) => { },
            contractName: null,
            outputSchemaDefinition: definition
        );
        return mapping.GetOutputSchema(input);
    }

    private static void Rename(SchemaDefinition definition, string member, string? name)
    {
        var column = definition.First(c => c.MemberName == member);
        if (name is null)
            definition.Remove(column);
        else
            column.ColumnName = name;
    }

    private sealed class NoInput;

    // Sizes are placeholders: a SchemaShape records only "vector of known size", which trainers require.
    private sealed class Outputs
    {
        [VectorType(1)]
        public float[] Latent { get; set; } = [];

        [VectorType(1)]
        public float[] LogVar { get; set; } = [];

        [VectorType(1)]
        public float[] Error { get; set; } = [];
    }
}

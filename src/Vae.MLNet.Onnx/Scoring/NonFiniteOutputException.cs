namespace Vae.MLNet.Scoring;

/// <summary>
/// A model gave NaN or an infinity: its file is damaged (one written before checksums), or it diverged in training.
/// Nothing computed from it is written or served.
/// </summary>
public sealed class NonFiniteOutputException : Exception
{
    /// <summary>Creates the exception for <paramref name="row"/> of a batch.</summary>
    /// <param name="model">The model file (its path, or a name for a model held in memory).</param>
    /// <param name="output">The output (<c>mu</c>, <c>log_var</c>, <c>image</c>).</param>
    /// <param name="row">The row of the batch, 0-based.</param>
    /// <param name="value">The first non-finite value.</param>
    public NonFiniteOutputException(string model, string output, int row, float value)
        : base(
            $"{model}: gave {value} in '{output}' for row {row} of the batch; the model is damaged or diverged, so nothing "
                + "computed from it is kept."
        ) => (Model, Row) = (model, row);

    /// <summary>The model file (its path, or a name for a model held in memory).</summary>
    public string Model { get; }

    /// <summary>The row of the batch, 0-based.</summary>
    public int Row { get; }
}

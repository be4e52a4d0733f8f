using Vae.MLNet.Pipeline.Data;

namespace Vae.MLNet.Pipeline;

/// <summary>
/// An input column is missing or has the wrong type or vector size. Thrown by <c>Fit</c>,
/// <c>Transform</c> and <c>GetOutputSchema</c> before any work, as ML.NET's schema-mismatch error.
/// </summary>
public sealed class SchemaMismatchException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    public SchemaMismatchException(string column, string role, string expected, string actual, string message) : base(message)
        => (ColumnName, Role, Expected, Actual) = (column, role, expected, actual);

    /// <summary>The column's name.</summary>
    public string ColumnName { get; }
    /// <summary>What the column is for (e.g. "image column of VaeFeaturizer").</summary>
    public string Role { get; }
    /// <summary>The type expected.</summary>
    public string Expected { get; }
    /// <summary>The type found, or "missing".</summary>
    public string Actual { get; }
}

/// <summary>Checks input columns, throwing <see cref="SchemaMismatchException"/> with the whole story.</summary>
public static class SchemaCheck
{
    /// <summary>Requires a column of exactly <paramref name="expected"/> type.</summary>
    public static DataViewSchema.Column Require(DataViewSchema schema, string name, string role, DataViewType expected) =>
        Require(schema, name, role, t => t.Equals(expected), expected.ToString());

    /// <summary>Requires a column whose type passes <paramref name="accepts"/>.</summary>
    /// <exception cref="SchemaMismatchException">Missing, or the type is not accepted.</exception>
    public static DataViewSchema.Column Require(DataViewSchema schema, string name, string role, Func<DataViewType, bool> accepts, string expected)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new SchemaMismatchException(name, role, expected, "missing",
                $"Schema mismatch for the {role}: column '{name}' not found (expected {expected}); the input has: {schema}.");
        if (!accepts(column.Type))
            throw new SchemaMismatchException(name, role, expected, column.Type.ToString(),
                $"Schema mismatch for the {role}: column '{name}' is {column.Type}; expected {expected}.");
        return column;
    }
}

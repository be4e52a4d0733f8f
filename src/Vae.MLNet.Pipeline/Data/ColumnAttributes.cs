namespace Vae.MLNet.Pipeline.Data;

/// <summary>Names the data-view column of a field or property (ML.NET's <c>ColumnName</c>); default: the member's name.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ColumnNameAttribute(string name) : Attribute
{
    /// <summary>The column name.</summary>
    public string Name { get; } = name;
}

/// <summary>Marks a <c>float[]</c> member as a fixed-size vector column (ML.NET's <c>VectorType</c>); required on every <c>float[]</c>.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class VectorTypeAttribute(int size) : Attribute
{
    /// <summary>Items per row.</summary>
    public int Size { get; } = size;
}

/// <summary>Leaves a member out of the schema (ML.NET's <c>NoColumn</c>).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class NoColumnAttribute : Attribute;

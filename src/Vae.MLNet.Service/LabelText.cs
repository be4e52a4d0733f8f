using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Vae.MLNet.Service;

/// <summary>Turns a predicted label of any ML.NET type (a key with or without key values, a number, text) into text.</summary>
internal static class LabelText
{
    private const string KeyValuesKind = "KeyValues"; // ML.NET's annotation kind (its constant is internal)

    /// <summary>The key values of a key column as text (the classes MapValueToKey kept), or null when it is not a key
    /// or has none.</summary>
    internal static string[]? KeyNames(DataViewSchema.Column column) =>
        column.Type is KeyDataViewType && column.Annotations.Schema.GetColumnOrNull(KeyValuesKind) is { Type: VectorDataViewType values }
            ? (string[])Invoke(nameof(KeyValues), values.ItemType.RawType, column)
            : null;

    /// <summary>Class names in score order: the predicted label's key values, else the scores' slot names, else null.</summary>
    internal static string[]? ClassNames(DataViewSchema.Column label, DataViewSchema.Column score)
    {
        if (KeyNames(label) is { } keys)
            return keys;
        if (!score.HasSlotNames())
            return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>
    /// A getter giving the row's predicted label as text: a key's value from <paramref name="keyNames"/>
    /// (computed once by <see cref="KeyNames"/>; without them, the key's 0-based index), a number in
    /// invariant culture, or the text.
    /// </summary>
    internal static Func<string> Getter(DataViewRowCursor cursor, DataViewSchema.Column column, string[]? keyNames)
    {
        if (column.Type is KeyDataViewType)
        {
            var key = cursor.GetGetter<uint>(column);
            uint k = 0;
            return () =>
            {
                key(ref k);
                return k == 0 ? ""
                    : keyNames is null ? (k - 1).ToString(CultureInfo.InvariantCulture)
                    : keyNames[k - 1];
            };
        }
        return (Func<string>)Invoke(nameof(Value), column.Type.RawType, cursor, column);
    }

    private static object Invoke(string method, Type type, params object[] args) =>
        typeof(LabelText).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, args)!;

    private static string[] KeyValues<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.GetKeyValues(ref values);
        return values.DenseValues().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray();
    }

    private static Func<string> Value<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        };
    }
}

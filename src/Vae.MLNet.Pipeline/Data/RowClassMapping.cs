using System.Reflection;

namespace Vae.MLNet.Pipeline.Data;

/// <summary>
/// How a user class maps to columns: every public field or property of type <c>float</c> (Single),
/// <c>int</c> (Int32) or <c>float[]</c> with <see cref="VectorTypeAttribute"/> (vector), named by
/// <see cref="ColumnNameAttribute"/> or the member's name, unless marked <see cref="NoColumnAttribute"/>.
/// </summary>
internal sealed class RowClassMapping<T>
{
    public sealed record Member(string Column, DataViewType Type, Func<object, object?> Get, Action<object, object?>? Set, string MemberName);

    public RowClassMapping()
    {
        var members = typeof(T).GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is FieldInfo or PropertyInfo { CanRead: true } && m.GetCustomAttribute<NoColumnAttribute>() is null && !IsIndexer(m));
        Members = members.Select(Map).ToArray();
        if (Members.Count == 0)
            throw new ArgumentException($"{typeof(T).Name} has no public float, int or float[] fields or properties to use as columns.");
        Schema = new DataViewSchema(Members.Select(m => (m.Column, m.Type, (IReadOnlyList<int>?)null)));
    }

    public IReadOnlyList<Member> Members { get; }

    public DataViewSchema Schema { get; }

    private static bool IsIndexer(MemberInfo m) => m is PropertyInfo p && p.GetIndexParameters().Length > 0;

    private static Member Map(MemberInfo m)
    {
        var (memberType, get, set) = m switch
        {
            FieldInfo f => (f.FieldType, (Func<object, object?>)f.GetValue, f.IsInitOnly ? null : (Action<object, object?>)f.SetValue),
            PropertyInfo p => (p.PropertyType, (Func<object, object?>)p.GetValue, p.CanWrite ? (Action<object, object?>)p.SetValue : null),
            _ => throw new InvalidOperationException(),
        };
        string column = m.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? m.Name;
        DataViewType type = memberType switch
        {
            _ when memberType == typeof(float) => NumberDataViewType.Single,
            _ when memberType == typeof(int) => NumberDataViewType.Int32,
            _ when memberType == typeof(float[]) => new VectorDataViewType(NumberDataViewType.Single,
                m.GetCustomAttribute<VectorTypeAttribute>()?.Size
                ?? throw new ArgumentException($"{typeof(T).Name}.{m.Name} is float[] without [VectorType(size)]; columns have a fixed size.")),
            _ => throw new ArgumentException($"{typeof(T).Name}.{m.Name} is {memberType.Name}; columns are float, int or float[] (mark other members [NoColumn])."),
        };
        return new Member(column, type, get, set, $"{typeof(T).Name}.{m.Name}");
    }
}

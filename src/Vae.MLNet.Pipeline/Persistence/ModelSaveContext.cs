using System.IO.Compression;
using System.Text;

namespace Vae.MLNet.Pipeline.Persistence;

/// <summary>
/// Where a transformer writes itself inside a model file (a zip archive): named entries under the
/// transformer's own folder, plus <c>type.txt</c>, the transformer's .NET type that
/// <see cref="ModelLoadContext"/> calls <c>Load</c> on.
/// </summary>
public sealed class ModelSaveContext
{
    private readonly ZipArchive _archive;
    private readonly string _prefix;

    internal ModelSaveContext(ZipArchive archive, string prefix) => (_archive, _prefix) = (archive, prefix);

    /// <summary>Writes an entry.</summary>
    public void WriteBytes(string name, ReadOnlySpan<byte> bytes)
    {
        var entry = _archive.CreateEntry(_prefix + name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    /// <summary>Writes a UTF-8 text entry.</summary>
    public void WriteText(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes an entry through a stream.</summary>
    public void Write(string name, Action<Stream> write)
    {
        var entry = _archive.CreateEntry(_prefix + name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        write(stream);
    }

    /// <summary>Saves a nested transformer into the sub-folder <paramref name="name"/>.</summary>
    public void SaveChild(string name, ITransformer transformer)
    {
        var child = new ModelSaveContext(_archive, _prefix + name + "/");
        child.WriteText(ModelLoadContext.TypeEntry, TypeName(transformer.GetType()));
        transformer.Save(child);
    }

    // "Namespace.Type, Assembly" (no version), so a model outlives a rebuild of the library.
    internal static string TypeName(Type type) => type.IsGenericType
        ? $"{type.GetGenericTypeDefinition().FullName}[{string.Join(",", type.GetGenericArguments().Select(a => "[" + TypeName(a) + "]"))}], {type.Assembly.GetName().Name}"
        : $"{type.FullName}, {type.Assembly.GetName().Name}";
}

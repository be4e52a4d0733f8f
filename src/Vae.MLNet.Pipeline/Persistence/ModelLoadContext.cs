using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace Vae.MLNet.Pipeline.Persistence;

/// <summary>Where a transformer reads itself back from a model file (see <see cref="ModelSaveContext"/>).</summary>
public sealed class ModelLoadContext
{
    internal const string TypeEntry = "type.txt";
    private readonly ZipArchive _archive;
    private readonly string _prefix;

    internal ModelLoadContext(ZipArchive archive, string prefix, string source) => (_archive, _prefix, Source) = (archive, prefix, source);

    /// <summary>The model file, for messages.</summary>
    public string Source { get; }

    /// <summary>Reads an entry.</summary>
    /// <exception cref="InvalidDataException">The entry is missing (the message names the file and entry).</exception>
    public byte[] ReadBytes(string name)
    {
        var entry = _archive.GetEntry(_prefix + name)
            ?? throw new InvalidDataException($"{Source}: entry '{_prefix + name}' is missing; the model file is damaged or from another tool.");
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Reads a UTF-8 text entry.</summary>
    public string ReadText(string name) => Encoding.UTF8.GetString(ReadBytes(name));

    /// <summary>Loads the nested transformer saved under <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">Its type cannot be found or has no <c>static Load(ModelLoadContext)</c>.</exception>
    public ITransformer LoadChild(string name)
    {
        var child = new ModelLoadContext(_archive, _prefix + name + "/", Source);
        string typeName = child.ReadText(TypeEntry);
        var type = Type.GetType(typeName, throwOnError: false)
            ?? throw new InvalidDataException($"{Source}: transformer type '{typeName}' not found; reference its assembly from the program that loads the model.");
        var load = type.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(ModelLoadContext)]);
        if (!typeof(ITransformer).IsAssignableFrom(type) || load is null || !typeof(ITransformer).IsAssignableFrom(load.ReturnType))
            throw new InvalidDataException($"{Source}: '{typeName}' is not a loadable transformer (no public static Load(ModelLoadContext)).");
        try
        {
            return (ITransformer)load.Invoke(null, [child])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

using System.IO.Compression;
using System.Text.Json;
using Vae.MLNet.Data;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Persistence;

namespace Vae.MLNet.Pipeline;

/// <summary>
/// Saves a fitted transformer (or chain) and its input schema to one file and loads it back
/// (ML.NET's <c>ModelOperationsCatalog</c>). The file is a zip archive: <c>manifest.json</c> (format,
/// version, input schema) and <c>model/</c>, the transformer's own entries (see <see cref="ModelSaveContext"/>;
/// a VAE featurizer stores its ONNX encoder and decoder there). Layout: docs/formats.md.
/// </summary>
public sealed class ModelOperationsCatalog : CatalogBase
{
    internal const string Format = "Vae.MLNet.Model";

    internal ModelOperationsCatalog(VaeMLContext context) : base(context) { }

    /// <summary>Writes the model atomically (a temporary file beside <paramref name="filePath"/>, then renamed).</summary>
    /// <param name="model">The fitted transformer or chain.</param>
    /// <param name="inputSchema">The schema of the data the model was fitted on (recorded so a loader can check its data).</param>
    /// <param name="filePath">Target file; its directory must exist.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(ITransformer model, DataViewSchema inputSchema, string filePath) =>
        AtomicFile.Write(filePath, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var manifest = new Manifest(Format, 1, inputSchema.Select(c => new ManifestColumn(c.Name, c.Type.ToString())).ToArray());
            var root = new ModelSaveContext(zip, "");
            root.WriteText("manifest.json", JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
            root.SaveChild("model", model);
        });

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="filePath">The model file.</param>
    /// <param name="inputSchema">The schema recorded at save time.</param>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">Not a model file of this library, or damaged (the message names the file and entry).</exception>
    public ITransformer Load(string filePath, out DataViewSchema inputSchema)
    {
        if (!File.Exists(filePath)) throw new FileNotFoundException($"{filePath} not found.", filePath);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(filePath);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{filePath}: not a Vae.MLNet model file (not a zip archive: {e.Message}).", e);
        }
        using (zip)
        {
            var root = new ModelLoadContext(zip, "", filePath);
            var manifest = ReadManifest(root, filePath);
            inputSchema = new DataViewSchema(manifest.InputSchema.Select(c => (c.Name, DataViewType.Parse(c.Type), (IReadOnlyList<int>?)null)));
            return root.LoadChild("model");
        }
    }

    private static Manifest ReadManifest(ModelLoadContext root, string filePath)
    {
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(root.ReadText("manifest.json"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{filePath}: manifest.json is not valid JSON: {e.Message}", e);
        }
        if (manifest is null || manifest.Format != Format || manifest.Version != 1)
            throw new InvalidDataException($"{filePath}: manifest says format '{manifest?.Format}' version {manifest?.Version}; expected {Format} version 1.");
        return manifest;
    }

    private sealed record Manifest(string Format, int Version, ManifestColumn[] InputSchema);

    private sealed record ManifestColumn(string Name, string Type);
}

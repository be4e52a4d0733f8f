using Vae.MLNet.Tests;
using System.IO.Compression;
using System.Xml.Linq;

namespace Vae.MLNet.Packages.Tests;

/// <summary>The packages ./build.sh wrote to artifacts/packages.</summary>
internal static class Packages
{
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "artifacts", "packages");

    /// <summary>The libraries a user references: one per heavy dependency (docs/design.md).</summary>
    public static readonly string[] Ids = ["Vae.MLNet.Core", "Vae.MLNet.Onnx", "Vae.MLNet.Featurizer", "Vae.MLNet.Training"];

    /// <summary>The version in the package file names (one version for all, from Directory.Build.props).</summary>
    public static string Version
    {
        get
        {
            var file = Path.GetFileName(Directory.GetFiles(Folder, "Vae.MLNet.Featurizer.*.nupkg").Single());
            return file["Vae.MLNet.Featurizer.".Length..^".nupkg".Length];
        }
    }

    public static string File(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    /// <summary>The package's .nuspec metadata element.</summary>
    public static XElement Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(File(id));
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata"); // the schema namespace varies with NuGet's version
    }

    public static string[] Entries(string id)
    {
        using var zip = ZipFile.OpenRead(File(id));
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>The ids of a package's dependencies.</summary>
    public static IEnumerable<string> Dependencies(string id) =>
        Nuspec(id).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!);
}

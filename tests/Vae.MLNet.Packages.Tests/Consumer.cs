using System.Xml.Linq;

namespace Vae.MLNet.Packages.Tests;

/// <summary>
/// A brand-new console project in an empty temporary folder, outside the repository, restoring our
/// packages from artifacts/packages and everything else from the registry. Its nuget.config gives it
/// its own global packages folder, so a package rebuilt with the same version is never taken from a
/// stale cache; the machine's cache serves as a read-only fallback for ML.NET, TorchSharp and ONNX
/// Runtime (so the 600 MB of libtorch are not downloaded again).
/// </summary>
internal sealed class Consumer : IDisposable
{
    public Consumer(string name)
    {
        Root = Path.Combine(Path.GetTempPath(), "vae-mlnet-consumers", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        new XDocument(new XElement("configuration",
            new XElement("config", Add("globalPackagesFolder", Path.Combine(Root, "packages"))),
            new XElement("packageSources", new XElement("clear"), Add("vae-mlnet", Packages.Folder), Add("nuget.org", "https://api.nuget.org/v3/index.json")),
            new XElement("fallbackPackageFolders", Add("machine-cache", Dotnet.GlobalPackages())))).Save(Path.Combine(Root, "nuget.config"));
        Dotnet.Run(Root, "new", "console", "-o", "app", "-n", name);
        App = Path.Combine(Root, "app");
        Name = name;
    }

    public string Root { get; }
    public string App { get; }
    public string Name { get; }
    public string Output => Path.Combine(App, "bin", "Release", "net10.0");

    public void AddPackage(string id, string version) => Dotnet.Run(App, "add", "package", id, "--version", version);

    public void Build() => Dotnet.Run(App, "build", "-c", "Release");

    public string RunApp(params string[] args) => Dotnet.Run(App, [Path.Combine(Output, Name + ".dll"), .. args]);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } // a consumer with libtorch is ~800 MB
    }

    private static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
}

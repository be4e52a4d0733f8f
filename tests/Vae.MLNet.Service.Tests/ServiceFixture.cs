using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

/// <summary>A model folder (conv VAE, d = 4, exported from the engine) served in-process by a test server.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public const int LatentSize = 4;

    public string ModelDir { get; } = TestPaths.NewTempDirectory();
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public OnnxVaeModel Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using (var engine = ExportedModels.Engine(Presets.Conv, ModelKind.Variational, LatentSize))
        {
            var (encoder, decoder) = ExportedModels.Export(engine);
            File.WriteAllBytes(Path.Combine(ModelDir, "encoder.onnx"), encoder);
            File.WriteAllBytes(Path.Combine(ModelDir, "decoder.onnx"), decoder);
        }
        Reference = OnnxVaeModel.Open(ModelDir);
        App = VaeServiceApp.Build(ModelDir, new ServiceOptions { MaxBatch = 64, MaxBodyBytes = 1 << 20 }, b => b.WebHost.UseTestServer());
        await App.StartAsync();
        Client = App.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Reference.Dispose();
    }
}

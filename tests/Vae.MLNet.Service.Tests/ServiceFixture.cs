using Vae.MLNet.Runs;
using Vae.MLNet.Training;
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
    public const string DatasetPath = "/srv/private/teams/data/fashion-mnist/";

    public string ModelDir { get; } = TestPaths.NewTempDirectory();
    private InProcessService _service = null!;
    public HttpClient Client => _service.Client;
    public OnnxVaeModel Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using (var engine = ExportedModels.Engine(Presets.Conv, ModelKind.Variational, LatentSize))
        {
            // Exported as a run would be, naming its training data by a path on the machine that trained it.
            var (encoder, decoder) = ModelExport.ToOnnx(engine, new TrainingOptions(), null, DatasetPath);
            File.WriteAllBytes(Path.Combine(ModelDir, "encoder.onnx"), encoder);
            File.WriteAllBytes(Path.Combine(ModelDir, "decoder.onnx"), decoder);
        }
        Reference = OnnxVaeModel.Open(ModelDir);
        _service = await InProcessService.StartAsync(new ServedModels(ModelDir, null), new ServiceOptions { MaxBatch = 64, MaxBodyBytes = 1 << 20 });
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        Reference.Dispose();
    }
}

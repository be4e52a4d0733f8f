using Vae.MLNet.Models;
using Vae.MLNet.OnnxRuntime;
using Vae.MLNet.Tests;

namespace Vae.MLNet.OnnxRuntime.Tests;

public class InferenceSessionTests
{
    private static InferenceSession DenseEncoder(out float[] expectedMu, int n = 3)
    {
        using var model = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, latent: 4);
        expectedMu = new float[n * 4];
        model.Encode(ExportedModels.RealImages(n), expectedMu, []);
        return InferenceSession.FromBytes(ExportedModels.Export(model).Encoder);
    }

    [Fact]
    public void LoadsTheRuntimeAndListsInputsOutputsAndMetadata()
    {
        Assert.Equal("1.30.0", InferenceSession.RuntimeVersion);
        Assert.Contains("CPUExecutionProvider", InferenceSession.AvailableProviders);
        using var session = DenseEncoder(out _);

        var input = Assert.Single(session.Inputs);
        Assert.Equal(("image", TensorInfo.Float32, "[N, 1, 28, 28]"), (input.Name, input.ElementType, input.ShapeText));
        Assert.Equal(["mu [N, 4]", "log_var [N, 4]"], session.Outputs.Select(o => $"{o.Name} {o.ShapeText}"));
        Assert.Equal("dense", session.Metadata["vae.preset"]);
        Assert.Equal("encoder", session.Metadata["vae.role"]);
        Assert.Equal("Vae.MLNet", session.ProducerName);
    }

    [Fact]
    public void RunWritesIntoCallerBuffers()
    {
        using var session = DenseEncoder(out var expected);
        var mu = new float[12];
        session.Run([FloatTensor.Input("image", ExportedModels.RealImages(3), 3, 1, 28, 28)], [new FloatTensor("mu", mu, [3, 4])]);
        for (int i = 0; i < mu.Length; i++) Assert.Equal(expected[i], mu[i], 1e-4f);
    }

    [Fact]
    public void ConcurrentRunsOnOneSessionGiveTheSameResults()
    {
        using var session = DenseEncoder(out var expected, n: 8);
        var images = ExportedModels.RealImages(8);
        var results = new float[16][];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var mu = new float[32];
            for (int k = 0; k < 20; k++)
                session.Run([FloatTensor.Input("image", images, 8, 1, 28, 28)], [new FloatTensor("mu", mu, [8, 4])]);
            results[i] = mu;
        });
        Assert.All(results, r => Assert.Equal(results[0], r));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], results[0][i], 1e-4f);
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        using var session = DenseEncoder(out _);
        var e = Assert.Throws<OnnxRuntimeException>(() =>
            session.Run([FloatTensor.Input("pixels", new float[784], 1, 1, 28, 28)], [new FloatTensor("mu", new float[4], [1, 4])]));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.Code);
        Assert.Equal("the model has no input 'pixels'; its inputs are: image.", e.Message);
    }

    [Fact]
    public void WrongShapeNamesBothShapes()
    {
        using var session = DenseEncoder(out _);
        var e = Assert.Throws<OnnxRuntimeException>(() =>
            session.Run([FloatTensor.Input("image", new float[1024], 1, 1, 32, 32)], [new FloatTensor("mu", new float[4], [1, 4])]));
        Assert.Equal("input 'image' has shape [1, 1, 32, 32]; the model expects [N, 1, 28, 28].", e.Message);
        var len = Assert.Throws<OnnxRuntimeException>(() =>
            session.Run([FloatTensor.Input("image", new float[700], 1, 1, 28, 28)], [new FloatTensor("mu", new float[4], [1, 4])]));
        Assert.Contains("has 700 floats; shape [1, 1, 28, 28] needs 784", len.Message);
    }

    [Fact]
    public void OrtsOwnErrorsCarryItsMessage()
    {
        using var session = DenseEncoder(out _);
        // Batch of the input and the output disagree: the binding's checks pass, ORT refuses.
        var e = Assert.Throws<OnnxRuntimeException>(() =>
            session.Run([FloatTensor.Input("image", new float[2 * 784], 2, 1, 28, 28)], [new FloatTensor("mu", new float[4], [1, 4])]));
        Assert.NotEqual(OrtErrorCode.Ok, e.Code);
        Assert.Contains("mu", e.Message);
    }

    [Fact]
    public void CorruptAndMissingFilesAreNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        var corrupt = Path.Combine(dir, "corrupt.onnx");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xFF]);
        var e = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.FromFile(corrupt));
        Assert.StartsWith($"model '{corrupt}': ", e.Message);
        Assert.Equal(OrtErrorCode.InvalidProtobuf, e.Code);

        var missing = Path.Combine(dir, "missing.onnx");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => InferenceSession.FromFile(missing)).Message);
    }

    [Fact]
    public void CudaFailsAtOnceNamingTheLibraryThatProvidesIt()
    {
        using var model = ExportedModels.Engine(Presets.Dense, ModelKind.Autoencoder, latent: 2);
        var bytes = ExportedModels.Export(model).Encoder;
        if (InferenceSession.AvailableProviders.Contains("CUDAExecutionProvider")) return; // a GPU build: nothing to refuse
        var e = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.FromBytes(bytes, new SessionOptions { ExecutionProvider = "cuda" }));
        Assert.Equal(OrtErrorCode.EpFail, e.Code);
        Assert.Contains("libonnxruntime_providers_cuda.so", e.Message);
    }

    [Fact]
    public void DisposedSessionRefusesToRun()
    {
        var session = DenseEncoder(out _);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() =>
            session.Run([FloatTensor.Input("image", new float[784], 1, 1, 28, 28)], [new FloatTensor("mu", new float[4], [1, 4])]));
    }
}

using Vae.MLNet.Models;
using Vae.MLNet.Scoring;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Scoring.Tests;

/// <summary>What <see cref="OnnxVaeModel"/> refuses, on models the ONNX writer wrote from seeded weights.</summary>
public class OnnxVaeModelTests
{
    [Fact]
    public void FilesThatAreNotAnEncoderAreRefusedWithTheReason()
    {
        var (encoder, decoder) = SeededModels.Export(Presets.Dense, ModelKind.Variational, latent: 3);
        var swapped = Assert.Throws<InvalidDataException>(() => OnnxVaeModel.FromBytes(decoder, decoder));
        Assert.Contains("encoder bytes: no encoder output 'mu' (found: image [N, 1, 28, 28])", swapped.Message);

        var other = SeededModels.Export(Presets.Dense, ModelKind.Variational, latent: 4);
        var mismatch = Assert.Throws<InvalidDataException>(() => OnnxVaeModel.FromBytes(encoder, other.Decoder));
        Assert.Contains("encoder bytes gives latent size 3 but decoder bytes takes 4: the two files are not one model's", mismatch.Message);
    }

    [Fact]
    public void WrongBufferSizesAreRefused()
    {
        var (encoder, decoder) = SeededModels.Export(Presets.Dense, ModelKind.Autoencoder, latent: 3);
        using var onnx = OnnxVaeModel.FromBytes(encoder, decoder);
        Assert.Contains("images has 100 floats", Assert.Throws<ArgumentException>(() => onnx.Encode(new float[100], new float[3])).Message);
        Assert.Contains("no log_var output", Assert.Throws<ArgumentException>(() => onnx.Encode(new float[784], new float[3], new float[3])).Message);
    }

    [Fact]
    public void CorruptModelBytesAndCudaOnTheCpuBuildAreRefusedWithWhatToDo()
    {
        var (encoder, decoder) = SeededModels.Export(Presets.Dense, ModelKind.Autoencoder, latent: 3);
        var corrupt = Assert.Throws<InvalidDataException>(() => OnnxVaeModel.FromBytes(encoder[..100], decoder));
        Assert.StartsWith("encoder bytes: ONNX Runtime cannot load this model", corrupt.Message);
        var cuda = Assert.Throws<ArgumentException>(() => OnnxVaeModel.FromBytes(encoder, decoder, new OnnxScoringOptions { Device = "cuda" }));
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux", cuda.Message);
        Assert.Contains("CPUExecutionProvider", cuda.Message);
    }
}

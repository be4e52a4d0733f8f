using Vae.MLNet.Models;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Engine.Tests;

public class EngineTests
{
    private static TorchVaeModel NewModel(string preset = Presets.Dense, ModelKind kind = ModelKind.Variational, int latent = 3, ulong seed = 1)
    {
        return TorchVaeModel.Create(Presets.Create(preset, kind, latent), seed: seed);
    }

    [Fact]
    public void FreeBitsKlFloorsTheBatchMeanKlOfEachDimension()
    {
        // μ = [[1, 0], [3, 0]], log σ² = 0: KL_ij = ½ μ², so the batch means are 2.5 and 0 nats per dimension.
        using var scope = TorchSharp.torch.NewDisposeScope();
        var mu = TorchSharp.torch.tensor(new float[] { 1, 0, 3, 0 }).reshape(2, 2);
        var logVar = TorchSharp.torch.zeros(2, 2);
        Assert.Equal(2.5, VaeLossFunction.FreeBitsKl(mu, logVar, 0).item<float>(), 6);   // no floor: the batch-mean KL
        Assert.Equal(3.0, VaeLossFunction.FreeBitsKl(mu, logVar, 0.5).item<float>(), 6); // 2.5 + max(0.5, 0)
        Assert.Equal(6.0, VaeLossFunction.FreeBitsKl(mu, logVar, 3).item<float>(), 6);   // max(3, 2.5) + max(3, 0)
    }

    [Fact]
    public void ParametersAreNamedAsPyTorchNamesThem()
    {
        using var model = NewModel(Presets.Conv);
        var names = model.Parameters.Select(p => $"{p.Name} [{string.Join(",", p.Shape)}]").ToArray();
        Assert.Equal("encoder.0.weight [32,1,3,3]", names[0]);
        Assert.Contains("mu.weight [3,16]", names);
        Assert.Contains("log_var.bias [3]", names);
        Assert.Equal("decoder.7.bias [1]", names[^1]);
    }

    [Fact]
    public void TheActivationBeforeTheFlattenGetsAnNchwInputSoItsBackwardUsesOneLayout()
    {
        // conv-leaky's encoder: conv, leaky, conv, leaky, flatten, …: the convolutions run channels-last,
        // the leaky ReLU in front of the flatten on an NCHW copy (ChannelsLast.ContiguousInput).
        using var scope = TorchSharp.torch.NewDisposeScope();
        var encoder = LayerFactory.Sequential("encoder", Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 2).Encoder);
        var inputs = new Dictionary<string, (long ChannelStride, bool Contiguous)>(); // what each layer computed on
        foreach (var (name, module) in encoder.named_children())
            ((TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)module).register_forward_hook(
                (_, input, output) =>
                {
                    inputs[name] = (input.dim() == 4 ? input.stride(1) : 0, input.is_contiguous());
                    return output;
                }
            );
        var images = TorchSharp.torch.rand(4, 1, 28, 28);
        var x = ChannelsLast.Of(images).requires_grad_();
        var features = encoder.call(x);
        Assert.Equal(1, inputs["1"].ChannelStride); // the first leaky ReLU: channels-last, as its convolution left it
        Assert.True(inputs["3"].Contiguous); // the one before the flatten computes on NCHW (7·7 between channels) …
        Assert.Equal(49, inputs["3"].ChannelStride);
        Assert.True(inputs["4"].Contiguous); // … and passes NCHW on, so the flatten is a view

        // The same function as without the copy: the gradient equals the one computed in NCHW throughout.
        var gradient = TorchSharp.torch.autograd.grad([features.square().sum()], [x])[0];
        var plain = images.detach().requires_grad_();
        var h = plain;
        foreach (var (_, module) in encoder.named_children())
            h = ((TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)module).call(h.contiguous());
        var expected = TorchSharp.torch.autograd.grad([h.square().sum()], [plain])[0];
        Assert.True(gradient.allclose(expected, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void AutoencoderHasNoLogVarHeadAndNoKl()
    {
        using var model = NewModel(kind: ModelKind.Autoencoder);
        Assert.DoesNotContain(model.Parameters, p => p.Name.StartsWith("log_var", StringComparison.Ordinal));
        var images = Numerics.RealImages(4);
        var sums = model.EvaluateSums(images, 1.0, ReconstructionLoss.Bce);
        Assert.Equal(0, sums.Kl);
        Assert.Equal(sums.Reconstruction, sums.Total);
    }

    [Fact]
    public void SetParameterRoundTripsAndChecksSize()
    {
        using var model = NewModel();
        var values = Enumerable.Range(0, (int)model.Parameters[1].ElementCount).Select(i => i * 0.5f).ToArray();
        model.SetParameter(1, values);
        Assert.Equal(values, model.GetParameter(1));
        var e = Assert.Throws<TorchEngineException>(() => model.SetParameter(1, new float[3]));
        Assert.Equal(TorchErrorCode.Argument, e.Code);
        Assert.Contains("parameter has 512 elements, buffer has 3", e.Message);
    }

    [Fact]
    public void CheckpointRoundTripRestoresWeightsAndOutputs()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "model.pt");
        var images = Numerics.RealImages(5);
        var (muBefore, muAfter) = (new float[15], new float[15]);
        using (var model = NewModel(seed: 1))
        {
            model.SetOptimizer(OptimizerKind.Adam, 1e-3);
            model.TrainStep(images, 1.0, ReconstructionLoss.Bce);
            model.Encode(images, muBefore, []);
            model.Save(path);
        }
        using var restored = NewModel(seed: 2);
        restored.SetOptimizer(OptimizerKind.Adam, 1e-3);
        restored.Load(path);
        restored.Encode(images, muAfter, []);

        Assert.Equal(muBefore, muAfter);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void LoadingAnotherArchitecturesCheckpointFailsClearly()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "dense.pt");
        using (var dense = NewModel(latent: 3)) dense.Save(path);
        using var other = NewModel(latent: 4);
        var e = Assert.Throws<TorchEngineException>(() => other.Load(path));
        Assert.Contains("different architecture", e.Message);
        Assert.Contains(path, e.Message);

        var missing = Path.Combine(Path.GetDirectoryName(path)!, "missing.pt");
        var io = Assert.Throws<TorchEngineException>(() => other.Load(missing));
        Assert.Equal(TorchErrorCode.Io, io.Code);
        Assert.Contains(missing, io.Message);
    }

    [Fact]
    public void ACheckpointOfTheOlderEngineIsRefusedWithWhatToDo()
    {
        var dir = TestPaths.NewTempDirectory();
        string old = Path.Combine(dir, "checkpoint.pt");
        using (var zip = System.IO.Compression.ZipFile.Open(old, System.IO.Compression.ZipArchiveMode.Create))
            zip.CreateEntry("archive/data.pkl"); // the libtorch archive layout the C++ engine wrote
        using var model = NewModel();
        var e = Assert.Throws<TorchEngineException>(() => model.Load(old));
        Assert.Equal(TorchErrorCode.Io, e.Code);
        Assert.Contains($"checkpoint '{old}' was written by an older engine", e.Message);
        Assert.Contains("to export them again, use the version that trained it, or train the model again", e.Message);

        string text = Path.Combine(dir, "notes.txt");
        File.WriteAllText(text, "not a checkpoint at all");
        Assert.Contains($"'{text}' is not a Vae.MLNet checkpoint", Assert.Throws<TorchEngineException>(() => model.Load(text)).Message);
    }

    [Fact]
    public void ATruncatedCheckpointNamesTheFile()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "model.pt");
        using var model = NewModel();
        model.SetOptimizer(OptimizerKind.Adam, 1e-3);
        model.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<TorchEngineException>(() => model.Load(path));
        Assert.Equal(TorchErrorCode.Io, e.Code);
        Assert.Equal($"checkpoint '{path}' is damaged: its contents do not match the SHA-256 checksum written with them "
            + "(the file was changed or cut short after it was written)", e.Message);
    }

    [Fact]
    public void ACheckpointWithOneBitChangedIsRefusedAndTheSavedOneRoundTrips()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory(), "model.pt");
        using var model = NewModel();
        model.SetOptimizer(OptimizerKind.Adam, 1e-3);
        model.Save(path, "state");
        Assert.Equal("state", TorchVaeModel.ReadCallerState(path));
        Assert.Equal("state", model.Load(path));

        var bytes = File.ReadAllBytes(path);
        // Layout 2 (before checksums) still loads: the same bytes without the checksum, version 2.
        var older = bytes[..^32];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(older.AsSpan(TorchVaeModel.CheckpointMagic.Length), 2);
        string olderPath = path + ".v2";
        File.WriteAllBytes(olderPath, older);
        Assert.Equal("state", model.Load(olderPath));

        bytes[bytes.Length / 3] ^= 0x01; // one bit of the weights
        File.WriteAllBytes(path, bytes);
        Assert.Contains("is damaged", Assert.Throws<TorchEngineException>(() => model.Load(path)).Message);
        Assert.Contains("is damaged", Assert.Throws<TorchEngineException>(() => TorchVaeModel.ReadCallerState(path)).Message);
    }

    [Fact]
    public void MalformedArchitectureIsRejectedWithItsLayer()
    {
        var spec = new ArchitectureSpec("custom", ImageShape.Mnist, ModelKind.Variational, 2, 10,
            [LayerSpec.Flatten(), new LayerSpec("conv3d", [1, 2])], [LayerSpec.Linear(2, 784), LayerSpec.Unflatten(1, 28, 28)]);
        var e = Assert.Throws<TorchEngineException>(() => TorchVaeModel.Create(spec));
        Assert.Equal(TorchErrorCode.Argument, e.Code);
        Assert.Contains("architecture: encoder layer 1 (conv3d 1 2): unknown layer 'conv3d'", e.Message);
    }

    [Fact]
    public void WrongHeadWidthIsReportedAtTheFirstForwardPass()
    {
        var spec = new ArchitectureSpec("custom", ImageShape.Mnist, ModelKind.Variational, 2, 10,
            [LayerSpec.Flatten(), LayerSpec.Linear(784, 12)], [LayerSpec.Linear(2, 784), LayerSpec.Unflatten(1, 28, 28)]);
        using var model = TorchVaeModel.Create(spec);
        var e = Assert.Throws<TorchEngineException>(() => model.Encode(Numerics.RealImages(1), new float[2], []));
        Assert.Contains("encoder output has shape [1, 12], expected [n, 10]", e.Message);
    }

    [Fact]
    public void BadBuffersAreRejectedBeforeTheEngine()
    {
        using var model = NewModel();
        Assert.Contains("multiple of 784", Assert.Throws<ArgumentException>(() => model.TrainStep(new float[100], 1, ReconstructionLoss.Bce)).Message);
        Assert.Contains("mu has 2 floats; expected 3", Assert.Throws<ArgumentException>(() => model.Encode(new float[784], new float[2], [])).Message);
        var noOptimizer = Assert.Throws<TorchEngineException>(() => model.TrainStep(new float[784], 1, ReconstructionLoss.Bce));
        Assert.Contains("no optimizer", noOptimizer.Message);
        var badOptimizer = Assert.Throws<TorchEngineException>(() => model.SetOptimizer((OptimizerKind)7, 0.1));
        Assert.Contains("unknown optimizer 7 (expected adam or adamax)", badOptimizer.Message);
    }

    [Fact]
    public void DecodedImagesAreProbabilities()
    {
        using var model = NewModel(Presets.ConvPool);
        var images = new float[2 * 784];
        model.Decode(Numerics.Normal(6, seed: 1), images);
        Assert.All(images, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void CudaFailsAtOnceWithBuildInstructionsOnACpuOnlyBuild()
    {
        if (TorchRuntime.CudaAvailable)
        {
            using var gpu = TorchVaeModel.Create(Presets.Create(Presets.Dense, ModelKind.Variational, 2), TorchRuntime.Cuda);
            Assert.Equal("cuda", gpu.Device);
            return;
        }
        var e = Assert.Throws<TorchEngineException>(() => TorchVaeModel.Create(Presets.Create(Presets.Dense, ModelKind.Variational, 2), TorchRuntime.Cuda));
        Assert.Equal(TorchErrorCode.Device, e.Code);
        Assert.Contains("TorchSharp-cuda-linux", e.Message);
        Assert.Contains("(device \"cpu\")", e.Message);
        Assert.Throws<ArgumentException>(() => TorchRuntime.EnsureDevice("tpu"));
    }

    [Fact]
    public void ThreadCountIsApplied()
    {
        Assert.Equal(1, TorchRuntime.SetThreads(1));
        Assert.Equal(1, TorchRuntime.Threads);
        int resolved = TorchRuntime.SetThreads(0);
        Assert.InRange(resolved, 1, Environment.ProcessorCount);
        Assert.Equal(resolved, TorchRuntime.Threads);
    }

    [Fact]
    public void DefaultThreadsAreTheCoresAvailableWhateverRunsBeside()
    {
        using var busy = System.Diagnostics.Process.Start("/bin/sh", ["-c", "while :; do :; done"]);
        try
        {
            Thread.Sleep(100);
            Assert.Equal(Environment.ProcessorCount, TorchRuntime.DefaultThreads());
        }
        finally
        {
            busy.Kill();
            busy.WaitForExit();
        }
    }
}

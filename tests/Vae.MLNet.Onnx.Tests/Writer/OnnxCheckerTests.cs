using System.Diagnostics;
using Onnx;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Onnx.Tests;

public class OnnxCheckerTests
{
    public static TheoryData<string, ModelKind> Cases()
    {
        var data = new TheoryData<string, ModelKind>();
        foreach (var preset in Presets.Names)
        foreach (var kind in new[] { ModelKind.Variational, ModelKind.Autoencoder })
            data.Add(preset, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheOnnxCheckerAcceptsEveryExport(string preset, ModelKind kind) =>
        AssertCheckerAccepts(SeededModels.Export(preset, kind), kind);

    // The default preset for 36×50 colour images: per-axis output padding in its ConvTranspose nodes.
    [Fact]
    public void TheOnnxCheckerAcceptsAnExportForColourImagesOfAnotherSize()
    {
        var spec = Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 4, new ImageShape(3, 36, 50));
        AssertCheckerAccepts(SeededModels.Export(spec), ModelKind.Variational);
        var input = ModelProto.Parser.ParseFrom(SeededModels.Export(spec).Encoder).Graph.Input.Single();
        Assert.Equal(["3", "36", "50"], input.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue.ToString()));
    }

    private static void AssertCheckerAccepts((byte[] Encoder, byte[] Decoder) export, ModelKind kind)
    {
        var (encoder, decoder) = export;
        var dir = TestPaths.NewTempDirectory();
        File.WriteAllBytes(Path.Combine(dir, "encoder.onnx"), encoder);
        File.WriteAllBytes(Path.Combine(dir, "decoder.onnx"), decoder);

        var psi = new ProcessStartInfo(TestPaths.Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(
            "import onnx, sys\nfor p in sys.argv[1:]:\n  m = onnx.load(p); onnx.checker.check_model(m, full_check=True)\n  print(p, m.ir_version, m.opset_import[0].version, [o.name for o in m.graph.output])"
        );
        psi.ArgumentList.Add(Path.Combine(dir, "encoder.onnx"));
        psi.ArgumentList.Add(Path.Combine(dir, "decoder.onnx"));
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd(),
            stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();

        Assert.True(p.ExitCode == 0, stderr);
        string outputs = kind == ModelKind.Variational ? "['mu', 'log_var']" : "['mu']";
        Assert.Contains($"encoder.onnx 8 17 {outputs}", stdout);
        Assert.Contains("decoder.onnx 8 17 ['image']", stdout);
    }

    [Fact]
    public void GraphHasDynamicBatchWeightsAsInitializersAndMetadata()
    {
        var spec = Presets.Create(Presets.Conv, ModelKind.Variational, 4);
        var weights = SeededModels.Weights(spec);
        var encoder = ModelProto.Parser.ParseFrom(SeededModels.Export(spec).Encoder);

        var input = Assert.Single(encoder.Graph.Input);
        Assert.Equal("image", input.Name);
        Assert.Equal(
            ["N", "1", "28", "28"],
            input.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString())
        );
        Assert.Equal(2 * (spec.Encoder.Count(l => l.Op is "linear" or "conv2d") + 2), encoder.Graph.Initializer.Count); // weight and bias of each layer and head
        var w = encoder.Graph.Initializer.Single(t => t.Name == "encoder.0.weight");
        Assert.Equal(
            weights.Get("encoder.0.weight", 32, 1, 3, 3).Values,
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(w.RawData.Span).ToArray()
        );
        Assert.Contains(encoder.MetadataProps, e => e.Key == OnnxContract.Metadata.Role && e.Value == "encoder");
        Assert.Contains(encoder.MetadataProps, e => e.Key == OnnxContract.Metadata.Preset && e.Value == "conv");
        Assert.Equal("Vae.MLNet", encoder.ProducerName);
    }

    [Fact]
    public void MissingOrMisshapenWeightsAreNamed()
    {
        var spec = Presets.Create(Presets.Dense, ModelKind.Variational, 2);
        var weights = new ModelWeights([new WeightTensor("encoder.1.weight", [512, 700], new float[512 * 700])]);
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Encoder(spec, weights, new Dictionary<string, string>()));
        Assert.Contains("weight 'encoder.1.weight' has shape [512, 700], the architecture needs [512, 784]", e.Message);
    }
}

// ModelLoadProbe MODEL.zip IMAGES.bin OUT.bin
// IMAGES.bin: n × 784 float32 (pixels in [0, 1]); OUT.bin: per row, PredictedLabel (as float32) then Latent.
// ModelLoadProbe MODEL.zip PATHS.txt OUT.bin
// PATHS.txt: one image file per line, for a model whose pipeline starts at LoadImages(ImagePath); OUT.bin: each row's Latent.
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext();
if (args[1].EndsWith(".txt", StringComparison.Ordinal))
{
    var paths = File.ReadAllLines(args[1]).Select(p => new PathInput { ImagePath = p }).ToList();
    var loaded = ml.Model.Load(args[0], out _);
    var latents = ml.Data.CreateEnumerable<LatentOutput>(loaded.Transform(ml.Data.LoadFromEnumerable(paths)), reuseRowObject: false);
    File.WriteAllBytes(args[2], MemoryMarshal.AsBytes(latents.SelectMany(r => r.Latent).ToArray().AsSpan()).ToArray());
    (loaded as IDisposable)?.Dispose();
    Console.WriteLine($"scored {paths.Count} images");
    return;
}
var pixels = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(args[1])).ToArray();
var rows = Enumerable.Range(0, pixels.Length / 784).Select(i => new Input { Image = pixels[(i * 784)..((i + 1) * 784)] });
var model = ml.Model.Load(args[0], out _);
var output = model.Transform(ml.Data.LoadFromEnumerable(rows));
var result = new List<float>();
foreach (var row in ml.Data.CreateEnumerable<Output>(output, reuseRowObject: false))
{
    result.Add(row.PredictedLabel);
    result.AddRange(row.Latent);
}
File.WriteAllBytes(args[2], MemoryMarshal.AsBytes(result.ToArray().AsSpan()).ToArray());
(model as IDisposable)?.Dispose(); // removes the temporary copies of the embedded ONNX files
Console.WriteLine($"scored {result.Count} values");

internal sealed class Input
{
    public float Label { get; set; }
    [VectorType(784)]
    public float[] Image { get; set; } = [];
}

internal sealed class Output
{
    public uint PredictedLabel { get; set; }
    public float[] Latent { get; set; } = [];
}

internal sealed class PathInput
{
    public string Label { get; set; } = "";
    public string ImagePath { get; set; } = "";
}

internal sealed class LatentOutput
{
    public float[] Latent { get; set; } = [];
}

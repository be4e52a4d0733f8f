using Vae.MLNet.Runs;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Tests;
using Vae.MLNet.Training;

namespace Vae.MLNet.Featurizer.Tests;

/// <summary>
/// Bad input through the ML.NET API, as the CLI's corpus does it through the command line: each case
/// throws the documented exception with a message naming the option, column, row or file and what was
/// expected, and leaves every model folder as it was (SHA-256 of each file before and after).
/// </summary>
public class ApiBadInputCorpusTests(ApiBadInputCorpusTests.Folders folders) : IClassFixture<ApiBadInputCorpusTests.Folders>
{
    /// <summary>Model folders: a VAE (d = 3), an AE, one whose decoder takes d = 10, one of two exports, a corrupt one, an empty one.</summary>
    public sealed class Folders
    {
        public Folders()
        {
            using var vae = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, latent: 3, seed: 1);
            using var other = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, latent: 3, seed: 2);
            using var wide = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, latent: 10, seed: 1);
            var (a, b) = (ModelExport.ToOnnx(vae, new TrainingOptions(), null), ModelExport.ToOnnx(other, new TrainingOptions(), null));
            Vae = Write("vae", a.Encoder, a.Decoder);
            Mixed = Write("mixed", a.Encoder, b.Decoder);
            Mismatch = Write("mismatch", a.Encoder, ModelExport.ToOnnx(wide, new TrainingOptions(), null).Decoder);
            Corrupt = Write("corrupt", "not a model"u8.ToArray(), a.Decoder);
            NoDecoder = Write("no-decoder", a.Encoder, null);
            Autoencoder = ExportedModels.WriteFolder(ExportedModels.Engine(Presets.Dense, ModelKind.Autoencoder, 3));
            var damaged = a.Encoder.ToArray();
            damaged[damaged.Length / 2] ^= 0x20; // one bit of the weights
            Damaged = Write("damaged", damaged, a.Decoder);
            // Paths that are not regular files, apart from Root (taking their checksums would block).
            Directory.CreateDirectory(Path.Combine(Special, "fifo-model"));
            File.WriteAllBytes(Path.Combine(Special, "fifo-model", OnnxContract.DecoderFile), a.Decoder);
            foreach (var fifo in new[] { Path.Combine(Special, "fifo-model", OnnxContract.EncoderFile), Path.Combine(Special, "fifo-images") })
                using (var p = System.Diagnostics.Process.Start("mkfifo", fifo)!)
                    p.WaitForExit();
        }

        public string Special { get; } = TestPaths.NewTempDirectory();
        public string Damaged { get; }

        public string Root { get; } = TestPaths.NewTempDirectory();
        public string Vae { get; }
        public string Mixed { get; }
        public string Mismatch { get; }
        public string Corrupt { get; }
        public string NoDecoder { get; }
        public string Autoencoder { get; }

        private string Write(string name, byte[] encoder, byte[]? decoder)
        {
            string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
            File.WriteAllBytes(Path.Combine(dir, OnnxContract.EncoderFile), encoder);
            if (decoder is not null) File.WriteAllBytes(Path.Combine(dir, OnnxContract.DecoderFile), decoder);
            return dir;
        }
    }

    private static readonly MLContext Ml = new(seed: 0);

    public static TheoryData<string> Cases => new(CaseList.Select(c => c.Name));

    private static readonly (string Name, Type Exception, string Message, Action<Folders> Act)[] CaseList =
    [
        // The model folder
        ("encoder d = 3, decoder d = 10", typeof(InvalidDataException), "gives latent size 3 but {F}/mismatch/decoder.onnx takes 10: the two files are not one model's",
            f => Ml.Transforms.VaeFeaturizer(f.Mismatch).Fit(Images(2))),
        ("encoder and decoder of two exports", typeof(InvalidDataException), "{F}/mixed/encoder.onnx and {F}/mixed/decoder.onnx come from different exports (vae.export_id ",
            f => Ml.Transforms.VaeFeaturizer(f.Mixed).Fit(Images(2))),
        ("corrupt encoder.onnx", typeof(InvalidDataException), "{F}/corrupt/encoder.onnx: not an ONNX model",
            f => Ml.Transforms.VaeFeaturizer(f.Corrupt).Fit(Images(2))),
        ("no decoder.onnx", typeof(FileNotFoundException), "{F}/no-decoder/decoder.onnx not found",
            f => Ml.Transforms.VaeFeaturizer(f.NoDecoder).Fit(Images(2))),
        ("a folder that does not exist", typeof(ArgumentException), "VaeFeaturizerOptions.ModelDirectory: '{F}/nothing' is not a folder",
            f => Ml.Transforms.VaeFeaturizer(Path.Combine(f.Root, "nothing"))),
        ("neither a folder nor a trainer", typeof(ArgumentException), "set ModelDirectory (a folder with encoder.onnx and decoder.onnx) or Trainer",
            _ => Ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions())),
        ("an empty latent column name", typeof(ArgumentException), "VaeFeaturizerOptions.LatentColumnName must be a column name",
            f => Ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = f.Vae, LatentColumnName = " " })),
        ("negative ONNX Runtime threads", typeof(ArgumentOutOfRangeException), "VaeFeaturizerOptions.IntraOpThreads must be ≥ 0",
            f => Ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = f.Vae, IntraOpThreads = -1 })),
        ("a GPU device on the CPU build of ONNX Runtime", typeof(ArgumentException), "VaeFeaturizerOptions.GpuDeviceId 0: the loaded ONNX Runtime 1.32.0 has only CPUExecutionProvider: CUDA needs the native package Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0",
            f => Ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = f.Vae, GpuDeviceId = 0 })),
        ("a negative GPU device", typeof(ArgumentOutOfRangeException), "VaeFeaturizerOptions.GpuDeviceId must be a CUDA device number ≥ 0",
            f => Ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = f.Vae, GpuDeviceId = -1 })),
        ("log σ² of an autoencoder", typeof(InvalidDataException), "asks for log σ², but",
            f => Ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = f.Autoencoder, LatentLogVarColumnName = "LogVar" }).Fit(Images(2))),
        ("an image column of 100 values", typeof(ArgumentOutOfRangeException), "column 'Image' is Vector<Single, 100>; expected Vector<Single, 784>",
            f => Ml.Transforms.VaeFeaturizer(f.Vae).Fit(Ml.Data.LoadFromEnumerable(new[] { new PipelineTests.SmallRow() }))),
        ("no such image column", typeof(ArgumentOutOfRangeException), "no column 'Pixels'",
            f => Ml.Transforms.VaeFeaturizer(f.Vae, inputColumnName: "Pixels").Fit(Images(2))),
        // The featurizer checks the rows Fit sees, as the service checks a request (issue 36, §6)
        ("Fit on 0–255 pixels with the default scale", typeof(ArgumentOutOfRangeException),
            "VaeFeaturizer.Fit input: column 'Image', row 0, pixel 100 = 255 is outside [0, 1]: these look like 0–255 pixels; set PixelScale.Bytes",
            f => Ml.Transforms.VaeFeaturizer(f.Vae).Fit(Images(3, (0, 100, 255f)))),
        ("Fit on a NaN pixel", typeof(ArgumentOutOfRangeException), "VaeFeaturizer.Fit input: column 'Image', row 2, pixel 7 = NaN is not finite",
            f => Ml.Transforms.VaeFeaturizer(f.Vae).Fit(Images(3, (2, 7, float.NaN)))),
        // Empty data: named, not "Must be greater than zero (Parameter 'count')" nor a model trained on nothing
        ("EvaluateVaeLikelihood on no rows", typeof(ArgumentException), "EvaluateVaeLikelihood input: column 'Image' holds no rows; there is nothing to evaluate.",
            f => Ml.Model.EvaluateVaeLikelihood(f.Vae, Images(0))),
        ("training in Fit on no rows", typeof(Vae.MLNet.Data.DataFormatException), "the data given to VaeFeaturizer.Fit: holds 0 images; training needs at least 2.",
            f => Ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { Trainer = new VaeModelTrainer(new TrainingOptions { Epochs = 1 }, Path.Combine(TestPaths.NewTempDirectory(), "run")) }).Fit(Images(0))),
        // Likelihood: pixels are checked as the service checks them
        ("a NaN pixel", typeof(ArgumentOutOfRangeException), "EvaluateVaeLikelihood input: column 'Image', row 1, pixel 5 = NaN is not finite",
            f => Ml.Model.EvaluateVaeLikelihood(f.Vae, Images(3, (1, 5, float.NaN)))),
        ("an infinite pixel", typeof(ArgumentOutOfRangeException), "row 0, pixel 0 = -Infinity is not finite",
            f => Ml.Model.EvaluateVaeLikelihood(f.Vae, Images(3, (0, 0, float.NegativeInfinity)))),
        ("0–255 pixels with the default scale", typeof(ArgumentOutOfRangeException), "row 0, pixel 100 = 255 is outside [0, 1]: these look like 0–255 pixels; set PixelScale.Bytes",
            f => Ml.Model.EvaluateVaeLikelihood(f.Vae, Images(3, (0, 100, 255f)))),
        ("a negative pixel", typeof(ArgumentOutOfRangeException), "row 2, pixel 783 = -0.5 is outside [0, 1]",
            f => Ml.Model.EvaluateVaeLikelihood(f.Vae, Images(3, (2, 783, -0.5f)))),
        ("a pixel above 255 with PixelScale.Bytes", typeof(ArgumentOutOfRangeException), "row 0, pixel 1 = 300 is outside [0, 255] (PixelScale.Bytes)",
            f => Ml.Model.EvaluateVaeLikelihood(f.Vae, Images(3, (0, 1, 300f)), pixelScale: PixelScale.Bytes)),
        ("k = 0 importance samples", typeof(ArgumentOutOfRangeException), "samples",
            f => Ml.Model.EvaluateVaeLikelihood(f.Vae, Images(3), samples: 0)),
        ("likelihood of a mixed pair", typeof(InvalidDataException), "come from different exports",
            f => Ml.Model.EvaluateVaeLikelihood(f.Mixed, Images(3))),
        ("likelihood of a folder without decoder", typeof(FileNotFoundException), "{F}/no-decoder/decoder.onnx not found",
            f => Ml.Model.EvaluateVaeLikelihood(f.NoDecoder, Images(3))),
        // Silhouette
        ("a NaN feature", typeof(ArgumentException), "EvaluateSilhouette: column 'Latent' grouped by 'Label': row 1, dimension 2 = NaN is not finite",
            _ => Ml.Clustering.EvaluateSilhouette(Latents((1, 2, float.NaN)))),
        ("an infinite feature", typeof(ArgumentException), "row 3, dimension 0 = Infinity is not finite",
            _ => Ml.Clustering.EvaluateSilhouette(Latents((3, 0, float.PositiveInfinity)))),
        ("one group only", typeof(ArgumentException), "the silhouette needs 2 to n − 1 distinct labels; got 1 labels",
            _ => Ml.Clustering.EvaluateSilhouette(Latents(classes: 1))),
        ("as many groups as points", typeof(ArgumentException), "got 6 labels for 6 points",
            _ => Ml.Clustering.EvaluateSilhouette(Latents(classes: 6))),
        ("no such feature column", typeof(ArgumentOutOfRangeException), "'Features'",
            _ => Ml.Clustering.EvaluateSilhouette(Latents(), featureColumnName: "Features")),
        ("no such label column", typeof(ArgumentOutOfRangeException), "'Class'",
            _ => Ml.Clustering.EvaluateSilhouette(Latents(), labelColumnName: "Class")),
        // Baselines and probes
        ("k = 0 neighbours", typeof(ArgumentOutOfRangeException), "neighbors",
            _ => Ml.MulticlassClassification.EvaluateAgainstBaselines(Latents(), Latents(), neighbors: 0)),
        ("one silhouette row", typeof(ArgumentOutOfRangeException), "silhouetteRows",
            _ => Ml.MulticlassClassification.EvaluateAgainstBaselines(Latents(), Latents(), silhouetteRows: 1)),
        // Loading data
        ("an IDX folder that does not exist", typeof(Vae.MLNet.Data.DataFormatException), "{F}/nothing: not found; expected a directory of MNIST-layout IDX files",
            f => Ml.Data.LoadFromIdxDirectory(Path.Combine(f.Root, "nothing"))),
        ("an IDX folder without IDX files", typeof(Vae.MLNet.Data.DataFormatException), "{F}/vae/train-images-idx3-ubyte.gz: not found",
            f => Ml.Data.LoadFromIdxDirectory(f.Vae)),
        // Null and undefined arguments: ArgumentNullException or ArgumentOutOfRangeException naming the parameter (issue 36, §6)
        ("Fit(null)", typeof(ArgumentNullException), "input", f => Ml.Transforms.VaeFeaturizer(f.Vae).Fit(null!)),
        ("LoadFromIdxDirectory(null)", typeof(ArgumentNullException), "directory", _ => Ml.Data.LoadFromIdxDirectory(null!)),
        ("an undefined IdxSplit", typeof(ArgumentOutOfRangeException), "expected IdxSplit.Train or IdxSplit.Test",
            _ => Ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, (IdxSplit)7)),
        ("EvaluateSilhouette(null)", typeof(ArgumentNullException), "data", _ => Ml.Clustering.EvaluateSilhouette(null!)),
        ("EvaluateVaeLikelihood(null data)", typeof(ArgumentNullException), "data", f => Ml.Model.EvaluateVaeLikelihood(f.Vae, null!)),
        ("EvaluateAgainstBaselines(null)", typeof(ArgumentNullException), "train", _ => Ml.MulticlassClassification.EvaluateAgainstBaselines(null!, Latents())),
        ("LoadFromImageFolder(null)", typeof(ArgumentNullException), "folder", _ => Ml.Data.LoadFromImageFolder(null!)),
        ("an image folder without class folders", typeof(Vae.MLNet.Data.DataFormatException), "{F}/vae: holds no class folders",
            f => Ml.Data.LoadFromImageFolder(f.Vae)),
        ("an ONNX file given as IDX images", typeof(Vae.MLNet.Data.DataFormatException), "{F}/vae/encoder.onnx: magic number",
            f => Ml.Data.LoadFromIdx(Path.Combine(f.Vae, "encoder.onnx"), Path.Combine(TestPaths.FashionMnist, "t10k-labels-idx1-ubyte.gz"))),
        // Files that changed since they were written, and paths that are not regular files (issue 36, §4 and §5)
        ("an encoder.onnx with one bit changed", typeof(InvalidDataException),
            "{F}/damaged/encoder.onnx: is damaged: its contents do not match the SHA-256 checksum written with them (vae.sha256)",
            f => Ml.Transforms.VaeFeaturizer(f.Damaged).Fit(Images(2))),
        ("an encoder.onnx that is a named pipe", typeof(InvalidDataException),
            "{S}/fifo-model/encoder.onnx: is a named pipe, device or socket, not a file; reading it could block forever",
            f => Ml.Transforms.VaeFeaturizer(Path.Combine(f.Special, "fifo-model")).Fit(Images(2))),
        ("IDX images that are a named pipe", typeof(Vae.MLNet.Data.DataFormatException),
            "{S}/fifo-images: is a named pipe, device or socket, not a file; reading it could block forever",
            f => Ml.Data.LoadFromIdx(Path.Combine(f.Special, "fifo-images"), Path.Combine(TestPaths.FashionMnist, "t10k-labels-idx1-ubyte.gz"))),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithItsExceptionAMessageNamingItAndNoFileTouched(string name)
    {
        var (_, type, message, act) = CaseList.Single(c => c.Name == name);
        var before = Snapshot(folders.Root);

        var e = Record.Exception(() => act(folders));

        Assert.NotNull(e);
        Assert.IsType(type, e);
        Assert.Contains(message.Replace("{F}", folders.Root).Replace("{S}", folders.Special), e.Message);
        Assert.Equal(before, Snapshot(folders.Root));
    }

    [Fact]
    public void AGpuDeviceWithFallbackToCpuRunsOnTheCpuWithTheSameLatents()
    {
        var data = Images(4);
        string folder = TestPaths.NewTempDirectory();
        foreach (var file in new[] { OnnxContract.EncoderFile, OnnxContract.DecoderFile }) File.Copy(Path.Combine(folders.Vae, file), Path.Combine(folder, file));
        float[] Latents(VaeFeaturizerOptions o) => Ml.Data.CreateEnumerable<LatentRow>(Ml.Transforms.VaeFeaturizer(o).Fit(data).Transform(data), false).SelectMany(r => r.Latent).ToArray();
        Assert.Equal(Latents(new VaeFeaturizerOptions { ModelDirectory = folder }),
                     Latents(new VaeFeaturizerOptions { ModelDirectory = folder, GpuDeviceId = 0, FallbackToCpu = true }));
    }

    [Fact]
    public void IdenticalPointsInTwoGroupsScoreZeroNotNaN()
    {
        var rows = Enumerable.Range(0, 8).Select(i => new LatentRow { Label = i % 2, Latent = [1f, 2f, 3f] });
        var s = Ml.Clustering.EvaluateSilhouette(Ml.Data.LoadFromEnumerable(rows));
        Assert.Equal(0, s.Mean); // scikit-learn's silhouette_score gives 0 here too
    }

    private static IDataView Images(int count, (int Row, int Pixel, float Value)? bad = null)
    {
        var pixels = SeededModels.RealImages(count);
        var rows = Enumerable.Range(0, count).Select(i => new ImageRow { Label = i % 2, Image = pixels[(i * 784)..((i + 1) * 784)] }).ToArray();
        if (bad is { } b) rows[b.Row].Image[b.Pixel] = b.Value;
        return Ml.Data.LoadFromEnumerable(rows);
    }

    private static IDataView Latents((int Row, int Dimension, float Value)? bad = null, int classes = 2)
    {
        var rows = Enumerable.Range(0, 6).Select(i => new LatentRow { Label = i % classes, Latent = [i, i * 0.5f, 1 - i] }).ToArray();
        if (bad is { } b) rows[b.Row].Latent[b.Dimension] = b.Value;
        return Ml.Data.LoadFromEnumerable(rows);
    }

    // Every file with its SHA-256, and every folder.
    private static List<string> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order()
            .Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
            .Concat(Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Order().Select(d => Path.GetRelativePath(root, d) + "/")).ToList();

    private sealed class ImageRow
    {
        public float Label { get; set; }
        [VectorType(784)] public float[] Image { get; set; } = [];
    }

    private sealed class LatentRow
    {
        public float Label { get; set; }
        [VectorType(3)] public float[] Latent { get; set; } = [];
    }
}

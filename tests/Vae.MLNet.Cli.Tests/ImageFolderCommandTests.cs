using System.Text.Json;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

/// <summary>vae train, encode and report on a folder of images, one folder per class (real Fashion-MNIST images as PNG).</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ImageFolderCommandTests
{
    [Fact]
    public void AFolderTrainsAtTheSizeAskedAndEncodesAtTheModelsShape()
    {
        string data = WriteFolder(perClass: 12);
        string run = Path.Combine(TestPaths.NewTempDirectory(), "run");

        var r = CliRunner.Run("train", "--data", data, "--image-size", "20x24", "--latent", "3", "--epochs", "1", "--out", run);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("Data: 38 training, 2 validation, 8 test images.", r.Stdout); // 4 classes × (12 − 2 test), 5 % validation
        using var options = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "options.json")));
        var shape = options.RootElement.GetProperty("imageShape");
        Assert.Equal((1, 20, 24), (shape.GetProperty("channels").GetInt32(), shape.GetProperty("height").GetInt32(), shape.GetProperty("width").GetInt32()));

        string latents = Path.Combine(TestPaths.NewTempDirectory(), "z.csv");
        var e = CliRunner.Run("encode", run, data, "--split", "test", "--out", latents);
        Assert.True(e.ExitCode == 0, e.Stderr + e.Stdout);
        Assert.Equal(9, File.ReadAllLines(latents).Length); // a header and the 8 test images
    }

    [Fact]
    public void BadFoldersAndSizesAreRefusedNamingTheFlagOrTheFile()
    {
        string data = WriteFolder(perClass: 3);
        File.WriteAllBytes(Path.Combine(data, "shoe", "big.png"), ImageGrid.Png(new float[32 * 32], new ImageShape(1, 32, 32), 1, 0));
        string run = Path.Combine(TestPaths.NewTempDirectory(), "run");

        var sizes = CliRunner.Run("train", "--data", data, "--epochs", "1", "--out", run);
        Assert.Equal(2, sizes.ExitCode);
        Assert.Contains("the images are of 2 sizes (height × width): 28×28 (12 files", sizes.Stderr);
        Assert.Contains("set --image-size to resize them all to one size", sizes.Stderr);
        Assert.False(Directory.Exists(run), "nothing created");

        var size = CliRunner.Run("train", "--data", data, "--image-size", "20by24", "--out", run);
        Assert.Equal(2, size.ExitCode);
        Assert.Contains("--image-size must be HxW or N", size.Stderr);
        var channels = CliRunner.Run("train", "--data", data, "--image-size", "28", "--channels", "2", "--out", run);
        Assert.Equal(2, channels.ExitCode);
        Assert.Contains("--channels must be 1 (grayscale) or 3 (RGB), got 2.", channels.Stderr);

        File.WriteAllText(Path.Combine(data, "shoe", "notes.png"), "not an image");
        var bad = CliRunner.Run("train", "--data", data, "--image-size", "28", "--epochs", "1", "--out", run);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"{Path.Combine(data, "shoe", "notes.png")}: is not an image SkiaSharp can decode", bad.Stderr);
        var skipped = CliRunner.Run("train", "--data", data, "--image-size", "28", "--skip-bad-images", "--validation-split", "0", "--epochs", "1", "--out", run);
        Assert.True(skipped.ExitCode == 0, skipped.Stderr + skipped.Stdout);
        Assert.Contains("Skipped 1 file that cannot be decoded: " + Path.Combine(data, "shoe", "notes.png"), skipped.Stdout);
        Assert.DoesNotContain("   at ", bad.Stderr + sizes.Stderr);
    }

    [Fact]
    public void AReportOfOneUnlabelledFolderOfFewImagesSaysWhatItLeavesOut()
    {
        string data = TestPaths.NewTempDirectory();
        var images = FashionMnistData.Split(test: true, 40);
        Directory.CreateDirectory(Path.Combine(data, "photos"));
        for (int i = 0; i < images.Count; i++)
            File.WriteAllBytes(Path.Combine(data, "photos", $"{i:D3}.png"), ImageGrid.Png(images.Image(i), ImageShape.Mnist, 1, 0));
        string run = Path.Combine(TestPaths.NewTempDirectory(), "run"), report = Path.Combine(TestPaths.NewTempDirectory(), "report");
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--latent", "3", "--epochs", "1", "--out", run).ExitCode);

        var r = CliRunner.Run("report", run, "--out", report);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        string html = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("t-SNE: 8 test latent means; t-SNE at perplexity 30 needs more than 90 points.", html);
        Assert.Contains("Silhouette, baselines and classifiers: the test split holds 1 class in 8 images", html);
    }

    // Four classes of real 28×28 images, PNG.
    private static string WriteFolder(int perClass)
    {
        string root = TestPaths.NewTempDirectory();
        string[] classes = ["bag", "coat", "dress", "shoe"];
        var images = FashionMnistData.Split(test: true, classes.Length * perClass);
        for (int i = 0; i < images.Count; i++)
        {
            string dir = Path.Combine(root, classes[i % classes.Length]);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, $"{i:D3}.png"), ImageGrid.Png(images.Image(i), ImageShape.Mnist, 1, 0));
        }
        return root;
    }
}

using SkiaSharp;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Data.Loading.Tests;

/// <summary>Folders of images, one folder per class, generated from real Fashion-MNIST images (PNG is lossless, so
/// pixels are compared exactly; JPEG within its loss).</summary>
public class ImageFolderTests
{
    private static readonly string[] Classes = ImageFolders.Classes;

    [Fact]
    public void AFolderPerClassLoadsWithItsShapeClassesSplitAndExactPixels()
    {
        var shape = new ImageShape(3, 36, 52);
        var (root, written) = ImageFolders.Write(shape, perClass: 5);

        var layout = ImageFolder.Scan(root, new DatasetOptions { Path = root });
        var train = ImageFolder.Read(layout, DataSplit.Train);
        var test = DatasetLoader.Load(new DatasetOptions { Path = root }, DataSplit.Test);

        Assert.Equal(shape, layout.Shape);
        Assert.Equal(Classes, layout.Classes);
        Assert.Equal(Classes, train.ClassNames);
        Assert.Equal((12, 3), (train.Count, test.Count)); // of 5 per class, round(0.2 × 5) = 1 is a test image
        Assert.Equal([0, 1, 2, 0, 1, 2], train.Labels[..6]); // classes take turns
        Assert.True(train.IsCompact, "kept as bytes");
        for (int i = 0; i < train.Count; i++)
            Assert.Equal(written[layout.TrainFiles[i].Path], train.Image(i).ToArray());
        Assert.Empty(layout.TrainFiles.Select(f => f.Path).Intersect(layout.TestFiles.Select(f => f.Path)));
        var again = ImageFolder.Scan(root, new DatasetOptions { Path = root });
        Assert.Equal(layout.TestFiles, again.TestFiles); // the split is seeded
    }

    [Fact]
    public void GrayImagesAreReadWithOneChannelUnlessThreeAreAsked()
    {
        var shape = new ImageShape(1, 28, 28);
        var (root, written) = ImageFolders.Write(shape, perClass: 2);

        var gray = DatasetLoader.Load(new DatasetOptions { Path = root }, DataSplit.Train);
        var colour = DatasetLoader.Load(new DatasetOptions { Path = root, Channels = 3 }, DataSplit.Train);

        Assert.Equal(shape, gray.Shape);
        Assert.Equal(new ImageShape(3, 28, 28), colour.Shape);
        var layout = ImageFolder.Scan(root, new DatasetOptions { Path = root });
        Assert.Equal(written[layout.TrainFiles[0].Path], gray.Image(0).ToArray());
        var planes = colour.Image(0).ToArray();
        Assert.Equal(gray.Image(0).ToArray(), planes[..784]);
        Assert.Equal(planes[..784], planes[784..1568]);
        Assert.Equal(planes[..784], planes[1568..]);
    }

    [Fact]
    public void TrainAndTestFoldersAreTheSplitAndJpegsLoadWithinTheirLoss()
    {
        var shape = new ImageShape(3, 32, 32);
        string root = TestPaths.NewTempDirectory();
        var images = SeededModels.RealImages(6, shape);
        var written = new Dictionary<string, float[]>();
        for (int i = 0; i < 6; i++)
        {
            string dir = Path.Combine(root, i < 4 ? "train" : "test", Classes[i % 2]);
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, $"{i}.jpg");
            var image = images.AsSpan(i * shape.Size, shape.Size).ToArray();
            File.WriteAllBytes(path, Jpeg(image, shape));
            written[path] = image;
        }

        var layout = ImageFolder.Scan(root, new DatasetOptions { Path = root });
        var test = ImageFolder.Read(layout, DataSplit.Test);

        Assert.Equal((4, 2), (layout.TrainFiles.Count, layout.TestFiles.Count));
        Assert.Equal(["bag", "coat"], layout.Classes);
        for (int i = 0; i < test.Count; i++)
        {
            // SkiaSharp's own decode of the file, laid out as planes, is what the loader must give at the file's size.
            using var decoded = SKBitmap.Decode(layout.TestFiles[i].Path);
            var expected = new float[shape.Size];
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                {
                    var c = decoded.GetPixel(x, y);
                    (expected[y * 32 + x], expected[1024 + y * 32 + x], expected[2048 + y * 32 + x]) = (c.Red / 255f, c.Green / 255f, c.Blue / 255f);
                }
            Assert.Equal(expected, test.Image(i).ToArray());
            double meanError = written[layout.TestFiles[i].Path].Zip(expected, (a, b) => Math.Abs(a - b)).Average();
            Assert.InRange(meanError, 0, 0.08); // the JPEG's own loss on three unrelated images as planes
        }
    }

    [Fact]
    public void TransparentPixelsBecomeWhite()
    {
        string root = TestPaths.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(root, "a"));
        using (var bitmap = new SKBitmap(new SKImageInfo(4, 2, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            for (int x = 0; x < 4; x++)
            {
                bitmap.SetPixel(x, 0, new SKColor(10, 20, 30, 255)); // opaque
                bitmap.SetPixel(x, 1, new SKColor(200, 0, 0, 0)); // fully transparent
            }
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(root, "a", "t.png"), data.ToArray());
        }

        var image = DatasetLoader.Load(new DatasetOptions { Path = root }, DataSplit.Train).Image(0).ToArray();

        float[] red = image[..8],
            green = image[8..16],
            blue = image[16..];
        Assert.Equal([10, 10, 10, 10, 255, 255, 255, 255], red.Select(v => (int)MathF.Round(v * 255)));
        Assert.Equal([20, 20, 20, 20, 255, 255, 255, 255], green.Select(v => (int)MathF.Round(v * 255)));
        Assert.Equal([30, 30, 30, 30, 255, 255, 255, 255], blue.Select(v => (int)MathF.Round(v * 255)));
    }

    [Fact]
    public void ImagesOfSeveralSizesAreListedUnlessASizeIsGiven()
    {
        var (root, _) = ImageFolders.Write(new ImageShape(3, 36, 52), perClass: 3);
        ImageFolders.WriteImage(Path.Combine(root, "bag", "big.png"), SeededModels.RealImages(1, new ImageShape(3, 64, 64)), new ImageShape(3, 64, 64));

        var e = Assert.Throws<DataFormatException>(() => ImageFolder.Scan(root, new DatasetOptions { Path = root }));
        Assert.StartsWith(root, e.Message);
        Assert.Contains("the images are of 2 sizes (height × width): 36×52 (9 files", e.Message);
        Assert.Contains("64×64 (1 files, e.g. " + Path.Combine(root, "bag", "big.png"), e.Message);
        Assert.Contains("set DatasetOptions.ImageHeight and ImageWidth", e.Message);

        var resized = DatasetLoader.Load(new DatasetOptions { Path = root, ImageHeight = 20, ImageWidth = 24 }, DataSplit.Train);
        Assert.Equal(new ImageShape(3, 20, 24), resized.Shape);
    }

    [Fact]
    public void BadFilesAreNamedOrSkippedAndCounted()
    {
        var (root, _) = ImageFolders.Write(new ImageShape(1, 28, 28), perClass: 3);
        var good = File.ReadAllBytes(Directory.GetFiles(Path.Combine(root, "bag"))[0]);
        var cases = new Dictionary<string, (byte[] Bytes, string Problem)>
        {
            ["empty.png"] = ([], "is empty (0 bytes), not an image"),
            ["notes.png"] = ("these are my notes"u8.ToArray(), "is not an image SkiaSharp can decode (Unimplemented)"),
            ["cut.png"] = (good[..(good.Length / 2)], "is truncated (its image data ends early)"),
        };
        foreach (var (name, (bytes, problem)) in cases)
        {
            string path = Path.Combine(root, "coat", name);
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(new DatasetOptions { Path = root }, DataSplit.Train));
            Assert.Equal($"{path}: {problem}.", e.Message);
            File.Delete(path);
        }
        foreach (var (name, (bytes, _)) in cases)
            File.WriteAllBytes(Path.Combine(root, "coat", name), bytes);
        File.WriteAllText(Path.Combine(root, "coat", "README.txt"), "not an image extension: ignored");

        var options = new DatasetOptions { Path = root, SkipBadImages = true };
        var layout = ImageFolder.Scan(root, options);
        var data = DatasetLoader.Load(options, DataSplit.Train);

        Assert.Equal(["cut.png", "empty.png", "notes.png"], layout.Skipped.Select(Path.GetFileName).Order());
        Assert.Equal(layout.TrainFiles.Count, data.Count);
        Assert.Equal(9, layout.TrainFiles.Count + layout.TestFiles.Count); // the nine good images, none of the bad
    }

    [Fact]
    public void AnEmptyClassFolderOrAFolderWithoutClassesIsRefused()
    {
        var (root, _) = ImageFolders.Write(new ImageShape(1, 28, 28), perClass: 2);
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        var e = Assert.Throws<DataFormatException>(() => ImageFolder.Scan(root, new DatasetOptions { Path = root }));
        Assert.Equal($"{Path.Combine(root, "empty")}: class folder holds no images (.png, .jpg, .jpeg, .bmp, .webp).", e.Message);

        string flat = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(flat, "a.png"), "");
        Assert.False(ImageFolder.IsImageFolder(flat));
    }

    private static byte[] Jpeg(float[] image, ImageShape shape)
    {
        var (w, h, rgb) = ImageGrid.Compose(image, shape, columns: 1, padding: 0);
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int p = 3 * (y * w + x);
                bitmap.SetPixel(x, y, new SKColor(rgb[p], rgb[p + 1], rgb[p + 2]));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }
}

using Vae.MLNet.Imaging;
using Vae.MLNet.Models;

namespace Vae.MLNet.Tests;

/// <summary>Folders of images, one folder per class, written as PNG files from real Fashion-MNIST images.</summary>
internal static class ImageFolders
{
    public static readonly string[] Classes = ["bag", "coat", "shoe"];

    // Classes × perClass real images as PNG files; returns each file's pixels as written.
    public static (string Root, Dictionary<string, float[]> Written) Write(ImageShape shape, int perClass)
    {
        string root = TestPaths.NewTempDirectory();
        var images = SeededModels.RealImages(Classes.Length * perClass, shape);
        var written = new Dictionary<string, float[]>();
        for (int i = 0; i < Classes.Length * perClass; i++)
        {
            string dir = Path.Combine(root, Classes[i % Classes.Length]);
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, $"{i:D3}.png");
            var image = images.AsSpan(i * shape.Size, shape.Size).ToArray();
            WriteImage(path, image, shape);
            written[path] = image.Select(v => MathF.Round(v * 255) / 255f).ToArray();
        }
        return (root, written);
    }

    public static void WriteImage(string path, float[] image, ImageShape shape) =>
        File.WriteAllBytes(path, ImageGrid.Png(image, shape, columns: 1, padding: 0));

}

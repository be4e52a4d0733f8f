using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Reporting.Projection;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Reporting;

/// <summary>The report's image grids, as PNG bytes (8-bit gray or RGB, tiles at the model's image size, 2-pixel gaps).</summary>
public static class Pictures
{
    /// <summary>Images [n, C, H, W] in [0, 1] as a grid of <paramref name="columns"/> tiles per row.</summary>
    public static byte[] Grid(ReadOnlySpan<float> images, ImageShape shape, int columns) => ImageGrid.Png(images, shape, columns);

    /// <summary>The first images over their reconstructions at z = μ, <paramref name="columns"/> per row (rows
    /// alternate: originals, reconstructions).</summary>
    public static byte[] Reconstructions(OnnxVaeModel model, ReadOnlySpan<float> images, int columns = 16)
    {
        int n = images.Length / model.Shape.Size;
        var mu = new float[n * model.LatentSize];
        var decoded = new float[images.Length];
        model.Encode(images.ToArray(), mu);
        model.Decode(mu, decoded);
        var tiles = ImageGrid.InterleaveRows(images, decoded, model.Shape.Size, columns);
        return Grid(tiles, model.Shape, columns);
    }

    /// <summary>Decoded draws z ~ N(0, I) (seeded), <paramref name="columns"/> per row.</summary>
    public static byte[] PriorSamples(OnnxVaeModel model, int n = 64, int seed = 0, int columns = 8) =>
        Grid(Decode(model, PriorSampler.Sample(n, model.LatentSize, seed)), model.Shape, columns);

    /// <summary>The decoded mean of each class's latent means (as the notebook "Analysis of the latent space in the
    /// variational auto-encoder" draws them), one tile per class in label order.</summary>
    /// <returns>The PNG and the labels in tile order.</returns>
    public static (byte[] Png, int[] Labels) ClassCentroids(OnnxVaeModel model, ReadOnlySpan<float> mu, ReadOnlySpan<int> labels)
    {
        int d = model.LatentSize;
        var classes = labels.ToArray().Distinct().Order().ToArray();
        var centroids = new float[classes.Length * d];
        for (int c = 0; c < classes.Length; c++)
        {
            int count = 0;
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] != classes[c])
                    continue;
                count++;
                for (int j = 0; j < d; j++)
                    centroids[c * d + j] += mu[i * d + j];
            }
            for (int j = 0; j < d; j++)
                centroids[c * d + j] /= count;
        }
        return (Grid(Decode(model, centroids), model.Shape, classes.Length), classes);
    }

    /// <summary>
    /// A side × side grid of decoded latent points over [−extent, extent]²: the latent plane itself when
    /// d = 2 (as the Keras example draws it), a line when d = 1, and for d &gt; 2 the plane of the first two principal
    /// components of <paramref name="mu"/>, mapped back to z through the PCA inverse.
    /// Rows go from +extent (top) to −extent along the second axis; columns from −extent to +extent.
    /// </summary>
    /// <returns>The PNG and a sentence saying which plane it shows.</returns>
    public static (byte[] Png, string Caption) LatentTraversal(OnnxVaeModel model, ReadOnlySpan<float> mu, int side = 15, double extent = 3)
    {
        int d = model.LatentSize;
        var axis = Enumerable.Range(0, side).Select(i => (float)(-extent + 2 * extent * i / (side - 1))).ToArray();
        if (d == 1)
            return (Grid(Decode(model, axis), model.Shape, side), $"z from −{extent} to {extent}");
        var plane = new float[side * side * 2];
        for (int r = 0; r < side; r++)
        for (int c = 0; c < side; c++)
            (plane[(r * side + c) * 2], plane[(r * side + c) * 2 + 1]) = (axis[c], axis[side - 1 - r]);
        if (d == 2)
            return (Grid(Decode(model, plane), model.Shape, side), $"the latent plane, z₁ and z₂ from −{extent} to {extent}");
        var pca = Pca.Fit(mu, d, 2);
        string caption =
            $"the plane of the first two principal components of the test latent means "
            + $"({pca.ExplainedVarianceRatio.Sum():P0} of their variance), coordinates "
            + $"from −{extent} to {extent}, mapped back through the PCA inverse";
        return (Grid(Decode(model, pca.InverseTransform(plane)), model.Shape, side), caption);
    }

    private static float[] Decode(OnnxVaeModel model, float[] z)
    {
        var images = new float[z.Length / model.LatentSize * model.Shape.Size];
        model.Decode(z, images);
        return images;
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Vae.MLNet.Models;

namespace Vae.MLNet;

/// <summary>
/// An image column (<see cref="MLImage"/>, as ML.NET's <c>LoadImages</c> and <c>ResizeImages</c> make it) as the pixel
/// vector a model takes, with ML.NET's own image transforms, so a saved pipeline needs only Microsoft.ML.ImageAnalytics:
/// <c>ResizeImages</c> (stretched to the model's height and width) → <c>ConvertToGrayscale</c> for a one-channel model →
/// <c>ExtractPixels</c> (planes, red then green then blue, each byte / 255: [C, H, W] in [0, 1]).
/// </summary>
internal static class ImagePixels
{
    private const string Resized = "vae_resized",
        Gray = "vae_gray";

    /// <summary>True when the column holds images rather than pixel vectors.</summary>
    public static bool IsImage(DataViewType type) => type is ImageDataViewType;

    /// <summary>The transforms from <paramref name="imageColumn"/> to <paramref name="pixelColumn"/>, and the columns
    /// they add besides it (to drop at the end).</summary>
    public static (IEstimator<ITransformer> Estimator, string[] Temporary) Extract(string imageColumn, string pixelColumn, ImageShape shape)
    {
        var ml = new MLContext();
        var chain = ml.Transforms.ResizeImages(Resized, shape.Width, shape.Height, imageColumn, ImageResizingEstimator.ResizingKind.Fill);
        string source = Resized;
        var temporary = new List<string> { Resized };
        IEstimator<ITransformer> estimator = chain;
        if (shape.Channels == 1)
        {
            estimator = estimator.Append(ml.Transforms.ConvertToGrayscale(Gray, Resized));
            (source, temporary) = (Gray, [Resized, Gray]);
        }
        var colours = shape.Channels == 1 ? ImagePixelExtractingEstimator.ColorBits.Red : ImagePixelExtractingEstimator.ColorBits.Rgb;
        estimator = estimator.Append(
            ml.Transforms.ExtractPixels(
                pixelColumn,
                source,
                colours,
                ImagePixelExtractingEstimator.ColorsOrder.ARGB,
                interleavePixelColors: false,
                scaleImage: 1f / 255f
            )
        );
        return (estimator, [.. temporary]);
    }

    /// <summary>
    /// The shape to train on for an image column: the options', else 3 channels at the first image's size (the column's
    /// fixed size when <c>ResizeImages</c> made it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The column holds no image.</exception>
    public static ImageShape TrainingShape(IDataView data, DataViewSchema.Column column, ImageShape? requested)
    {
        if (requested is { } shape)
            return shape;
        if (column.Type is ImageDataViewType { Height: > 0, Width: > 0 } sized)
            return new ImageShape(3, sized.Height, sized.Width);
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<MLImage>(column);
        MLImage image = null!;
        if (!cursor.MoveNext())
            throw new ArgumentOutOfRangeException(nameof(data), $"VaeFeaturizer.Fit input: column '{column.Name}' holds no images.");
        getter(ref image);
        return new ImageShape(3, image.Height, image.Width);
    }
}

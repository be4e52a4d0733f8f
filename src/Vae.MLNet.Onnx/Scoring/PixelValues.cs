using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet.Scoring;

/// <summary>
/// The pixel values a model accepts: finite and within [0, 1] (byte / 255), the encoder's input
/// contract. A NaN encodes to NaN latents, and 0–255 pixels given as [0, 1] ones give a
/// reconstruction error near 280,000 nats, both silently; every entry point (the service, the ML.NET
/// evaluation and trainer input) refuses them instead with this one check, naming the row and pixel.
/// </summary>
internal static class PixelValues
{
    /// <summary>The first pixel outside [0, 1] in images [n, C·H·W] row-major, or null when all are fine.</summary>
    /// <param name="images">Images [n, C, H, W] flattened, row-major.</param>
    /// <param name="imageSize">Values per image, C·H·W.</param>
    /// <param name="firstRow">The row number of the span's first image, for messages over batches.</param>
    public static (long Row, int Pixel, float Value)? FirstOutOfRange(ReadOnlySpan<float> images, int imageSize, long firstRow = 0)
    {
        for (int i = 0; i < images.Length; i++)
            if (!(images[i] is >= 0f and <= 1f))
                return (firstRow + i / imageSize, i % imageSize, images[i]); // false for NaN too
        return null;
    }

    /// <summary>Describes a pixel out of range: "row 3, pixel 17 = NaN is not finite" (see <see cref="Problem"/>).</summary>
    /// <param name="bad">The pixel.</param>
    /// <param name="bytesHint">What to do about 0–255 pixels where the caller offers a way (an option), or null.</param>
    /// <param name="range">The range the caller's pixels must lie in, as the message names it.</param>
    public static string Describe((long Row, int Pixel, float Value) bad, string? bytesHint = null, string range = "[0, 1]") =>
        $"row {bad.Row}, pixel {bad.Pixel} = {Problem(bad.Value, bytesHint, range)}";

    /// <summary>
    /// What is wrong with a pixel: "NaN is not finite", "1.5 is outside [0, 1]", and for a whole number
    /// in [2, 255] "255 is outside [0, 1]: these look like 0–255 pixels; " followed by <paramref name="bytesHint"/>.
    /// </summary>
    public static string Problem(float value, string? bytesHint = null, string range = "[0, 1]")
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        if (!float.IsFinite(value))
            return $"{text} is not finite";
        string problem = $"{text} is outside {range}";
        bool looksLikeAByte = value is > 1f and <= 255f && value == MathF.Round(value); // 0–255 pixels are whole numbers
        return bytesHint is not null && looksLikeAByte ? $"{problem}: these look like 0–255 pixels; {bytesHint}" : problem;
    }
}

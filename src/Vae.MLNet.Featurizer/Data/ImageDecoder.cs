using SkiaSharp;
using Vae.MLNet.Models;

namespace Vae.MLNet.Data;

/// <summary>
/// One encoded image (PNG, JPEG, BMP, WebP) to the bytes of an <see cref="ImageShape"/>, with SkiaSharp: decoded,
/// composited over white (transparent pixels become white), resized by linear filtering with mipmaps, and laid out
/// as planes (gray as ITU-R BT.601 luma). The one decoder of a folder of images and of the service's image bodies.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>Opens encoded bytes, reading only the header; null and a problem in words when they are not an image.</summary>
    public static SKCodec? Open(byte[] bytes, out string? problem)
    {
        problem = null;
        if (bytes.Length == 0)
        {
            problem = "is empty (0 bytes), not an image";
            return null;
        }
        var codec = SKCodec.Create(new SKMemoryStream(bytes), out var result);
        if (codec is null)
            problem = $"is not an image SkiaSharp can decode ({result})";
        return codec;
    }

    /// <summary>Decodes into <paramref name="destination"/> (C·H·W bytes); the problem in words, or null.</summary>
    public static string? Decode(SKCodec codec, ImageShape shape, Span<byte> destination)
    {
        using var source = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(source.Info, source.GetPixels());
        if (result != SKCodecResult.Success)
            return result == SKCodecResult.IncompleteInput ? "is truncated (its image data ends early)" : $"cannot be decoded ({result})";
        using var target = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(target))
        using (var image = SKImage.FromBitmap(source))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(
                image,
                new SKRect(0, 0, shape.Width, shape.Height),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            );
        }
        Planes(target.GetPixelSpan(), shape, destination);
        return null;
    }

    private static void Planes(ReadOnlySpan<byte> rgba, ImageShape shape, Span<byte> destination)
    {
        int pixels = shape.Height * shape.Width;
        for (int i = 0; i < pixels; i++)
        {
            byte r = rgba[4 * i],
                g = rgba[4 * i + 1],
                b = rgba[4 * i + 2];
            if (shape.Channels == 1)
                destination[i] = (byte)((299 * r + 587 * g + 114 * b + 500) / 1000);
            else
                (destination[i], destination[pixels + i], destination[2 * pixels + i]) = (r, g, b);
        }
    }
}

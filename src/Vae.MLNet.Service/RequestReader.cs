using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Service;

/// <summary>
/// Reads request bodies into flat float buffers, checking content type, size, shape and range before
/// any model work. JSON (<c>application/json</c>), binary (<c>application/octet-stream</c>, with
/// <c>?format=float32</c> (default; little-endian) or <c>?format=uint8</c> for raw 0–255 pixels), or, for images,
/// one encoded image (<c>image/png</c>, <c>image/jpeg</c>, <c>image/bmp</c>, <c>image/webp</c>) or several as the
/// files of a <c>multipart/form-data</c> form, each checked against <see cref="ServiceOptions.MaxImagePixels"/> from
/// its header before it is decoded and resized to the model's shape. Media types are parsed, not matched by prefix:
/// another one gets 415.
/// </summary>
internal static class RequestReader
{
    /// <summary>True for ?output=png; absent means JSON (or binary for binary requests); anything else is refused.</summary>
    /// <exception cref="BadRequestException">400 for another value.</exception>
    internal static bool WantsPng(HttpRequest request) =>
        request.Query["output"].FirstOrDefault() switch
        {
            null => false,
            "png" => true,
            var other => throw new BadRequestException(400, $"query 'output' must be png (or absent), got '{other}'."),
        };

    internal static bool IsBinary(HttpRequest request) => MediaType(request) == "application/octet-stream";

    /// <summary>Encoded image media types a body may have.</summary>
    internal static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/bmp", "image/webp"];

    /// <summary>True for one encoded image, or a form of them.</summary>
    internal static bool IsEncodedImages(HttpRequest request) =>
        MediaType(request) is { } type && (ImageTypes.Contains(type) || type == "multipart/form-data");

    // The media type without parameters, lower case; null when absent or not a media type.
    private static string? MediaType(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : null;

    /// <summary>Images [n, C·H·W] in [0, 1], <paramref name="imageSize"/> values each.</summary>
    internal static async Task<float[]> ReadImages(HttpRequest request, ServiceOptions options, int imageSize, ImageShape? shape = null)
    {
        if (IsEncodedImages(request))
            return shape is { } s
                ? await EncodedImages.Read(request, options, s)
                : throw new BadRequestException(415, "this endpoint takes pixels (JSON or binary), not encoded images.");
        if (IsBinary(request))
            return await ReadBinaryImages(request, options, imageSize);
        var body = await ReadJson<ImagesRequest>(request);
        var images =
            body.Images
            ?? throw new BadRequestException(422, $"field 'images' is required: an array of images, each {imageSize} numbers in [0, 1].");
        return CheckPixels(Flatten(images, imageSize, "images", options), imageSize, "divide them by 255");
    }

    /// <summary>Latent vectors [n, d].</summary>
    internal static async Task<float[]> ReadLatents(HttpRequest request, int latentSize, ServiceOptions options)
    {
        if (IsBinary(request))
        {
            var floats = ToFloats(await ReadBody(request), "float32");
            CheckCount(floats.Length, latentSize, "z", options);
            return CheckLatents(floats, latentSize);
        }
        var body = await ReadJson<DecodeRequest>(request);
        var z =
            body.Z ?? throw new BadRequestException(422, $"field 'z' is required: an array of latent vectors, each {latentSize} numbers.");
        return CheckLatents(Flatten(z, latentSize, "z", options), latentSize);
    }

    internal static async Task<T> ReadJson<T>(HttpRequest request)
    {
        if (MediaType(request) != "application/json")
            throw new BadRequestException(
                415,
                $"content type '{request.ContentType}' is not supported; send application/json or application/octet-stream"
                    + " (or, with images, image/png, image/jpeg, image/bmp, image/webp or multipart/form-data)."
            );
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, JsonOptions)
                ?? throw new BadRequestException(400, "the body is empty.");
        }
        catch (JsonException e)
        {
            throw new BadRequestException(400, $"the body is not valid JSON for this endpoint: {e.Message}");
        }
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static async Task<float[]> ReadBinaryImages(HttpRequest request, ServiceOptions options, int imageSize)
    {
        string format = request.Query["format"].FirstOrDefault() ?? "float32";
        var bytes = await ReadBody(request);
        var pixels = format switch
        {
            "uint8" => Array.ConvertAll(bytes, b => b / 255f),
            "float32" => ToFloats(bytes, format),
            _ => throw new BadRequestException(400, $"query 'format' must be float32 or uint8, got '{format}'."),
        };
        CheckCount(pixels.Length, imageSize, "images", options);
        return CheckPixels(pixels, imageSize, "send them as ?format=uint8");
    }

    private static async Task<byte[]> ReadBody(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static float[] ToFloats(byte[] bytes, string format)
    {
        if (bytes.Length % 4 != 0)
            throw new BadRequestException(400, $"a {format} body must be a multiple of 4 bytes, got {bytes.Length}.");
        var floats = new float[bytes.Length / 4];
        for (int i = 0; i < floats.Length; i++)
            floats[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return floats;
    }

    private static void CheckCount(int values, int per, string field, ServiceOptions options)
    {
        if (values == 0 || values % per != 0)
            throw new BadRequestException(422, $"'{field}' holds {values} values; expected a positive multiple of {per}.");
        if (values / per > options.MaxBatch)
            throw new BadRequestException(413, $"'{field}' holds {values / per} items; the limit is {options.MaxBatch} per request.");
    }

    // The checks every entry point shares (PixelValues, LatentValues), in the service's words: 422 naming the item and value.
    private static float[] CheckPixels(float[] images, int imageSize, string bytesHint) =>
        PixelValues.FirstOutOfRange(images, imageSize) is { } bad
            ? throw new BadRequestException(422, $"images[{bad.Row}][{bad.Pixel}] = {PixelValues.Problem(bad.Value, bytesHint)}.")
            : images;

    private static float[] CheckLatents(float[] z, int latentSize) =>
        LatentValues.FirstOutOfRange(z, latentSize) is { } bad
            ? throw new BadRequestException(422, $"z[{bad.Row}][{bad.Column}] = {LatentValues.Problem(bad.Value)}.")
            : z;

    private static float[] Flatten(float[][] rows, int width, string field, ServiceOptions options)
    {
        if (rows.Length == 0)
            throw new BadRequestException(422, $"'{field}' is empty.");
        if (rows.Length > options.MaxBatch)
            throw new BadRequestException(413, $"'{field}' holds {rows.Length} items; the limit is {options.MaxBatch} per request.");
        var flat = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i] ?? throw new BadRequestException(422, $"{field}[{i}] is null.");
            if (row.Length != width)
                throw new BadRequestException(422, $"{field}[{i}] has {row.Length} values; expected {width}.");
            row.CopyTo(flat, i * width);
        }
        return flat;
    }
}

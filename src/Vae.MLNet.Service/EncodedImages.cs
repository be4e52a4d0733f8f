using Microsoft.AspNetCore.Http;
using Vae.MLNet.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet.Service;

/// <summary>
/// Request bodies of encoded images: one image (<c>image/png</c>, …) or the files of a <c>multipart/form-data</c> form.
/// Each image's size is read from its header and checked against <see cref="ServiceOptions.MaxImagePixels"/> before
/// anything is allocated for it (a decompression bomb gets 413); the form's file count against
/// <see cref="ServiceOptions.MaxBatch"/>. Images are decoded as a folder of images is (<see cref="ImageDecoder"/>),
/// resized to the model's shape.
/// </summary>
internal static class EncodedImages
{
    /// <summary>Images [n, C·H·W] in [0, 1].</summary>
    public static async Task<float[]> Read(HttpRequest request, ServiceOptions options, ImageShape shape)
    {
        var bodies = new List<(string Name, byte[] Bytes)>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            if (form.Files.Count == 0)
                throw new BadRequestException(422, "the form holds no files; send each image as a file field.");
            if (form.Files.Count > options.MaxBatch)
                throw new BadRequestException(
                    413,
                    $"the form holds {form.Files.Count} images; the limit is {options.MaxBatch} per request."
                );
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                bodies.Add(($"file '{file.FileName}'", buffer.ToArray()));
            }
        }
        else
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            bodies.Add(("the body", buffer.ToArray()));
        }
        var pixels = new float[bodies.Count * shape.Size];
        var bytes = new byte[shape.Size];
        for (int i = 0; i < bodies.Count; i++)
        {
            Decode(bodies[i].Name, bodies[i].Bytes, shape, options, bytes);
            for (int j = 0; j < bytes.Length; j++)
                pixels[i * shape.Size + j] = bytes[j] / 255f;
        }
        return pixels;
    }

    private static void Decode(string name, byte[] body, ImageShape shape, ServiceOptions options, byte[] destination)
    {
        using var codec = ImageDecoder.Open(body, out string? problem);
        if (codec is null)
            throw new BadRequestException(422, $"{name} {problem}.");
        long pixels = (long)codec.Info.Width * codec.Info.Height;
        if (pixels > options.MaxImagePixels)
            throw new BadRequestException(
                413,
                $"{name} is a {codec.Info.Width}×{codec.Info.Height} image ({pixels:N0} pixels); the limit is {options.MaxImagePixels:N0}."
            );
        if (ImageDecoder.Decode(codec, shape, destination) is { } failure)
            throw new BadRequestException(422, $"{name} {failure}.");
    }
}

using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vae.MLNet.Imaging;
using Vae.MLNet.Models;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

/// <summary>Encoded images as request bodies (PNG, a form of several), their limits, and media types parsed, not matched.</summary>
public class EncodedImageTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const int D = ServiceFixture.LatentSize;
    private static readonly float[] Images = SeededModels.RealImages(3);
    private HttpClient Client => service.Client;

    private static byte[] Png(int i) => ImageGrid.Png(Images.AsSpan(i * 784, 784), ImageShape.Mnist, columns: 1, padding: 0);

    [Fact]
    public async Task APngBodyAndAFormOfPngsEncodeAsTheirPixelsDo()
    {
        var (mu, logVar) = (new float[3 * D], new float[3 * D]);
        service.Reference.Encode(Images, mu, logVar);

        var one = new ByteArrayContent(Png(0));
        one.Headers.ContentType = new("image/png");
        var single = (await (await Client.PostAsync("/v1/encode", one)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<EncodeResponse>())!;
        Assert.Equal(mu[..D], single.Mu[0]);

        using var form = new MultipartFormDataContent();
        for (int i = 0; i < 3; i++)
        {
            var file = new ByteArrayContent(Png(i));
            file.Headers.ContentType = new("image/png");
            form.Add(file, "images", $"{i}.png");
        }
        var several = (await (await Client.PostAsync("/v1/encode", form)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<EncodeResponse>())!;
        Assert.Equal(mu, several.Mu.SelectMany(r => r));
    }

    [Fact]
    public async Task AHugeImageIsRefusedFromItsHeaderAndABrokenOneIsNamed()
    {
        var bomb = new ByteArrayContent(WithSize(Png(0), 20_000, 20_000));
        bomb.Headers.ContentType = new("image/png");
        var response = await Client.PostAsync("/v1/encode", bomb);
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("the body is a 20000×20000 image (400,000,000 pixels); the limit is 16,777,216.", await Detail(response));

        var text = new ByteArrayContent("not a picture"u8.ToArray());
        text.Headers.ContentType = new("image/jpeg");
        var broken = await Client.PostAsync("/v1/encode", text);
        Assert.Equal(422, (int)broken.StatusCode);
        Assert.Contains("the body is not an image SkiaSharp can decode", await Detail(broken));
    }

    [Fact]
    public async Task TheModelsMetadataNamesItsTrainingDataWithoutAServerPath()
    {
        string json = await Client.GetStringAsync("/v1/model");
        using var model = JsonDocument.Parse(json);
        Assert.Equal("fashion-mnist", model.RootElement.GetProperty("metadata").GetProperty("vae.dataset").GetString());
        Assert.DoesNotContain("/srv/private", json);
    }

    [Theory]
    [InlineData("application/jsonfoo")]
    [InlineData("application/octet-streamX")]
    [InlineData("image/gif")]
    public async Task AMediaTypeThatOnlyStartsLikeAKnownOneIs415(string type)
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"images\":[[0.5]]}"));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        var response = await Client.PostAsync("/v1/encode", body);
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Contains($"content type '{type}' is not supported", await Detail(response));
    }

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    // The PNG with its IHDR saying width × height (and the chunk's CRC made right again): a header that promises a
    // decompression bomb, which must be refused before anything is allocated for it.
    private static byte[] WithSize(byte[] png, int width, int height)
    {
        var patched = png.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(patched.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(patched.AsSpan(20), height);
        uint crc = Crc32.Update(0xFFFFFFFFu, patched.AsSpan(12, 17)) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(patched.AsSpan(29), crc);
        return patched;
    }
}

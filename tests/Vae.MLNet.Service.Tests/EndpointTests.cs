using Vae.MLNet.Models;
using Vae.MLNet.Training;
using Vae.MLNet.Runs;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vae.MLNet.Scoring;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

public class EndpointTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const int D = ServiceFixture.LatentSize;
    private static readonly float[] Images = SeededModels.RealImages(5);
    private HttpClient Client => service.Client;

    private static float[][] Rows(float[] flat, int width) => ScoringMath.Rows(flat, width);

    [Fact]
    public async Task EncodeJsonEqualsOnnxVaeModel()
    {
        var response = await Client.PostAsJsonAsync("/v1/encode", new { images = Rows(Images, 784) });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<EncodeResponse>())!;

        var (mu, logVar) = (new float[5 * D], new float[5 * D]);
        service.Reference.Encode(Images, mu, logVar);
        Assert.Equal(mu, body.Mu.SelectMany(r => r));
        Assert.Equal(logVar, body.LogVar!.SelectMany(r => r));
    }

    [Fact]
    public async Task EncodeBinaryFloat32AndUint8()
    {
        var raw = Images.Select(p => (byte)MathF.Round(p * 255)).ToArray(); // Fashion-MNIST pixels are k/255 exactly
        var asFloat = new ByteArrayContent(MemoryMarshal.AsBytes(Images.AsSpan()).ToArray());
        asFloat.Headers.ContentType = new("application/octet-stream");
        var asBytes = new ByteArrayContent(raw);
        asBytes.Headers.ContentType = new("application/octet-stream");

        var a = await (await Client.PostAsync("/v1/encode", asFloat)).Content.ReadAsByteArrayAsync();
        var b = await (await Client.PostAsync("/v1/encode?format=uint8", asBytes)).Content.ReadAsByteArrayAsync();

        var (mu, logVar) = (new float[5 * D], new float[5 * D]);
        service.Reference.Encode(Images, mu, logVar);
        Assert.Equal([.. mu, .. logVar], MemoryMarshal.Cast<byte, float>(a).ToArray());
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task DecodeAndGenerateGiveImagesInUnitRangeAndPng()
    {
        var decode = await Client.PostAsJsonAsync("/v1/decode", new { z = new[] { new float[D], new float[] { 1, -1, 0.5f, 2 } } });
        var images = (await decode.Content.ReadFromJsonAsync<ImagesResponse>())!.Images;
        Assert.Equal(2, images.Length);
        Assert.All(images, i => Assert.Equal(784, i.Length));
        Assert.All(images.SelectMany(i => i), p => Assert.InRange(p, 0f, 1f));

        var generate = await Client.PostAsJsonAsync("/v1/generate", new { n = 3, seed = 7 });
        var again = await Client.PostAsJsonAsync("/v1/generate", new { n = 3, seed = 7 });
        Assert.Equal(await generate.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());

        var png = await Client.PostAsJsonAsync("/v1/generate?output=png", new { n = 4, seed = 1 });
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await png.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task ReconstructionErrorIsTheBceOfTheReconstruction()
    {
        var response = await Client.PostAsJsonAsync("/v1/reconstruct", new { images = Rows(Images, 784) });
        var body = (await response.Content.ReadFromJsonAsync<ReconstructResponse>())!;
        var decoded = body.Images.SelectMany(r => r).ToArray();
        Assert.Equal(ReconstructionError.BinaryCrossEntropy(Images, decoded, 784), body.ReconstructionError);
        Assert.All(body.ReconstructionError, e => Assert.InRange(e, 50, 5000));
        // A blank image and a real one score differently: the error is per image.
        Assert.Equal(5, body.ReconstructionError.Distinct().Count());
    }

    [Fact]
    public async Task AnMseModelsReconstructionErrorIsItsSquaredError()
    {
        using var engine = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, ServiceFixture.LatentSize);
        var (encoder, decoder) = ModelExport.ToOnnx(engine, new TrainingOptions { Loss = ReconstructionLoss.Mse }, null);
        string dir = TestPaths.NewTempDirectory();
        File.WriteAllBytes(Path.Combine(dir, "encoder.onnx"), encoder);
        File.WriteAllBytes(Path.Combine(dir, "decoder.onnx"), decoder);
        await using var mse = await InProcessService.StartAsync(new ServedModels(dir, null), new ServiceOptions());

        var response = await mse.Client.PostAsJsonAsync("/v1/reconstruct", new { images = Rows(Images, 784) });
        var body = (await response.Content.ReadFromJsonAsync<ReconstructResponse>())!;
        var decoded = body.Images.SelectMany(r => r).ToArray();
        Assert.Equal(ReconstructionError.SquaredError(Images, decoded, 784), body.ReconstructionError);
        Assert.NotEqual(ReconstructionError.BinaryCrossEntropy(Images, decoded, 784), body.ReconstructionError);
    }

    [Fact]
    public async Task BinaryCrossEntropyOfKnownValues()
    {
        // x = 1, p = 0.5: -log 0.5 per pixel; x = 0, p = 0.25: -log 0.75.
        var e = ReconstructionError.BinaryCrossEntropy([1, 1, 0], [0.5f, 0.5f, 0.25f], 3);
        Assert.Equal(2 * Math.Log(2) - Math.Log(0.75), e[0], tolerance: 1e-6);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ModelHealthReadinessAndOpenApi()
    {
        using var model = JsonDocument.Parse(await Client.GetStringAsync("/v1/model"));
        Assert.Equal(D, model.RootElement.GetProperty("latentSize").GetInt32());
        Assert.Equal("conv", model.RootElement.GetProperty("metadata").GetProperty("vae.preset").GetString());
        Assert.Equal("1.32.0", model.RootElement.GetProperty("onnxRuntime").GetString()); // Microsoft.ML.OnnxRuntime, as pinned in Directory.Packages.props
        Assert.Equal("ok", await Client.GetStringAsync("/healthz"));
        Assert.Equal("ready", await Client.GetStringAsync("/readyz"));
        foreach (var probe in new[] { "/healthz", "/readyz" }) // load balancers probe with HEAD too
            Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, probe))).StatusCode);
        var openApi = await Client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/v1/encode", "/v1/decode", "/v1/reconstruct", "/v1/generate", "/v1/model" }) Assert.Contains(path, openApi);
    }

    [Theory]
    [InlineData("/v1/encode", "application/json", "{\"images\":[[0.5]]}", 422, "images[0] has 1 values; expected 784.")]
    [InlineData("/v1/encode", "application/json", "{\"pixels\":[]}", 422, "field 'images' is required")]
    [InlineData("/v1/encode", "application/json", "{\"images\":", 400, "not valid JSON")]
    [InlineData("/v1/encode", "text/plain", "hello", 415, "content type 'text/plain; charset=utf-8' is not supported")]
    [InlineData("/v1/decode", "application/json", "{\"z\":[[1,2,3]]}", 422, "z[0] has 3 values; expected 4.")]
    [InlineData("/v1/generate", "application/json", "{\"n\":0}", 422, "'n' must be ≥ 1")]
    [InlineData("/v1/generate", "application/json", "{\"n\":65}", 413, "'n' = 65 exceeds the limit of 64")]
    [InlineData("/v1/decode", "application/json", "{\"z\":[[1e30,0,0,0]]}", 422, "z[0][0] = 1E+30 is outside ±1e6.")]
    [InlineData("/v1/decode", "application/json", "{\"z\":[]}", 422, "'z' is empty.")]
    [InlineData("/v1/generate?output=gif", "application/json", "{\"n\":2}", 400, "query 'output' must be png (or absent), got 'gif'.")]
    [InlineData("/v1/encode?output=png", "application/json", "{\"images\":[[0.5]]}", 400, "query 'output=png' is for images")]
    [InlineData("/v1/encode?format=bogus", "application/octet-stream", "abcd", 400, "query 'format' must be float32 or uint8, got 'bogus'.")]
    [InlineData("/v1/encode", "application/octet-stream", "abc", 400, "a float32 body must be a multiple of 4 bytes, got 3.")]
    [InlineData("/v1/encode", "application/json", "{\"images\":[null]}", 422, "images[0] is null.")]
    [InlineData("/v1/encode", "application/json", "{}", 422, "field 'images' is required")]
    public async Task BadRequestsGetTheRightStatusAndAMessageNamingTheField(string path, string type, string body, int status, string message)
    {
        var response = await Client.PostAsync(path, new StringContent(body, Encoding.UTF8, type));
        Assert.Equal(status, (int)response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/healthz")).StatusCode); // and it keeps serving
    }

    [Theory]
    [InlineData("/v1/encode", false, 255f, "images[1][7] = 255 is outside [0, 1]: these look like 0–255 pixels; divide them by 255.")]
    [InlineData("/v1/reconstruct", false, -0.5f, "images[1][7] = -0.5 is outside [0, 1].")]
    [InlineData("/v1/encode", true, float.NaN, "images[1][7] = NaN is not finite.")]
    [InlineData("/v1/reconstruct?output=png", true, float.PositiveInfinity, "images[1][7] = Infinity is not finite.")]
    [InlineData("/v1/encode", true, 200f, "images[1][7] = 200 is outside [0, 1]: these look like 0–255 pixels; send them as ?format=uint8.")]
    [InlineData("/v1/reconstruct", true, 1.0001f, "images[1][7] = 1.0001 is outside [0, 1].")]
    public async Task PixelsOutOfRangeAreRefusedByTheCheckEveryEntryPointShares(string path, bool binary, float value, string message)
    {
        var images = SeededModels.RealImages(2);
        images[784 + 7] = value;
        HttpContent body = binary ? new ByteArrayContent(MemoryMarshal.AsBytes(images.AsSpan()).ToArray()) : JsonContent.Create(new { images = Rows(images, 784) });
        if (binary) body.Headers.ContentType = new("application/octet-stream");
        var response = await Client.PostAsync(path, body);
        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NonFiniteLatentsInABinaryBodyAreRefusedNamingTheValue()
    {
        var z = new float[2 * D];
        z[D + 1] = float.NaN;
        var body = new ByteArrayContent(MemoryMarshal.AsBytes(z.AsSpan()).ToArray());
        body.Headers.ContentType = new("application/octet-stream");
        var response = await Client.PostAsync("/v1/decode", body);
        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains("z[1][1] = NaN is not finite.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OutOfRangePixelAndOversizedRequestsAreRefused()
    {
        var pixels = new float[784];
        pixels[3] = 1.5f;
        var range = await Client.PostAsJsonAsync("/v1/encode", new { images = new[] { pixels } });
        Assert.Equal(422, (int)range.StatusCode);
        Assert.Contains("images[0][3] = 1.5 is outside [0, 1]", await range.Content.ReadAsStringAsync());

        var tooMany = await Client.PostAsJsonAsync("/v1/encode", new { images = Enumerable.Repeat(new float[784], 65).ToArray() });
        Assert.Equal(413, (int)tooMany.StatusCode);

        var tooBig = new ByteArrayContent(new byte[(1 << 20) + 4]);
        tooBig.Headers.ContentType = new("application/octet-stream");
        Assert.Equal(413, (int)(await Client.PostAsync("/v1/encode", tooBig)).StatusCode);
    }

    [Fact]
    public async Task ConcurrentRequestsShareTheSessionsSafely()
    {
        var expected = await (await Client.PostAsJsonAsync("/v1/encode", new { images = Rows(Images, 784) })).Content.ReadAsStringAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
            await (await Client.PostAsJsonAsync("/v1/encode", new { images = Rows(Images, 784) })).Content.ReadAsStringAsync()));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public async Task AModelThatGivesNaNIsAnswered500NamingItAndNoNumberIsSent()
    {
        string folder = TestPaths.NewTempDirectory();
        using (var engine = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, D))
        {
            var mu = engine.Parameters.Single(p => p.Name == "mu.bias");
            engine.SetParameter(mu.Index, Enumerable.Repeat(float.NaN, D).ToArray()); // as a model that diverged
            var (encoder, decoder) = ModelExport.ToOnnx(engine, new TrainingOptions { Preset = Presets.Dense, LatentSize = D }, null);
            File.WriteAllBytes(Path.Combine(folder, "encoder.onnx"), encoder);
            File.WriteAllBytes(Path.Combine(folder, "decoder.onnx"), decoder);
        }
        await using var nan = await InProcessService.StartAsync(new ServedModels(folder, null), new ServiceOptions());

        var json = await nan.Client.PostAsJsonAsync("/v1/encode", new { images = Rows(Images, 784) });
        var binary = new ByteArrayContent(MemoryMarshal.AsBytes(Images.AsSpan()).ToArray());
        binary.Headers.ContentType = new("application/octet-stream");
        var raw = await nan.Client.PostAsync("/v1/encode", binary);

        foreach (var response in new[] { json, raw })
        {
            Assert.Equal(500, (int)response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            Assert.Contains("the model (encoder.onnx) gave a non-finite value for this request: it is damaged or diverged; nothing was scored", body);
            Assert.DoesNotContain(folder, body); // named by file, not by the server's path
        }
    }
}

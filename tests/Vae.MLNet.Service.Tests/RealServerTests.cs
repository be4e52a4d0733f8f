using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

public class RealServerTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task KestrelOnALoopbackPortAnswersARealClient()
    {
        await using var app = VaeServiceApp.Build(service.ModelDir, new ServiceOptions(), b => b.WebHost.UseUrls("http://127.0.0.1:0"));
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            Assert.Equal("ok", await client.GetStringAsync("/healthz"));
            var images = SeededModels.RealImages(2);
            var body = await (await client.PostAsJsonAsync("/v1/encode", new { images = ScoringMath.Rows(images, 784) }))
                .Content.ReadFromJsonAsync<EncodeResponse>();
            var mu = new float[2 * ServiceFixture.LatentSize];
            service.Reference.Encode(images, mu);
            Assert.Equal(mu, body!.Mu.SelectMany(r => r));
        }
        finally
        {
            await app.StopAsync();
        }
    }
}

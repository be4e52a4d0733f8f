using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Vae.MLNet.Service;

namespace Vae.MLNet.Service.Tests;

/// <summary>The service built as `vae serve` builds it, hosted in-process by ASP.NET Core's test server.</summary>
internal sealed class InProcessService : IAsyncDisposable
{
    private InProcessService(WebApplication app) => (App, Client) = (app, app.GetTestClient());

    public WebApplication App { get; }
    public HttpClient Client { get; }

    public static async Task<InProcessService> StartAsync(ServedModels models, ServiceOptions options)
    {
        var app = VaeServiceApp.Build(models, options, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return new InProcessService(app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

// Minimal reproduction: libtorch 2.10 (TorchSharp 0.107.0, CPU) computes a wrong input gradient for a
// Conv2d whose output channels are not a multiple of oneDNN's vector block, when the input is in NCHW
// (contiguous) memory format; NaN appears with two threads. The same layer in channels-last format,
// and in float64 (not run by oneDNN), is right. Usage: dotnet run -c Release
using TorchSharp;
using static TorchSharp.torch;

torch.manual_seed(0);
var input = torch.randn(320, 32, 28, 28);
var upstream = torch.randn(320, 1, 28, 28);
var conv = nn.Conv2d(32, 1, 5, stride: 1, padding: 2);

Tensor InputGradient(ScalarType type, bool channelsLast)
{
    conv.to(type);
    var x = input.to(type).detach().clone();
    if (channelsLast)
        x = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
    x.requires_grad_(true);
    conv.forward(x).backward([upstream.to(type)]);
    return x.grad!.to(ScalarType.Float64);
}

var exact = InputGradient(ScalarType.Float64, channelsLast: false);
foreach (int threads in new[] { 1, 2 })
{
    torch.set_num_threads(threads);
    foreach (bool channelsLast in new[] { false, true })
    {
        var errors = Enumerable
            .Range(0, 3)
            .Select(_ =>
            {
                var g = InputGradient(ScalarType.Float32, channelsLast);
                double relative = ((g - exact).abs().max() / exact.abs().max()).item<double>();
                return relative.ToString("E1");
            });
        string layout = channelsLast ? "channels-last" : "contiguous   ";
        Console.WriteLine($"threads {threads}, {layout}: max |dx - dx_float64| / max |dx_float64| = {string.Join(", ", errors)}");
    }
}

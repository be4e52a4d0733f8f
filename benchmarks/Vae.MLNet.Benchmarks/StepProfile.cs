using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Where one training step's time goes: every layer's forward, input-gradient and weight-gradient pass
/// timed on its own (median of repetitions, each pass alone: the backward of a layer is split by asking
/// autograd for the input's gradient with the weights frozen, then for the weights' with the input
/// fixed), the loss terms, the reparameterization, FusedAdam's step and the batch copy; "the rest" is
/// the engine's whole step (<see cref="TorchVaeModel.TrainStep"/>) less their sum: dispatch,
/// allocation, autograd's bookkeeping and thread hand-offs between the operations.
/// </summary>
internal static class StepProfile
{
    private sealed record Row(string Name, double Forward, double InputGrad, double WeightGrad, double ForwardGflops = 0)
    {
        public double Total => Forward + InputGrad + WeightGrad;
    }

    public static void Run(BenchOptions o, int reps)
    {
        TorchRuntime.SetThreads(o.Threads);
        var images = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Train, o.Batch * 8);
        Console.WriteLine(
            $"{Environment.ProcessorCount} cores; threads {TorchRuntime.Threads}; batch {o.Batch}; latent {o.Latent}; VAE, BCE, Adam; "
                + $"median of {reps} repetitions per pass, ms"
        );
        foreach (var preset in o.Presets)
            Profile(Presets.Create(preset, ModelKind.Variational, o.Latent), images, o.Batch, reps);
    }

    // What the engine does with a batch: a fresh tensor, and the caller's span copied into it (no managed copy first).
    private static void BatchCopy(ReadOnlySpan<float> pixels, int batch)
    {
        using var t = empty(ImageShape.Mnist.Nchw(batch), ScalarType.Float32);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels).CopyTo(t.bytes);
    }

    private static void Profile(ArchitectureSpec spec, ImageDataset images, int batch, int reps)
    {
        double step = EngineStep(spec, images, batch, reps);
        torch.manual_seed(0);
        using var net = new VaeNet(spec);
        using var scope = NewDisposeScope();
        var x = tensor(images.Pixels.AsSpan(0, batch * spec.Input.Size).ToArray(), spec.Input.Nchw(batch));
        var rows = new List<Row>
        {
            new("batch copy into libtorch", Median(reps, () => BatchCopy(images.Pixels.AsSpan(0, batch * ImageShape.Mnist.Size), batch)), 0, 0),
        };
        var leaves = net.named_modules().Where(m => !m.module.children().Any()).ToDictionary(m => m.name, m => (nn.Module<Tensor, Tensor>)m.module);
        Tensor Through(string section, IReadOnlyList<LayerSpec> layers, Tensor input)
        {
            for (int i = 0; i < layers.Count; i++)
            {
                // The images need no gradient: training never computes the first layer's input-gradient.
                bool first = section == "encoder" && i == 0;
                input = Layer($"{section}.{i} {layers[i]}", leaves[$"{section}.{i}"], input, rows, reps, inputGrad: !first);
            }
            return input;
        }
        var features = Through("encoder", spec.Encoder, x);
        var mu = Layer("mu (linear head)", leaves["mu"], features, rows, reps);
        var logVar = Layer("log_var (linear head)", leaves["log_var"], features, rows, reps);
        var eps = randn_like(mu);
        rows.Add(Elementwise("reparameterize", reps, [mu, logVar], t => VaeNet.Reparameterize(t[0], t[1], eps)));
        var z = VaeNet.Reparameterize(mu, logVar, eps);
        var logits = Through("decoder", spec.Decoder, z);
        rows.Add(Elementwise("loss terms (BCE, KL)", reps, [logits, mu, logVar], t =>
        {
            var (reconstruction, kl) = VaeLossFunction.Terms(x, t[0], t[1], t[2], ReconstructionLoss.Bce);
            return (reconstruction + kl).mean();
        }));
        rows.Add(new("optimizer (FusedAdam step)", OptimizerStep(net, reps), 0, 0));
        Print(spec.Preset, rows, step);
        StrideOneTransposedAsConvolution(spec, leaves, z, reps);
        OneChannelTransposedByFold(spec, leaves, z, reps);
        OneChannelTransposedBySubPixel(spec, leaves, z, reps);
        ChannelsLastConvolutions(spec, leaves, x, reps);
        ActivationBeforeFlatten(spec, leaves, x, reps);
        BiasApart(spec, leaves, x, reps);
        BFloat16Layers(spec, leaves, x, reps);
    }

    // One layer: forward; input gradient with the weights frozen; weight gradient with the input fixed.
    private static Tensor Layer(string name, nn.Module<Tensor, Tensor> layer, Tensor x, List<Row> rows, int reps, bool inputGrad = true)
    {
        var parameters = layer.parameters().ToList();
        var input = x.detach().requires_grad_(true);
        var output = layer.call(input).detach();
        var g = randn_like(output);
        double forward = Median(reps, () => layer.call(input).Dispose());
        foreach (var p in parameters) p.requires_grad = false;
        double inputGradient = inputGrad ? Median(reps, () => Grad(layer.call(input), [input], g), untimedSetup: true) : 0;
        foreach (var p in parameters) p.requires_grad = true;
        var fixedInput = x.detach();
        double weightGrad = parameters.Count == 0 ? 0 : Median(reps, () => Grad(layer.call(fixedInput), [.. parameters], g), untimedSetup: true);
        rows.Add(new(name, forward, inputGradient, weightGrad, 2.0 * MultiplyAdds(layer, x, output) / forward / 1e6));
        return output;
    }

    // A candidate measured, not adopted: a stride-1 ConvTranspose2d is the Conv2d with the kernel flipped,
    // its channel axes swapped and padding k − 1 − p (the same function and gradients).
    private static void StrideOneTransposedAsConvolution(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor z, int reps) =>
        ForDecoderLayers(spec, leaves, z, l => l.Op == "convt2d" && (long)l.Args[3] == 1, (i, l, w, bias, x) =>
        {
            long pad = (long)l.Args[2] - 1 - (long)l.Args[4];
            long p = (long)l.Args[4];
            var transposed = Elementwise("transposed", reps, [x, w, bias], t => nn.functional.conv_transpose2d(t[0], t[1], t[2], padding: [p, p]));
            var convolution = Elementwise("conv2d", reps, [x, w, bias],
                t => nn.functional.conv2d(t[0], t[1].flip(2, 3).transpose(0, 1), t[2], padding: [pad, pad]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"candidate: decoder.{i} {l} as Conv2d: forward {convolution.Forward:F3} ms and backward {convolution.InputGrad:F3} ms, " +
                $"against {transposed.Forward:F3} and {transposed.InputGrad:F3} ms as ConvTranspose2d"));
        });

    // A candidate measured, not adopted: a transposed convolution to one output channel as a matrix product and
    // col2im, y = fold(Wᵀ·x) + b (the transposed convolution as the adjoint of an unfolded convolution).
    private static void OneChannelTransposedByFold(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor z, int reps) =>
        ForDecoderLayers(spec, leaves, z, l => l.Op == "convt2d" && (long)l.Args[1] == 1, (i, l, w, bias, x) =>
        {
            long k = (long)l.Args[2], s = (long)l.Args[3], p = (long)l.Args[4], o = (long)l.Args[5];
            var onednn = Elementwise("oneDNN", reps, [x, w, bias], AsFunction(l));
            var fold = Elementwise("fold", reps, [x, w, bias], t => ByFold(t[0], t[1], t[2], k, s, p, o));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"candidate: decoder.{i} {l} by matrix product and col2im: forward {fold.Forward:F3} ms and backward {fold.InputGrad:F3} ms, " +
                $"against {onednn.Forward:F3} and {onednn.InputGrad:F3} ms in oneDNN"));
        });

    // A candidate measured, not adopted: a 3×3, stride-2 transposed convolution (padding 1, output padding 1)
    // to one channel as the sub-pixel convolution it equals (Shi et al. 2016, "Real-Time Single Image and
    // Video Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network"): a 2×2 convolution
    // to 4 channels, one per output phase (row and column parity), then pixel_shuffle(2). Even output
    // positions take tap 1 of the kernel from input m; odd ones tap 2 from m and tap 0 from m + 1.
    private static void OneChannelTransposedBySubPixel(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor z, int reps) =>
        ForDecoderLayers(spec, leaves, z, l => l.Op == "convt2d" && l.Args.Skip(1).Select(a => (long)a).SequenceEqual([1L, 3, 2, 1, 1]), (i, l, w, bias, x) =>
        {
            long[] tap = [1, 3, 2, 0]; // [phase·2 + offset]; 3 is a zero tap
            var index = tensor(Enumerable.Range(0, 16).Select(j => tap[(j >> 3) * 2 + (j >> 1 & 1)] * 4 + tap[(j >> 2 & 1) * 2 + (j & 1)]).ToArray());
            long c = x.shape[1];
            Tensor SubPixel(Tensor[] t)
            {
                var taps = nn.functional.pad(t[1].reshape(c, 3, 3), [0, 1, 0, 1]).reshape(c, 16);
                var kernel = taps.index_select(1, index).reshape(c, 4, 2, 2).transpose(0, 1);
                var phases = nn.functional.conv2d(t[0], kernel, null, padding: [1, 1]).narrow(2, 1, x.shape[2]).narrow(3, 1, x.shape[3]);
                return nn.functional.pixel_shuffle(phases, 2) + t[2].reshape(1, 1, 1, 1);
            }
            var input = ToChannelsLast(x);
            double difference = (SubPixel([input, w, bias]) - AsFunction(l)([input, w, bias])).abs().max().ToDouble();
            var onednn = Elementwise("oneDNN", reps, [input, w, bias], AsFunction(l));
            var subPixel = Elementwise("sub-pixel", reps, [input, w, bias], SubPixel);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"candidate: decoder.{i} {l} as a sub-pixel convolution (max |difference| {difference:G2}): forward {subPixel.Forward:F3} ms and " +
                $"backward {subPixel.InputGrad:F3} ms, against {onednn.Forward:F3} and {onednn.InputGrad:F3} ms in oneDNN"));
        });

    // Runs the decoder from z, handing each layer that pick selects to visit with (index, spec, weight, bias, its input).
    private static void ForDecoderLayers(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor z,
        Func<LayerSpec, bool> pick, Action<int, LayerSpec, Tensor, Tensor, Tensor> visit)
    {
        var x = z.detach();
        for (int i = 0; i < spec.Decoder.Count; i++)
        {
            var layer = leaves[$"decoder.{i}"];
            if (pick(spec.Decoder[i]))
                visit(i, spec.Decoder[i], ParameterOf(layer, "weight"), ParameterOf(layer, "bias"), x);
            using (no_grad()) x = layer.call(x);
        }
    }

    private static Tensor ParameterOf(nn.Module<Tensor, Tensor> layer, string name) =>
        layer.named_parameters().First(p => p.name == name).parameter;

    // x [N, C_in, H, W], weight [C_in, C_out, k, k]: each input position's k×k block of every output channel, summed by fold.
    private static Tensor ByFold(Tensor x, Tensor weight, Tensor bias, long k, long s, long p, long o)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        long block = weight.shape[1] * k * k;
        var blocks = x.permute(0, 2, 3, 1).reshape(n * h * w, c).matmul(weight.reshape(c, block)).reshape(n, h * w, block).transpose(1, 2);
        long outH = (h - 1) * s - 2 * p + k + o, outW = (w - 1) * s - 2 * p + k + o;
        return nn.functional.fold(blocks, (outH, outW), (k, k), padding: (p, p), stride: (s, s)) + bias.reshape(1, -1, 1, 1);
    }

    // A candidate measured, not adopted: every (transposed) convolution with its input and weight in the
    // channels-last layout (NHWC strides of the same NCHW tensor), the layout oneDNN's kernels use natively.
    private static void ChannelsLastConvolutions(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor images, int reps)
    {
        double[] plain = new double[2], last = new double[2];
        ForConvolutions(spec, leaves, images, (_, l, w, bias, x) =>
        {
            var f = AsFunction(l);
            var a = Elementwise("nchw", reps, [x, w, bias], f);
            var b = Elementwise("nhwc", reps, [ToChannelsLast(x), ToChannelsLast(w), bias], f);
            (plain[0], plain[1], last[0], last[1]) = (plain[0] + a.Forward, plain[1] + a.InputGrad, last[0] + b.Forward, last[1] + b.InputGrad);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"candidate: every convolution channels-last: forward {last[0]:F2} ms and backward {last[1]:F2} ms, " +
            $"against {plain[0]:F2} and {plain[1]:F2} ms in NCHW"));
    }

    // Runs the network from the images (the decoder from μ), handing each (transposed) convolution to visit with
    // (its name, spec, weight, bias, its input).
    private static void ForConvolutions(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor images,
        Action<string, LayerSpec, Tensor, Tensor, Tensor> visit)
    {
        Tensor Walk(string section, IReadOnlyList<LayerSpec> layers, Tensor x)
        {
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = leaves[$"{section}.{i}"];
                if (layers[i].Op is "conv2d" or "convt2d")
                    visit($"{section}.{i}", layers[i], ParameterOf(layer, "weight"), ParameterOf(layer, "bias"), x);
                using (no_grad()) x = layer.call(x);
            }
            return x;
        }
        var features = Walk("encoder", spec.Encoder, images);
        Tensor z;
        using (no_grad()) z = leaves["mu"].call(features);
        Walk("decoder", spec.Decoder, z);
    }

    // Adopted (session 13): the elementwise activation in front of the encoder's flatten runs on an NCHW
    // input. Its input comes channels-last from the convolution before it and its gradient in NCHW order
    // from the flatten; libtorch computes a backward on two layouts element by element.
    private static void ActivationBeforeFlatten(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor images, int reps)
    {
        int flatten = spec.Encoder.ToList().FindIndex(l => l.Op == "flatten");
        if (flatten < 2 || spec.Encoder[flatten - 1].Op is not ("relu" or "leakyrelu") || spec.Encoder[flatten - 2].Op != "conv2d") return;
        var act = spec.Encoder[flatten - 1];
        Func<Tensor, Tensor> f = act.Op == "relu" ? t => nn.functional.relu(t) : t => nn.functional.leaky_relu(t, act.Args[0]);
        Tensor h;
        using (no_grad())
            h = Enumerable.Range(0, flatten - 1).Aggregate(images, (t, i) => leaves[$"encoder.{i}"].call(t));
        h = ToChannelsLast(h); // as the engine's convolutions leave it
        var mixed = Elementwise("mixed", reps, [h], t => f(t[0]).flatten(1));
        var nchw = Elementwise("nchw", reps, [h], t => f(t[0].contiguous()).flatten(1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"adopted: encoder.{flatten - 1} {act} and flatten on an NCHW copy: forward {nchw.Forward:F3} ms and backward {nchw.InputGrad:F3} ms, " +
            $"against {mixed.Forward:F3} and {mixed.InputGrad:F3} ms on the channels-last input (a backward on two layouts)"));
    }

    // Each (transposed) convolution without its bias, the bias added after it, so the bias gradient is
    // autograd's sum over N, H, W instead of oneDNN's (a reference kernel for channels-last transposed
    // convolutions). Inputs channels-last, as the engine runs them. Adopted (session 13) for transposed
    // convolutions with more than one output channel (ConvTranspose2dBiasApart), where it gains.
    private static void BiasApart(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor images, int reps) =>
        ForConvolutions(spec, leaves, images, (name, l, w, bias, x) =>
        {
            var f = AsFunction(l);
            var input = ToChannelsLast(x);
            var inside = Elementwise("inside", reps, [input, w, bias], f);
            var apart = Elementwise("apart", reps, [input, w, bias], t => f([t[0], t[1], null!]) + t[2].reshape(1, -1, 1, 1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"candidate: {name} {l} with its bias added apart: forward {apart.Forward:F3} ms and backward {apart.InputGrad:F3} ms, " +
                $"against {inside.Forward:F3} and {inside.InputGrad:F3} ms"));
        });

    // A candidate measured, not adopted: every linear layer and (transposed) convolution computed in
    // bfloat16 with float32 master weights, as torch.autocast("cpu", torch.bfloat16) does (its cast
    // policy runs linear, conv2d and conv_transpose2d in the lower precision): the input, weight and
    // bias cast down, the output cast back to float32; the casts and their gradients are timed with it.
    private static void BFloat16Layers(ArchitectureSpec spec, Dictionary<string, nn.Module<Tensor, Tensor>> leaves, Tensor images, int reps)
    {
        static Tensor Down(Tensor t) => t.to(ScalarType.BFloat16);
        double[] f32 = new double[2], bf16 = new double[2];
        void Add(LayerSpec l, nn.Module<Tensor, Tensor> layer, Tensor x)
        {
            if (l.Op is not ("linear" or "conv2d" or "convt2d")) return;
            var (w, bias) = (ParameterOf(layer, "weight"), ParameterOf(layer, "bias"));
            var f = AsFunction(l);
            var a = Elementwise("float32", reps, [x, w, bias], f);
            var b = Elementwise("bfloat16", reps, [x, w, bias], t => f([.. t.Select(Down)]).to(ScalarType.Float32));
            (f32[0], f32[1], bf16[0], bf16[1]) = (f32[0] + a.Forward, f32[1] + a.InputGrad, bf16[0] + b.Forward, bf16[1] + b.InputGrad);
        }
        Tensor Walk(string section, IReadOnlyList<LayerSpec> layers, Tensor x)
        {
            for (int i = 0; i < layers.Count; i++)
            {
                Add(layers[i], leaves[$"{section}.{i}"], x);
                using (no_grad()) x = leaves[$"{section}.{i}"].call(x);
            }
            return x;
        }
        var features = Walk("encoder", spec.Encoder, images);
        foreach (var head in new[] { "mu", "log_var" })
            Add(new LayerSpec("linear", [features.shape[1], spec.LatentSize]), leaves[head], features);
        Tensor z;
        using (no_grad()) z = leaves["mu"].call(features);
        Walk("decoder", spec.Decoder, z);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"candidate: every linear layer and convolution in bfloat16 (float32 master weights, casts included): forward {bf16[0]:F2} ms " +
            $"and backward {bf16[1]:F2} ms, against {f32[0]:F2} and {f32[1]:F2} ms in float32"));
    }

    // The same [N, C, H, W] values with NHWC strides, a copy. For C = 1 too: libtorch reads the layout from the strides.
    private static Tensor ToChannelsLast(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    // A linear, conv2d or convt2d layer as a function of (input, weight, bias), so a candidate can feed it other tensors.
    private static Func<Tensor[], Tensor> AsFunction(LayerSpec l)
    {
        if (l.Op == "linear") return t => nn.functional.linear(t[0], t[1], t[2]);
        long s = (long)l.Args[3], p = (long)l.Args[4];
        if (l.Op == "conv2d") return t => nn.functional.conv2d(t[0], t[1], t[2], strides: [s, s], padding: [p, p]);
        long o = (long)l.Args[5];
        return t => nn.functional.conv_transpose2d(t[0], t[1], t[2], strides: [s, s], padding: [p, p], output_padding: [o, o]);
    }

    // Multiply-adds of a Linear, Conv2d or ConvTranspose2d forward pass over the whole batch, from its weight and the tensors' shapes.
    private static double MultiplyAdds(nn.Module<Tensor, Tensor> layer, Tensor x, Tensor y)
    {
        if (layer.named_parameters().FirstOrDefault(p => p.name == "weight").parameter is not { } w) return 0;
        double perWeight = w.shape.Length == 2 ? x.shape[0] // linear: one multiply-add per weight and image
            : layer.GetType().Name.Contains("Transpose", StringComparison.Ordinal) ? x.shape[0] * x.shape[2] * x.shape[3] // per input position
            : y.shape[0] * y.shape[2] * y.shape[3]; // convolution: per output position
        return perWeight * w.numel();
    }

    private static Row Elementwise(string name, int reps, Tensor[] inputs, Func<Tensor[], Tensor> f)
    {
        var leaves = inputs.Select(t => t.detach().requires_grad_(true)).ToArray();
        double forward = Median(reps, () => f(leaves).Dispose());
        var g = randn_like(f(leaves).detach());
        double backward = Median(reps, () => Grad(f(leaves), leaves, g), untimedSetup: true);
        return new(name, forward, backward, 0);
    }

    private static double OptimizerStep(VaeNet net, int reps)
    {
        var parameters = net.parameters().ToList();
        using var adam = new FusedAdam(parameters, 1e-3);
        foreach (var p in parameters) p.grad = randn_like(p).DetachFromDisposeScope();
        return Median(reps, adam.Step);
    }

    // The engine's whole step on real batches, as training runs it.
    private static double EngineStep(ArchitectureSpec spec, ImageDataset images, int batch, int reps)
    {
        using var model = TorchVaeModel.Create(spec, seed: 0);
        model.SetOptimizer(OptimizerKind.Adam, 1e-3);
        int stride = batch * spec.Input.Size, i = 0;
        return Median(reps, () => model.TrainStep(images.Pixels.AsSpan(i++ % 8 * stride, stride), 1.0, ReconstructionLoss.Bce));
    }

    // The backward pass alone is timed: Median's timer starts after the forward that builds the graph.
    private static Action Grad(Tensor output, IList<Tensor> inputs, Tensor g) => () =>
    {
        using var scope = NewDisposeScope();
        torch.autograd.grad([output], inputs, [g]);
    };

    private static double Median(int reps, Action pass)
    {
        for (int w = 0; w < 10; w++) pass();
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            pass();
            times[r] = clock.Elapsed.TotalMilliseconds;
        }
        return Stats.Median(times);
    }

    // A pass whose graph is built before the timer starts.
    private static double Median(int reps, Func<Action> setup, bool untimedSetup)
    {
        for (int w = 0; w < 10; w++)
            using (NewDisposeScope()) setup()();
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            using var scope = NewDisposeScope();
            var timed = setup();
            var clock = Stopwatch.StartNew();
            timed();
            times[r] = clock.Elapsed.TotalMilliseconds;
        }
        return Stats.Median(times);
    }

    private static void Print(string preset, List<Row> rows, double step)
    {
        var c = CultureInfo.InvariantCulture;
        double sum = rows.Sum(r => r.Total);
        Console.WriteLine();
        Console.WriteLine($"{preset}: engine step {step.ToString("F2", c)} ms");
        Console.WriteLine($"{"pass",-52} {"forward",9} {"input-grad",11} {"weight-grad",12} {"total",8} {"share",7} {"fwd GFLOP/s",12}");
        foreach (var r in rows.Append(new Row("the rest (dispatch, allocation, autograd, threads)", step - sum, 0, 0)))
            Console.WriteLine(
                string.Create(c, $"{r.Name,-52} {r.Forward,9:F3} {r.InputGrad,11:F3} {r.WeightGrad,12:F3} {r.Total,8:F3} {r.Total / step,7:P0} {(r.ForwardGflops > 0 ? r.ForwardGflops.ToString("F1", c) : ""),12}")
            );
    }
}

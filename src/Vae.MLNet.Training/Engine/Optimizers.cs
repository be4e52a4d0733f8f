using TorchSharp;
using TorchSharp.Modules;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>An optimizer of the engine: zero_grad / step, a learning rate, and state for checkpoints.</summary>
internal interface IVaeOptimizer : IDisposable
{
    /// <summary>"adam" or "adamax" (<see cref="OptimizerNames"/>), as checkpoints record it.</summary>
    string Kind { get; }
    void ZeroGrad();
    void Step();
    void SetLearningRate(double learningRate);
    void Save(BinaryWriter writer);
    void Load(BinaryReader reader);
}

internal static class Optimizers
{
    /// <summary>
    /// Adam on the CPU is <see cref="FusedAdam"/> (one pass per parameter; TorchSharp does not expose
    /// libtorch's fused kernel); Adam on another device and Adamax are TorchSharp's own, which follow
    /// torch.optim line by line.
    /// </summary>
    /// <exception cref="TorchEngineException">Unknown kind.</exception>
    public static IVaeOptimizer Create(OptimizerKind kind, IReadOnlyList<Parameter> parameters, double learningRate, Device device) =>
        kind switch
        {
            OptimizerKind.Adam when device.type == DeviceType.CPU => new FusedAdam(parameters, learningRate),
            OptimizerKind.Adam => new TorchSharpOptimizer(OptimizerNames.Adam, optim.Adam(parameters, learningRate)),
            OptimizerKind.Adamax => new TorchSharpOptimizer(OptimizerNames.Adamax, optim.Adamax(parameters, learningRate)),
            _ => throw new TorchEngineException(
                TorchErrorCode.Argument,
                $"unknown optimizer {(int)kind} (expected {OptimizerNames.Adam} or {OptimizerNames.Adamax})"
            ),
        };

    private sealed class TorchSharpOptimizer(string kind, OptimizerHelper optimizer) : IVaeOptimizer
    {
        public string Kind => kind;

        public void ZeroGrad() => optimizer.zero_grad();

        public void Step() => optimizer.step();

        public void SetLearningRate(double learningRate)
        {
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = learningRate;
        }

        public void Save(BinaryWriter writer) => optimizer.save_state_dict(writer);

        public void Load(BinaryReader reader) => optimizer.load_state_dict(reader);

        public void Dispose() => optimizer.Dispose();
    }
}

using Vae.MLNet.Models;

namespace Vae.MLNet.Models.Tests;

public class NameTableTests
{
    [Fact]
    public void EveryValueOfEachEnumHasANameThatParsesBackInAnyCase()
    {
        foreach (var kind in Enum.GetValues<OptimizerKind>())
        {
            Assert.True(OptimizerNames.TryParse(kind.Name().ToUpperInvariant(), out var parsed));
            Assert.Equal(kind, parsed);
        }
        foreach (var kind in Enum.GetValues<ModelKind>())
        {
            Assert.True(ModelKindNames.TryParse(kind.Name(), out var parsed));
            Assert.Equal(kind, parsed);
        }
        foreach (var loss in Enum.GetValues<ReconstructionLoss>())
        {
            Assert.True(ReconstructionLossNames.TryParse(loss.Name(), out var parsed));
            Assert.Equal(loss, parsed);
        }
        Assert.Equal(["adam", "adamax"], Enum.GetValues<OptimizerKind>().Select(k => k.Name()));
        Assert.Equal(["ae", "vae"], Enum.GetValues<ModelKind>().Select(k => k.Name()));
        Assert.Equal(["bce", "mse"], Enum.GetValues<ReconstructionLoss>().Select(k => k.Name()));
    }

    [Fact]
    public void AnUnknownNameIsRefusedAndAnUndefinedValueNamesItsType()
    {
        Assert.False(OptimizerNames.TryParse("sgd", out _));
        Assert.False(ModelKindNames.TryParse(null, out _));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ((OptimizerKind)7).Name());
        Assert.Contains("OptimizerKind 7 has no name; expected adam or adamax.", e.Message);
    }
}

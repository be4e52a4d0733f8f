using Vae.MLNet.Runs;
using Vae.MLNet.Training;

namespace Vae.MLNet.Training.Tests;

/// <summary>The callbacks on scripted validation-loss sequences, against Keras' definitions.</summary>
public class CallbackTests
{
    [Fact]
    public void TheAutomaticBatchSizeLeavesAnEpochAtLeast200StepsBetween32And128()
    {
        var auto = new TrainingOptions();
        Assert.Equal(128, auto.BatchSizeFor(57_000)); // Fashion-MNIST's training split less validation
        Assert.Equal(64, auto.BatchSizeFor(19_000));
        Assert.Equal(32, auto.BatchSizeFor(7_600));   // an 8,000-image dataset
        Assert.Equal(32, auto.BatchSizeFor(100));
        Assert.Equal(128, auto.BatchSizeFor(25_600)); // exactly 200 steps of 128
        Assert.Equal(64, auto.BatchSizeFor(25_599));
        Assert.Equal(100, (auto with { BatchSize = 100 }).BatchSizeFor(7_600)); // a set batch size is kept
    }

    [Fact]
    public void TheAutomaticEpochsMakeAtLeast3500StepsBetween8And100Epochs()
    {
        var auto = new TrainingOptions();
        Assert.Equal(8, auto.EpochsFor(57_000));   // 446 steps of 128 per epoch: 3,568 in 8 (the main job)
        Assert.Equal(18, auto.EpochsFor(26_082));  // Sign-Language-MNIST less validation: 204 steps of 128, 3,672 in 18
        Assert.Equal(15, auto.EpochsFor(7_600));   // 238 steps of 32: 3,570 in 15
        Assert.Equal(78, auto.EpochsFor(1_425));   // 45 steps of 32: 3,510 in 78
        Assert.Equal(100, auto.EpochsFor(100));    // 4 steps of 32: capped
        Assert.Equal(8, auto.EpochsFor(2_000_000)); // never fewer than 8
        Assert.Equal(3, (auto with { Epochs = 3 }).EpochsFor(7_600)); // a set count is kept
        Assert.Equal(47, (auto with { BatchSize = 100 }).EpochsFor(7_600)); // 76 steps of a set batch of 100: 3,572 in 47
        Assert.Equal("8 (automatic)", auto.EpochsText(57_000));
        Assert.Equal("automatic", auto.EpochsText(null));
        Assert.Equal("3", (auto with { Epochs = 3 }).EpochsText(57_000));
        Assert.Equal("32 (automatic)", auto.BatchSizeText(7_600));
    }

    [Fact]
    public void CosineScheduleFollowsSgdrEquation5()
    {
        // η_t = η_min + ½(η₀ − η_min)(1 + cos(π t / T)), T = 100 steps.
        double At(long t, double floor = 0) => LearningRateSchedules.At(LearningRateSchedule.Cosine, 1e-3, floor, t, 100);
        Assert.Equal(1e-3, At(0), 15);
        Assert.Equal(0.5e-3, At(50), 15);
        Assert.Equal(1e-3 * 0.5 * (1 + Math.Cos(Math.PI / 4)), At(25), 15);
        Assert.Equal(0, At(100), 15);
        Assert.Equal(1e-5 + 0.5 * (1e-3 - 1e-5), At(50, floor: 1e-5), 15);
        Assert.Equal(1e-5, At(400, floor: 1e-5), 15); // past the end it stays at the floor
        Assert.Equal(1e-3, LearningRateSchedules.At(LearningRateSchedule.Constant, 1e-3, 1e-5, 73, 100));
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEpochsWithoutImprovementByMinDelta()
    {
        var es = new EarlyStopping(patience: 2, minDelta: 0.5);
        var state = EarlyStopping.Initial;
        // epoch: 1 improves; 2 improves (9.0 < 10 - 0.5); 3 not by min_delta (8.6 > 8.5); 4 not: stop (wait 2).
        double[] losses = [10.0, 9.0, 8.6, 9.5, 1.0];
        var stops = new List<bool>();
        var improved = new List<bool>();
        for (int e = 0; e < 4; e++)
        {
            var (next, better, stop) = es.Update(state, e + 1, losses[e]);
            state = next;
            improved.Add(better);
            stops.Add(stop);
        }
        Assert.Equal([true, true, false, false], improved);
        Assert.Equal([false, false, false, true], stops);
        Assert.Equal(new EarlyStopping.State(9.0, 2, 2), state);
    }

    [Fact]
    public void ReduceLrOnPlateauHalvesAfterPatienceAndStopsAtTheFloor()
    {
        var plateau = new ReduceLrOnPlateau(factor: 0.5, patience: 2, minLr: 0.2, minDelta: 1e-4);
        var state = ReduceLrOnPlateau.Initial;
        double lr = 1.0;
        var rates = new List<double>();
        // 5 improves; then flat: every 2nd flat epoch cuts the rate: 0.5, 0.25, then the floor 0.2, then stays.
        foreach (var loss in new[] { 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 4.0, 4.0 })
        {
            (state, lr) = plateau.Update(state, loss, lr);
            rates.Add(lr);
        }
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2], rates);
        Assert.Equal(new ReduceLrOnPlateau.State(4.0, 1), state);
    }

    [Fact]
    public void ImprovementSmallerThanMinDeltaDoesNotResetThePlateau()
    {
        var plateau = new ReduceLrOnPlateau(factor: 0.1, patience: 1, minLr: 0, minDelta: 0.01);
        var (state, lr) = plateau.Update(ReduceLrOnPlateau.Initial, 1.0, 1e-3);
        (state, lr) = plateau.Update(state, 0.995, lr); // better, but by less than min_delta
        Assert.Equal(1e-4, lr, 12);
        Assert.Equal(1.0, state.Best);
    }
}

namespace Vae.MLNet.Runs;

/// <summary>How the learning rate moves during a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The rate stays at its initial value (ReduceLROnPlateau may still cut it).</summary>
    Constant = 0,

    /// <summary>
    /// Cosine decay from the initial rate η₀ to the floor η_min over every optimizer step of the run
    /// (Loshchilov &amp; Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts", eq. 5,
    /// one cycle, no restart; PyTorch's <c>CosineAnnealingLR</c> stepped per batch):
    /// η_t = η_min + ½ (η₀ − η_min)(1 + cos(π t / T)), t the step, T the run's steps.
    /// </summary>
    Cosine = 1,
}

/// <summary>The learning rate of a schedule at a given step.</summary>
public static class LearningRateSchedules
{
    /// <summary>The rate for optimizer step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="initial">η₀ &gt; 0.</param>
    /// <param name="floor">η_min ≥ 0 (<see cref="TrainingOptions.MinLearningRate"/>).</param>
    /// <param name="step">Steps taken before this one.</param>
    /// <param name="totalSteps">Steps in the whole run (epochs × batches per epoch).</param>
    public static double At(LearningRateSchedule schedule, double initial, double floor, long step, long totalSteps) =>
        schedule switch
        {
            LearningRateSchedule.Cosine => floor
                + 0.5 * (initial - floor) * (1 + Math.Cos(Math.PI * Math.Min(step, totalSteps) / Math.Max(1, totalSteps))),
            _ => initial,
        };
}

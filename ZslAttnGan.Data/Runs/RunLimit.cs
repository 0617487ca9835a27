namespace ZslAttnGan.Runs;

/// <summary>When a training phase stops: after <see cref="Steps"/> steps in all, after <see cref="Budget"/> of wall
/// time, or at whichever comes first when both are set. At least one must be set.</summary>
/// <param name="Steps">Total steps (a resumed run counts the steps done before).</param>
/// <param name="Budget">Wall-time budget of this run of the phase.</param>
public sealed record RunLimit(long? Steps, TimeSpan? Budget)
{
    /// <summary>Stop after <paramref name="steps"/> steps.</summary>
    public static RunLimit OfSteps(long steps) => new(steps, null);

    /// <summary>Stop when <paramref name="budget"/> has passed.</summary>
    public static RunLimit OfTime(TimeSpan budget) => new(null, budget);

    /// <summary>Throws <see cref="ArgumentException"/> when neither limit is set or one is not positive.</summary>
    public void Validate()
    {
        if (Steps is null && Budget is null) throw new ArgumentException("Give a number of steps or a time budget.");
        if (Steps is <= 0) throw new ArgumentException($"The number of steps must be positive (got {Steps}).");
        if (Budget is { } b && b <= TimeSpan.Zero) throw new ArgumentException($"The time budget must be positive (got {b}).");
    }
}

namespace ZslAttnGan.Training;

/// <summary>
/// Watches a training run: the trainer calls each of <see cref="Trainer.Observers"/> in order at these points, on the
/// training thread, between steps (never inside one). Every member has an empty default, so an observer implements
/// only what it needs. Built in: <see cref="Observers.MetricsCsvObserver"/> (metrics.csv),
/// <see cref="Observers.LossPlotObserver"/> (PNG plots) and <see cref="Observers.TensorBoardObserver"/>.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>A <see cref="Trainer.Train"/> call starts (a resumed run starts at <see cref="Trainer.State"/>'s step).</summary>
    void OnRunStart(Trainer trainer, long totalSteps) { }

    /// <summary>After every step.</summary>
    void OnStep(Trainer trainer, TrainingProgress progress) { }

    /// <summary>Every <see cref="TrainingOptions.LogInterval"/> steps and at the run's last step (when the interval is
    /// positive): the step at which losses are logged.</summary>
    void OnLog(Trainer trainer, TrainingProgress progress) { }

    /// <summary>Every <see cref="TrainingOptions.PreviewInterval"/> steps.</summary>
    void OnPreview(Trainer trainer, long step) { }

    /// <summary>After a checkpoint was written to <paramref name="directory"/>.</summary>
    void OnCheckpoint(Trainer trainer, string directory) { }

    /// <summary>The <see cref="Trainer.Train"/> call ends (done or cancelled), after its final checkpoint.</summary>
    void OnRunEnd(Trainer trainer, TrainingResult result) { }
}

namespace ZslAttnGan.Evaluation;

/// <summary>Which classes a metric value was measured on.</summary>
public enum EvaluationSplit
{
    /// <summary>Classes the model was trained on (held-out images of them where the dataset has an image split).</summary>
    Seen,

    /// <summary>Zero-shot classes: never seen in training.</summary>
    Unseen,

    /// <summary>Seen and unseen classes together (generalised zero-shot metrics).</summary>
    All,
}

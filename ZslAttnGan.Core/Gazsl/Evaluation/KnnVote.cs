using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Evaluation;

/// <summary>K-NN vote result (tensors owned by the caller).</summary>
/// <param name="NeighbourIndices">the K most similar generated rows, most similar first [N, K] (int64).</param>
/// <param name="NeighbourClasses">their classes = index / samplesPerClass [N, K] (int64).</param>
/// <param name="Predictions">the majority class of each row [N] (int64); ties go to the smallest class index.</param>
public sealed record KnnVoteResult(Tensor NeighbourIndices, Tensor NeighbourClasses, Tensor Predictions);

/// <summary>
/// The reference's K-NN classifier over generated features (<c>eval_fakefeat_test</c>): generated rows are stacked
/// class by class, <c>samplesPerClass</c> rows each (row r belongs to class r / samplesPerClass); each real feature
/// takes its K most similar generated rows and predicts the class most of them belong to. A tie goes to the smallest
/// class index (<c>np.unique</c> sorts, <c>np.argmax</c> takes the first maximum).
/// </summary>
public static class KnnVote
{
    /// <summary>Classifies each row of <paramref name="similarity"/> [N, C·samplesPerClass].</summary>
    /// <exception cref="ArgumentException">The columns are not a whole number of class blocks, or K is not in
    /// 1..columns.</exception>
    public static KnnVoteResult Classify(Tensor similarity, int samplesPerClass, int k)
    {
        Guard.Shape(similarity, nameof(similarity), "[N, C*samplesPerClass]", -1, -1);
        Guard.Floating(similarity, nameof(similarity));
        Guard.Positive(samplesPerClass, nameof(samplesPerClass));
        long columns = similarity.shape[1];
        if (columns == 0 || columns % samplesPerClass != 0)
            throw new ArgumentException($"similarity has {columns} columns, not a positive multiple of samplesPerClass = {samplesPerClass}.", nameof(similarity));
        if (k < 1 || k > columns)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in 1..{columns} (the generated rows).");
        int classes = (int)(columns / samplesPerClass);

        using var scope = NewDisposeScope();
        var (_, indices) = similarity.topk(k, dim: 1, largest: true, sorted: true);
        var blockSize = tensor((long)samplesPerClass, device: indices.device);
        var neighbourClasses = indices.div(blockSize, rounding_mode: RoundingMode.floor);
        long rows = similarity.shape[0];
        var votes = neighbourClasses.cpu().data<long>().ToArray();
        var predictions = new long[rows];
        var counts = new int[classes];
        for (long i = 0; i < rows; i++)
        {
            Array.Clear(counts);
            for (int j = 0; j < k; j++) counts[votes[i * k + j]]++;
            int best = 0;
            for (int c = 1; c < classes; c++) if (counts[c] > counts[best]) best = c;   // strict: first maximum wins
            predictions[i] = best;
        }
        var preds = tensor(predictions, device: similarity.device);
        return new KnnVoteResult(indices.MoveToOuterDisposeScope(), neighbourClasses.MoveToOuterDisposeScope(), preds.MoveToOuterDisposeScope());
    }
}

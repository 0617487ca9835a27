using ZslAttnGan.Text;

namespace ZslAttnGan.Data.Pickles;

/// <summary>The content of AttnGAN's <c>captions.pickle</c>: word-id captions of both splits and the vocabulary.</summary>
/// <param name="Train">Train captions in <c>train/filenames.pickle</c> order, CAPTIONS_PER_IMAGE consecutive entries per image.</param>
/// <param name="Test">Test captions in <c>test/filenames.pickle</c> order, likewise.</param>
/// <param name="Vocabulary">The vocabulary from <c>ixtoword</c> (hash-ordered in the released files: keep it with the checkpoints).</param>
public sealed record AttnGanCaptions(IReadOnlyList<long[]> Train, IReadOnlyList<long[]> Test, Vocabulary Vocabulary);

namespace ZslAttnGan.Data.Gazsl;

/// <summary>The two text-based benchmarks of ZSL_GAN (Zhu et al., CVPR 2018), each with an easy (SCS) and a hard
/// (SCE) split.</summary>
public enum ZslGanBenchmark
{
    /// <summary>CUB-200-2011 with Wikipedia TF-IDF text (<c>data/CUB2011/</c>, <c>LoadDataset</c>).</summary>
    Cub2011,
    /// <summary>North American Birds (<c>data/NABird/</c>, <c>LoadDataset_NAB</c>).</summary>
    NABirds,
}

/// <summary>Which ZSL_GAN split: the "easy" super-category-shared split or the "hard" super-category-exclusive one.</summary>
public enum ZslGanSplit
{
    /// <summary>Super-category-shared (SCS): unseen classes have seen relatives.</summary>
    Easy,
    /// <summary>Super-category-exclusive (SCE).</summary>
    Hard,
}

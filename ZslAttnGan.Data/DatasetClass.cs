namespace ZslAttnGan.Data;

/// <summary>A class of a dataset.</summary>
/// <param name="Index">Dense index used in batches (0..K−1).</param>
/// <param name="SourceId">The id in the source files (CUB: 1..200; COCO: the category id).</param>
/// <param name="Name">The class name (CUB: "001.Black_footed_Albatross").</param>
public sealed record DatasetClass(int Index, int SourceId, string Name);

namespace ZslAttnGan.Data.Batching;

/// <summary>One decoded dataset row before collation.</summary>
/// <param name="DatasetIndex">Row index in the dataset.</param>
/// <param name="Images">CHW float arrays per scale.</param>
/// <param name="Caption">Word ids after the WORDS_NUM limit (not padded, length ≥ 1).</param>
/// <param name="CaptionIndex">Which caption of the image was drawn.</param>
internal sealed record Sample(int DatasetIndex, float[][] Images, long[] Caption, int CaptionIndex);

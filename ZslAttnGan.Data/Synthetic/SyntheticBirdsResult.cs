namespace ZslAttnGan.Data.Synthetic;

/// <summary>What <see cref="SyntheticBirdsGenerator"/> wrote.</summary>
/// <param name="Root">The CUB-format folder (pass it as <c>CubOptions.Root</c>).</param>
/// <param name="SeenClassesFile">Class names of the seen species, one per line (<c>CubSplit.Classes(file, true)</c>).</param>
/// <param name="UnseenClassesFile">Class names of the unseen species, one per line.</param>
/// <param name="AttributesFile">Ground-truth attributes per class and image (<see cref="AttributeAnnotations"/>).</param>
/// <param name="Species">Every species with its attribute values.</param>
/// <param name="ImageCount">Number of images written.</param>
public sealed record SyntheticBirdsResult(string Root, string SeenClassesFile, string UnseenClassesFile, string AttributesFile,
    IReadOnlyList<ClassAttributes> Species, int ImageCount);

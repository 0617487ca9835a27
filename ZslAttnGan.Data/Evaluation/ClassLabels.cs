using ZslAttnGan.Data;

namespace ZslAttnGan.Evaluation;

/// <summary>Class labels for the class-based metrics, which need every image to have a class.</summary>
internal static class ClassLabels
{
    /// <summary>The item's class index; an image without a class is an error naming it.</summary>
    public static int Of(DatasetItem item) => item.ClassIndex
        ?? throw new InvalidDataException($"Image '{item.Key}' has no class; the class-based evaluation needs a class for every image.");
}

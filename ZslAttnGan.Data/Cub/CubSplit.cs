namespace ZslAttnGan.Data.Cub;

/// <summary>Which images of CUB a dataset holds.</summary>
public abstract record CubSplit
{
    private protected CubSplit() { }

    /// <summary>Every image of <c>images.txt</c> (the ZSL-AttnGAN seed's behaviour).</summary>
    public static CubSplit All { get; } = new AllImages();

    /// <summary>CUB's own image-level split from <c>train_test_split.txt</c>.</summary>
    public static CubSplit Official(bool train) => new OfficialSplit(train);

    /// <summary>AttnGAN's split: <c>&lt;data dir&gt;/&lt;name&gt;/filenames.pickle</c> (+ <c>class_info.pickle</c>, and
    /// <c>captions.pickle</c> for the captions and vocabulary when present).</summary>
    /// <param name="name">"train" or "test".</param>
    public static CubSplit AttnGan(string name) => new AttnGanSplit(name);

    /// <summary>A class-level split (the zero-shot setting) from a file listing class names or ids, one per line.</summary>
    /// <param name="classFile">The file.</param>
    /// <param name="listed">True: the listed classes; false: every other class.</param>
    public static CubSplit Classes(string classFile, bool listed) => new ClassListSplit(classFile, listed);

    /// <summary>The images in both <paramref name="first"/> and <paramref name="second"/>, in <c>images.txt</c> order: e.g.
    /// the seen classes' training images, <c>Intersection(Classes(seen, true), Official(train: true))</c> (the generalised
    /// zero-shot protocol, which keeps the seen classes' test images for evaluation). AttnGAN's pickled splits cannot be
    /// combined.</summary>
    public static CubSplit Intersection(CubSplit first, CubSplit second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first is AttnGanSplit || second is AttnGanSplit)
            throw new ArgumentException("AttnGAN's pickled splits cannot be intersected with other splits.");
        return new IntersectionSplit(first, second);
    }

    /// <summary>Every image of <c>images.txt</c>.</summary>
    public sealed record AllImages : CubSplit;

    /// <summary>CUB's image-level split.</summary>
    /// <param name="Train">True: rows marked 1 in <c>train_test_split.txt</c>.</param>
    public sealed record OfficialSplit(bool Train) : CubSplit;

    /// <summary>AttnGAN's pickled split.</summary>
    /// <param name="Name">The folder name, "train" or "test".</param>
    public sealed record AttnGanSplit(string Name) : CubSplit;

    /// <summary>A class-list split.</summary>
    /// <param name="ClassFile">File with class names ("001.Black_footed_Albatross") or ids ("1"), one per line.</param>
    /// <param name="Listed">True: the listed classes; false: the others.</param>
    public sealed record ClassListSplit(string ClassFile, bool Listed) : CubSplit;

    /// <summary>The images of both splits.</summary>
    /// <param name="First">One split.</param>
    /// <param name="Second">The other.</param>
    public sealed record IntersectionSplit(CubSplit First, CubSplit Second) : CubSplit;
}

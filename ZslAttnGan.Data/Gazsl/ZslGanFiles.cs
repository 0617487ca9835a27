namespace ZslAttnGan.Data.Gazsl;

/// <summary>
/// The file names ZSL_GAN's <c>dataset.py</c> opens for a benchmark and split, and the class counts it hard-codes.
/// Paths are under the benchmark folder (<c>&lt;data&gt;/CUB2011</c> or <c>&lt;data&gt;/NABird</c>).
/// </summary>
public sealed record ZslGanFiles(
    string Folder,
    string TextFeatures,
    string Split,
    string TrainLabels,
    string TestLabels,
    string TrainFeatures,
    string TestFeatures,
    int HardCodedSeenClassCount,
    int HardCodedUnseenClassCount)
{
    /// <summary>The reference layout, for error messages.</summary>
    public const string ExpectedLayout =
        "expected ZSL_GAN's layout: <data>/CUB2011/{CUB_Porter_7551D_TFIDF_new.mat, train_test_split_{easy,hard}.mat, " +
        "pfc_feat_{train,test}{,_hard}.mat, labels_{train,test}{,_hard}.pkl} or <data>/NABird/{NAB_Porter_13217D_TFIDF_new.mat, " +
        "train_test_split_NABird_{easy,hard}.mat, pfc_feat_{train,test}_{easy,hard}.mat, labels_{train,test}{,_hard}.pkl}";

    /// <summary>The files of <paramref name="benchmark"/>/<paramref name="split"/>. <paramref name="dataRoot"/> is
    /// the reference's <c>data</c> folder (holding <c>CUB2011/</c> or <c>NABird/</c>) or the folder above it.</summary>
    public static ZslGanFiles For(string dataRoot, ZslGanBenchmark benchmark, ZslGanSplit split)
    {
        ArgumentNullException.ThrowIfNull(dataRoot);
        string sub = benchmark == ZslGanBenchmark.Cub2011 ? "CUB2011" : "NABird";
        string folder = Path.Combine(dataRoot, sub);
        if (!Directory.Exists(folder) && Directory.Exists(Path.Combine(dataRoot, "data", sub))) folder = Path.Combine(dataRoot, "data", sub);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"'{Path.Combine(dataRoot, sub)}' does not exist; {ExpectedLayout}.");
        string F(string name) => Path.Combine(folder, name);
        bool easy = split == ZslGanSplit.Easy;
        return benchmark == ZslGanBenchmark.Cub2011
            ? new ZslGanFiles(folder, F("CUB_Porter_7551D_TFIDF_new.mat"),
                F(easy ? "train_test_split_easy.mat" : "train_test_split_hard.mat"),
                F(easy ? "labels_train.pkl" : "labels_train_hard.pkl"), F(easy ? "labels_test.pkl" : "labels_test_hard.pkl"),
                F(easy ? "pfc_feat_train.mat" : "pfc_feat_train_hard.mat"), F(easy ? "pfc_feat_test.mat" : "pfc_feat_test_hard.mat"),
                easy ? 150 : 160, easy ? 50 : 40)
            : new ZslGanFiles(folder, F("NAB_Porter_13217D_TFIDF_new.mat"),
                F(easy ? "train_test_split_NABird_easy.mat" : "train_test_split_NABird_hard.mat"),
                F(easy ? "labels_train.pkl" : "labels_train_hard.pkl"), F(easy ? "labels_test.pkl" : "labels_test_hard.pkl"),
                F(easy ? "pfc_feat_train_easy.mat" : "pfc_feat_train_hard.mat"), F(easy ? "pfc_feat_test_easy.mat" : "pfc_feat_test_hard.mat"),
                323, 81);
    }
}

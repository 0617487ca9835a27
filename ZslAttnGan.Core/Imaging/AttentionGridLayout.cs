using static TorchSharp.torch;

namespace ZslAttnGan.Imaging;

/// <summary>
/// Sizes of an <see cref="AttentionGrid"/> picture, computed before drawing because the canvas must be allocated at
/// its final size and caption wrapping depends on the width, which depends on the longest caption's word count.
/// </summary>
internal sealed class AttentionGridLayout
{
    private AttentionGridLayout(int width, int height, int labelPadding, int labelHeight, int rowHeight,
                                IReadOnlyList<IReadOnlyList<string>> captionLines, IReadOnlyList<string> stageLabels, bool legend)
    {
        Legend = legend;
        Width = width;
        Height = height;
        LabelPadding = labelPadding;
        LabelHeight = labelHeight;
        RowHeight = rowHeight;
        CaptionLines = captionLines;
        StageLabels = stageLabels;
    }

    /// <summary>Whether the grid starts with an <see cref="AttentionLegend"/>.</summary>
    public bool Legend { get; }

    /// <summary>Canvas width.</summary>
    public int Width { get; }

    /// <summary>Canvas height.</summary>
    public int Height { get; }

    /// <summary>Blank pixels above and below a label inside its strip (and below a caption).</summary>
    public int LabelPadding { get; }

    /// <summary>Height of the label strip above each row of cells.</summary>
    public int LabelHeight { get; }

    /// <summary>Label strip plus cell.</summary>
    public int RowHeight { get; }

    /// <summary>Wrapped caption per sample (empty when there is none).</summary>
    public IReadOnlyList<IReadOnlyList<string>> CaptionLines { get; }

    /// <summary>Label above each stage's image, e.g. "64px".</summary>
    public IReadOnlyList<string> StageLabels { get; }

    public static AttentionGridLayout Of(IReadOnlyList<Tensor> images, int attentionStages,
                                         IReadOnlyList<IReadOnlyList<string>> words, IReadOnlyList<string>? captions,
                                         int samples, AttentionGridOptions options)
    {
        int scale = options.FontScale, cell = options.CellSize;
        int padding = scale;
        int labelHeight = BitmapFont.GlyphHeight * scale + 2 * padding;
        int rowHeight = labelHeight + cell;

        int columns = images.Count;
        if (attentionStages > 0)
        {
            for (int i = 0; i < samples; i++)
                columns = Math.Max(columns, 1 + Math.Min(words[i].Count, options.MaxWords));
        }
        int width = checked(2 * options.Margin + columns * cell + (columns - 1) * options.Gap);

        var captionLines = new List<IReadOnlyList<string>>();
        long height = 2L * options.Margin + (samples - 1) * (2L * options.Margin + 1);
        for (int i = 0; i < samples; i++)
        {
            var caption = captions?[i];
            var lines = string.IsNullOrWhiteSpace(caption)
                ? Array.Empty<string>()
                : BitmapFont.Wrap(caption, width - 2 * options.Margin, scale);
            captionLines.Add(lines);
            int rows = 1 + attentionStages;
            height += rows * (long)rowHeight + attentionStages * (long)options.Gap;
            if (lines.Count > 0) height += lines.Count * (long)BitmapFont.LineHeight * scale + padding;
        }
        bool legend = options.Legend && attentionStages > 0;
        if (legend) height += AttentionLegend.Height(width, options);
        // ImageSharp allocates width × height × 3 bytes in one go; refuse absurd sizes with a clear message.
        if (height > 65_535 || width > 65_535)
            throw new ArgumentException($"The preview would be {width}×{height} pixels; lower {nameof(options.MaxSamples)}, {nameof(options.MaxWords)} or {nameof(options.CellSize)}.", nameof(options));

        var stageLabels = images.Select(t => t.shape[2] == t.shape[3] ? $"{t.shape[3]}px" : $"{t.shape[3]}x{t.shape[2]}").ToList();
        return new AttentionGridLayout(width, (int)height, padding, labelHeight, rowHeight, captionLines, stageLabels, legend);
    }
}

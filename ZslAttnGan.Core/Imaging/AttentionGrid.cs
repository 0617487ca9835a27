using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Generation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Imaging;

/// <summary>
/// Renders the training/inference preview of AttnGAN's <c>save_img_results</c>/<c>build_super_images</c>: one block
/// per sample with
/// <list type="number">
/// <item>the caption (wrapped to the grid width), when given;</item>
/// <item>one row with the generated image of every stage, enlarged to the cell size and labelled with its size;</item>
/// <item>per refinement stage k+1, one row of attention cells: first the maximum over the caption's words
/// (label "max"), then one cell per word (labelled with the word). Each map is stretched from its minimum to its peak, upsampled bilinearly
/// and blended as a heat colour over the image that stage started from (<c>images[k]</c>, whose pixels the
/// attention's query positions are).</item>
/// </list>
/// Unlike the reference, only the caption's own words are shown (no padding columns), every row is labelled, and a
/// legend at the top gives the colour key (<see cref="AttentionGridOptions.Legend"/>), so the picture reads without
/// knowing the layout. A word too long for its cell at the grid's font scale is drawn smaller rather than running into
/// its neighbour's label.
/// </summary>
public static class AttentionGrid
{
    /// <summary>Renders a preview from a generator's output (its images and attention maps); see the other overload.</summary>
    /// <param name="output">What <see cref="AttnGenerator.Generate"/> returned.</param>
    /// <param name="words">The words of each sample's caption, in token order.</param>
    /// <param name="captions">Optional caption text per sample.</param>
    /// <param name="options">Layout; defaults to <see cref="AttentionGridOptions"/>' defaults.</param>
    /// <exception cref="ArgumentException">An input has the wrong shape, dtype or count (the message names it).</exception>
    public static Image<Rgb24> Render(GeneratorOutput output, IReadOnlyList<IReadOnlyList<string>> words,
                                      IReadOnlyList<string>? captions = null, AttentionGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Render(output.Images, output.AttentionMaps, words, captions, options);
    }

    /// <summary>Renders a preview grid. Tensors may live on any device and have any floating dtype; they are read, not
    /// modified. The caller owns (and disposes) the returned image.</summary>
    /// <param name="images">Generated images per stage, smallest first, each [B, 3, s, s] in [-1, 1].</param>
    /// <param name="attentionMaps">Word attention per refinement stage, each [B, T, h, w]; at most one per stage after
    /// the first (entry k belongs to stage k+1 and is drawn over <paramref name="images"/>[k]). May be empty.</param>
    /// <param name="words">The words of each sample's caption, in token order (at least as many entries as samples
    /// drawn). Word i labels attention channel i; padding channels beyond the list are ignored.</param>
    /// <param name="captions">Optional caption text per sample, written above its block.</param>
    /// <param name="options">Layout; defaults to <see cref="AttentionGridOptions"/>' defaults.</param>
    /// <exception cref="ArgumentException">An input has the wrong shape, dtype or count (the message names it).</exception>
    public static Image<Rgb24> Render(IReadOnlyList<Tensor> images, IReadOnlyList<Tensor> attentionMaps,
                                      IReadOnlyList<IReadOnlyList<string>> words, IReadOnlyList<string>? captions = null,
                                      AttentionGridOptions? options = null)
    {
        options ??= new AttentionGridOptions();
        options.Validate();
        int samples = Validate(images, attentionMaps, words, captions, options.MaxSamples);

        using var scope = NewDisposeScope();
        int cell = options.CellSize;
        var stageCells = images
            .Select(t => AttentionOverlay.Resize(OnCpu(t, samples), cell, options.ImageUpsampling))
            .ToList();
        var attention = attentionMaps.Select(t => OnCpu(t, samples)).ToList();

        var layout = AttentionGridLayout.Of(images, attention.Count, words, captions, samples, options);
        var canvas = new Image<Rgb24>(layout.Width, layout.Height, options.Background);
        try
        {
            int y = options.Margin;
            if (layout.Legend) y = AttentionLegend.Draw(canvas, y, options);
            for (int i = 0; i < samples; i++)
            {
                if (i > 0)
                {
                    // A thin rule between samples: blocks are tall and otherwise run into each other.
                    Canvas.Fill(canvas, 0, y + options.Margin, layout.Width, 1, options.SeparatorColour);
                    y += 2 * options.Margin + 1;
                }
                y = DrawSample(canvas, i, y, stageCells, attention, words[i], layout, options);
            }
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
        return canvas;
    }

    private static int DrawSample(Image<Rgb24> canvas, int i, int y, List<Tensor> stageCells, List<Tensor> attention,
                                  IReadOnlyList<string> words, AttentionGridLayout layout, AttentionGridOptions options)
    {
        int scale = options.FontScale, left = options.Margin;
        foreach (var line in layout.CaptionLines[i])
        {
            BitmapFont.DrawText(canvas, line, left, y, options.TextColour, scale);
            y += BitmapFont.LineHeight * scale;
        }
        if (layout.CaptionLines[i].Count > 0) y += layout.LabelPadding;

        // Stage row: one generated image per stage.
        var stageImages = new List<Image<Rgb24>>();
        try
        {
            foreach (var stage in stageCells)
            {
                using var single = stage[i];
                stageImages.AddRange(ImageTensors.ToImages(single));
            }
            DrawRow(canvas, y, stageImages, layout.StageLabels, layout, options);
        }
        finally
        {
            foreach (var image in stageImages) image.Dispose();
        }
        y += layout.RowHeight;

        int shown = Math.Min(words.Count, options.MaxWords);
        var labels = new List<string> { "max" };
        labels.AddRange(words.Take(shown));
        for (int k = 0; k < attention.Count; k++)
        {
            y += options.Gap;
            Image<Rgb24>[] cells;
            using (var cellScope = NewDisposeScope())
                cells = ImageTensors.ToImages(AttentionOverlay.Render(attention[k][i], words.Count, shown, stageCells[k][i], options.AttentionAlpha));
            try
            {
                DrawRow(canvas, y, cells, labels, layout, options);
            }
            finally
            {
                foreach (var image in cells) image.Dispose();
            }
            y += layout.RowHeight;
        }
        return y;
    }

    /// <summary>Draws cells left to right, each with its label in the strip above it.</summary>
    private static void DrawRow(Image<Rgb24> canvas, int y, IReadOnlyList<Image<Rgb24>> cells, IReadOnlyList<string> labels,
                                AttentionGridLayout layout, AttentionGridOptions options)
    {
        int scale = options.FontScale, cell = options.CellSize;
        for (int c = 0; c < cells.Count; c++)
        {
            int x = options.Margin + c * (cell + options.Gap);
            var (label, labelScale) = FitLabel(labels[c], cell + options.Gap - BitmapFont.Advance * scale, scale);
            // A smaller label sits on the strip's baseline, so a row's words still line up.
            int labelY = y + layout.LabelPadding + (scale - labelScale) * BitmapFont.GlyphHeight;
            BitmapFont.DrawText(canvas, label, x, labelY, options.TextColour, labelScale);
            Canvas.Blit(canvas, cells[c], x, y + layout.LabelHeight);
        }
    }

    /// <summary>A label that leaves at least one space before the next cell's label: at the grid's font scale when it
    /// fits, else at scale 1 (so "creature" stays a word instead of running into "this"), else shortened.</summary>
    internal static (string Text, int Scale) FitLabel(string label, int room, int scale)
    {
        if (BitmapFont.MeasureWidth(label, scale) <= room) return (label, scale);
        if (scale > 1 && BitmapFont.MeasureWidth(label, 1) <= room) return (label, 1);
        return (BitmapFont.Fit(label, room, 1), 1);
    }

    /// <summary>First <paramref name="samples"/> items of a batch as float32 on the CPU, detached.</summary>
    private static Tensor OnCpu(Tensor t, int samples) =>
        t.detach().narrow(0, 0, samples).cpu().to_type(ScalarType.Float32);

    /// <summary>Checks every input; returns how many samples will be drawn.</summary>
    private static int Validate(IReadOnlyList<Tensor> images, IReadOnlyList<Tensor> attentionMaps,
                                IReadOnlyList<IReadOnlyList<string>> words, IReadOnlyList<string>? captions, int maxSamples)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(attentionMaps);
        ArgumentNullException.ThrowIfNull(words);
        if (images.Count == 0)
            throw new ArgumentException($"{nameof(images)} must hold at least one stage.", nameof(images));
        long batch = -1;
        for (int k = 0; k < images.Count; k++)
        {
            var name = $"{nameof(images)}[{k}]";
            Guard.Shape(images[k], name, "[B, 3, s, s]", batch, 3, -1, -1);
            Guard.Floating(images[k], name);
            batch = images[k].shape[0];
            if (batch == 0 || images[k].shape[2] == 0 || images[k].shape[3] == 0)
                throw new ArgumentException($"{name} must not be empty but has shape {Guard.Shape(images[k])}.", nameof(images));
        }
        if (attentionMaps.Count > images.Count - 1)
            throw new ArgumentException($"{nameof(attentionMaps)} has {attentionMaps.Count} entries but {images.Count} stages have only {images.Count - 1} refinement stages.", nameof(attentionMaps));
        int samples = (int)Math.Min(batch, maxSamples);
        if (words.Count < samples)
            throw new ArgumentException($"{nameof(words)} has {words.Count} entries but {samples} samples are drawn.", nameof(words));
        if (captions is not null && captions.Count < samples)
            throw new ArgumentException($"{nameof(captions)} has {captions.Count} entries but {samples} samples are drawn.", nameof(captions));
        for (int i = 0; i < samples; i++)
        {
            if (words[i] is null || words[i].Any(w => w is null))
                throw new ArgumentException($"{nameof(words)}[{i}] must be a list of non-null words.", nameof(words));
        }
        for (int k = 0; k < attentionMaps.Count; k++)
        {
            var name = $"{nameof(attentionMaps)}[{k}]";
            Guard.Shape(attentionMaps[k], name, $"[{batch}, T, h, w]", batch, -1, -1, -1);
            Guard.Floating(attentionMaps[k], name);
            long t = attentionMaps[k].shape[1];
            if (attentionMaps[k].shape[2] == 0 || attentionMaps[k].shape[3] == 0)
                throw new ArgumentException($"{name} must not be empty but has shape {Guard.Shape(attentionMaps[k])}.", nameof(attentionMaps));
            for (int i = 0; i < samples; i++)
            {
                if (words[i].Count == 0 || words[i].Count > t)
                    throw new ArgumentException($"{nameof(words)}[{i}] has {words[i].Count} words but must have 1..{t} (the word channels of {name}).", nameof(words));
            }
        }
        return samples;
    }
}

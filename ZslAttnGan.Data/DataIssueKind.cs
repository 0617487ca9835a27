namespace ZslAttnGan.Data;

/// <summary>What a <see cref="DataIssue"/> is about, so code can react to it without parsing the message.</summary>
public enum DataIssueKind
{
    /// <summary>Anything not listed below (also the kind of issues created without one).</summary>
    Other,

    /// <summary>An image's caption file does not exist; the image was left out.</summary>
    MissingCaptionFile,

    /// <summary>An image has no usable caption left; the image was left out.</summary>
    NoUsableCaption,

    /// <summary>An image has fewer usable captions than the captions per image (after every caption left out was
    /// removed); it samples from its own captions only, never from another image's.</summary>
    FewerCaptions,

    /// <summary>A caption has no ASCII word (it exists only when AttnGAN's empty-caption behaviour is replicated, or as
    /// an empty list in <c>captions.pickle</c>); it was left out.</summary>
    EmptyCaption,

    /// <summary>Every word of a caption is missing from the vocabulary the dataset was loaded with; it was left out.</summary>
    CaptionWithoutKnownWord,

    /// <summary>Words missing from the vocabulary the dataset was loaded with were dropped from captions (one summary
    /// issue per load).</summary>
    UnknownWords,

    /// <summary>An image file is missing or its header could not be read; its size and crop are unknown. Loading goes
    /// on; the <see cref="Batching.DataLoader"/> fails on it, or skips it with <see cref="BadItemPolicy.SkipAndReport"/>.</summary>
    UnreadableImage,

    /// <summary>An image could not be decoded or cropped and was skipped by the <see cref="Batching.DataLoader"/>.</summary>
    UndecodableImage,

    /// <summary>An image's bounding box gives an empty crop on the image (decoding it will fail).</summary>
    EmptyCrop,
}

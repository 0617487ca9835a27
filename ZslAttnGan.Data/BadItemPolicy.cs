namespace ZslAttnGan.Data;

/// <summary>What loaders do with an image that cannot be used (undecodable, truncated, missing, without captions).</summary>
public enum BadItemPolicy
{
    /// <summary>Throw an exception naming the file (default).</summary>
    Throw,

    /// <summary>Leave the image out and record a <see cref="DataIssue"/> (and a log warning).</summary>
    SkipAndReport,
}

using CsCheck;

namespace ZslAttnGan.Tests.Data.Fuzzing;

/// <summary>One edit of an encoded image. Positions are taken modulo the current length, so any int is valid.</summary>
public abstract record Mutation
{
    /// <summary>Returns the edited copy (or the same array edited in place).</summary>
    public abstract byte[] Apply(FuzzFormat format, byte[] input);

    /// <summary>Maps an arbitrary non-negative position into [0, length).</summary>
    protected static int Wrap(int at, int length) => length == 0 ? 0 : at % length;
}

/// <summary>XORs one byte with a one-bit mask.</summary>
public sealed record FlipBit(int At, int Bit) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input)
    {
        if (input.Length > 0) input[Wrap(At, input.Length)] ^= (byte)(1 << Bit);
        return input;
    }
}

/// <summary>Overwrites a run of bytes (clipped at the end).</summary>
public sealed record Overwrite(int At, byte[] With) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input)
    {
        int at = Wrap(At, input.Length);
        for (int i = 0; i < With.Length && at + i < input.Length; i++) input[at + i] = With[i];
        return input;
    }

    /// <inheritdoc />
    public override string ToString() => $"Overwrite {{ At = {At}, With = {Convert.ToHexString(With)} }}";
}

/// <summary>Inserts bytes.</summary>
public sealed record Insert(int At, byte[] Bytes) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input)
    {
        int at = Wrap(At, input.Length + 1);
        return [.. input.AsSpan(0, at), .. Bytes, .. input.AsSpan(at)];
    }

    /// <inheritdoc />
    public override string ToString() => $"Insert {{ At = {At}, Bytes = {Convert.ToHexString(Bytes)} }}";
}

/// <summary>Deletes up to <see cref="Count"/> bytes.</summary>
public sealed record Delete(int At, int Count) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input)
    {
        int at = Wrap(At, input.Length);
        int n = Math.Min(Count, input.Length - at);
        return [.. input.AsSpan(0, at), .. input.AsSpan(at + n)];
    }
}

/// <summary>Keeps only a prefix: a file cut anywhere.</summary>
public sealed record Truncate(int At) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input) => input.AsSpan(0, Wrap(At, input.Length + 1)).ToArray();
}

/// <summary>Drops the last few bytes: a file cut just before its end marker.</summary>
public sealed record CutTail(int Count) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input) => input.AsSpan(0, Math.Max(0, input.Length - Count)).ToArray();
}

/// <summary>Sets the <see cref="Pick"/>-th header field of a kind (modulo their number) to a chosen value.</summary>
public sealed record LieAbout(FieldKind Kind, int Pick, ulong Value) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input)
    {
        var fields = HeaderFields.Find(format, input).Where(f => f.Kind == Kind).ToList();
        if (fields.Count > 0) fields[Pick % fields.Count].Write(input, Value);
        return input;
    }
}

/// <summary>Sets every width and height field (image and frame) to the given values.</summary>
public sealed record ClaimSize(ulong Width, ulong Height) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(FuzzFormat format, byte[] input)
    {
        foreach (var f in HeaderFields.Find(format, input))
        {
            if (f.Kind == FieldKind.Width) f.Write(input, Width);
            else if (f.Kind == FieldKind.Height) f.Write(input, Height);
        }
        return input;
    }
}

/// <summary>A fuzz case: a seed, the edits applied in order, and whether PNG CRCs are recomputed afterwards.</summary>
public sealed record FuzzCase(FuzzSeed Seed, Mutation[] Steps, bool RepairCrcs)
{
    /// <summary>The mutated bytes.</summary>
    public byte[] Build()
    {
        var bytes = Seed.Bytes.ToArray();
        foreach (var step in Steps) bytes = step.Apply(Seed.Format, bytes);
        if (RepairCrcs && Seed.Format == FuzzFormat.Png) HeaderFields.RepairPngCrcs(bytes);
        return bytes;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Seed} then [{string.Join(", ", Steps.Select(s => s.ToString()))}]{(RepairCrcs ? " + CRC repair" : "")}";
}

/// <summary>CsCheck generators of fuzz cases.</summary>
public static class FuzzGen
{
    private const int AnyPosition = 1 << 20;

    // Boundary values around byte, short, int and uint limits and around typical pixel limits.
    private static readonly ulong[] Interesting =
    {
        0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 63, 64, 127, 128, 255, 256, 1023, 1024, 2000, 2048, 4095, 4096, 6324, 8191,
        8192, 16383, 16384, 32767, 32768, 46341, 65534, 65535, 65536, 1u << 20, (1u << 24) - 1, int.MaxValue, 0x80000000u,
        uint.MaxValue - 1, uint.MaxValue,
    };

    /// <summary>A value to lie with: mostly boundary values, some small and some arbitrary ones.</summary>
    public static readonly Gen<ulong> Value = Gen.Frequency(
        (4, Gen.OneOf(Interesting)),
        (2, Gen.Int[0, 300].Select(i => (ulong)i)),
        (1, Gen.Int.Select(i => (ulong)(uint)i)));

    /// <summary>One edit, weighted towards byte flips and header lies.</summary>
    public static readonly Gen<Mutation> Step = Gen.Frequency<Mutation>(
        (5, Gen.Select(Gen.Int[0, AnyPosition], Gen.Int[0, 7], (at, bit) => (Mutation)new FlipBit(at, bit))),
        (2, Gen.Select(Gen.Int[0, AnyPosition], Gen.Byte.Array[1, 16], (at, with) => (Mutation)new Overwrite(at, with))),
        (1, Gen.Select(Gen.Int[0, AnyPosition], Gen.Byte.Array[1, 64], (at, bytes) => (Mutation)new Insert(at, bytes))),
        (1, Gen.Select(Gen.Int[0, AnyPosition], Gen.Int[1, 256], (at, n) => (Mutation)new Delete(at, n))),
        (1, Gen.Int[0, AnyPosition].Select(at => (Mutation)new Truncate(at))),
        (1, Gen.Int[1, 48].Select(n => (Mutation)new CutTail(n))),
        (4, Gen.Select(Gen.OneOf(Enum.GetValues<FieldKind>()), Gen.Int[0, 63], Value, (k, pick, v) => (Mutation)new LieAbout(k, pick, v))),
        (2, Gen.Select(Value, Value, (w, h) => (Mutation)new ClaimSize(w, h))));

    /// <summary>Cases built from the given seeds: 1 to 4 edits, PNG CRCs repaired three times in four.</summary>
    public static Gen<FuzzCase> Cases(IReadOnlyList<FuzzSeed> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Step.Array[1, 4], Gen.Int[0, 3],
            (i, steps, repair) => new FuzzCase(seeds[i], steps, repair != 0));
}

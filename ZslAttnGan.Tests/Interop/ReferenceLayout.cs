using System.Collections;
using Razorvine.Pickle;
using ZslAttnGan.Interop;

namespace ZslAttnGan.Tests.Interop;

/// <summary>Writes folders laid out as AttnGAN's and the seed's output folders, from fixture weights.</summary>
public static class ReferenceLayout
{
    /// <summary>Writes AttnGAN's captions.pickle ([train_captions, test_captions, ixtoword, wordtoix]) with
    /// <paramref name="wordCount"/> words, id 0 = &lt;end&gt;, the others "w1" … in a scrambled (hash-like) order.</summary>
    public static string[] WriteCaptionsPickle(string path, int wordCount)
    {
        var words = new[] { "<end>" }.Concat(Enumerable.Range(1, wordCount - 1).Select(i => $"w{(i * 7) % (wordCount - 1) + 1}")).ToArray();
        var ixtoword = new Hashtable();
        var wordtoix = new Hashtable();
        for (int i = 0; i < words.Length; i++) { ixtoword[i] = words[i]; wordtoix[words[i]] = i; }
        ArrayList Captions(int offset) => new(Enumerable.Range(0, 4)
            .Select(c => (object)new ArrayList(Enumerable.Range(0, 3).Select(j => (object)(1 + (offset + c + j) % (wordCount - 1))).ToArray())).ToArray());
        using var pickler = new Pickler();
        File.WriteAllBytes(path, pickler.dumps(new ArrayList { Captions(0), Captions(5), ixtoword, wordtoix }));
        return words;
    }

    /// <summary>The seed's model folder (text encoder with ZSL_G, generator, ZSL discriminator) from the parity
    /// fixtures, as <c>&lt;root&gt;/Model/*.pth</c>; returns the folder.</summary>
    public static string WriteSeedModelFolder(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "Model")).FullName;
        WriteCase(folder, "text_encoder100.pth", "text_encoder");
        WriteCase(folder, "netG_epoch_600.pth", "g_net_zsl");
        WriteCase(folder, "discriminator100.pth", "zsl_discriminator");
        return folder;
    }

    /// <summary>Writes the <c>w.*</c> tensors of parity case <paramref name="caseName"/> as <paramref name="file"/> (a
    /// torch.save-style .pth), optionally changing the state dict first.</summary>
    public static string WriteCase(string folder, string file, string caseName, Action<Dictionary<string, Tensor>>? edit = null)
    {
        using var c = PthFixtures.Case(caseName);
        var weights = c.Weights();
        edit?.Invoke(weights);
        var path = Path.Combine(folder, file);
        StateDictFiles.WritePth(path, weights);
        return path;
    }
}

using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>GAZSL's generator regularisers (not multiplied by their weights).</summary>
public static class GazslRegularizers
{
    /// <summary>Σ w² over every parameter of <paramref name="module"/> whose name contains "weight" (the Linear
    /// weights; biases are not regularised), as <c>reg_loss</c>.</summary>
    public static Tensor WeightL2(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        Tensor? total = null;
        foreach (var (name, p) in module.named_parameters())
        {
            if (!name.Contains("weight", StringComparison.Ordinal)) continue;
            var term = p.square().sum();
            total = total is null ? term : total.Plus(term);
        }
        return total ?? tensor(0f);
    }

    /// <summary>L2,1 norm Σ_j ‖W[:, j]‖₂ of a weight [out, in]: one norm per INPUT dimension, so that whole text
    /// dimensions are switched off (<c>reg_Wz_loss</c>).</summary>
    public static Tensor ColumnL21(Tensor weight)
    {
        Guard.Shape(weight, nameof(weight), "[out, in]", -1, -1);
        Guard.Floating(weight, nameof(weight));
        return weight.norm(0).sum();
    }
}

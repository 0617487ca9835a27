using TorchSharp;

namespace ZslAttnGan.Data.Matlab;

/// <summary>TorchSharp tensors from MAT-file arrays (row-major, same dimensions as stored).</summary>
public static class MatTensors
{
    /// <summary>A new CPU float32 tensor of the array's dimensions in row-major order; the caller owns it (dispose it
    /// or create it inside a dispose scope).</summary>
    public static torch.Tensor ToFloat32Tensor(this MatNumericArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return torch.tensor(array.ToSingleRowMajor(), array.Dimensions.Select(d => (long)d).ToArray(), torch.float32);
    }

    /// <summary>A new CPU int64 tensor (whole numbers only, see <see cref="MatNumericArray.ToInt64RowMajor"/>).</summary>
    public static torch.Tensor ToInt64Tensor(this MatNumericArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return torch.tensor(array.ToInt64RowMajor(), array.Dimensions.Select(d => (long)d).ToArray(), torch.int64);
    }
}

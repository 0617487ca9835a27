using System.Collections;
using System.Reflection;
using TorchSharp;
using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

public sealed partial class SynchronizedBatchNorm
{
    /// <summary>
    /// Makes every BatchNorm under <paramref name="root"/> synchronise its training-mode statistics over
    /// <paramref name="group"/> (PyTorch's <c>convert_sync_batchnorm</c>), keeping every state-dict key, tensor and
    /// train/eval mode. Call it on every rank, before training, with the same group.
    /// </summary>
    /// <remarks>
    /// <para><b>Our <see cref="BatchNorm"/></b> (the only BatchNorm our components use: generator stages and blocks,
    /// discriminators, the small-CNN and Inception-v3 image backbones) is switched in place by setting
    /// <see cref="BatchNorm.ProcessGroup"/>; the module tree is not changed. This is what makes the conversion reliable for
    /// our components, which keep their BatchNorms in typed fields (<c>ConvBnLeakyRelu._bn</c>, <c>BasicConv2d._bn</c>)
    /// or in <c>Sequential</c>s and call them directly.</para>
    /// <para><b>TorchSharp's BatchNorm1d/2d/3d</b> (found only in foreign modules; our code bans them) are replaced by a
    /// <see cref="SynchronizedBatchNorm"/> that takes over their tensors: the parent's registration (same name, same
    /// position, so the key order is unchanged) and every field of the parent that refers to the old layer — a field, an
    /// array or a list element such as <c>Sequential</c>'s module list — are redirected. A field whose declared type cannot
    /// hold the new module (e.g. typed <c>BatchNorm2d</c>), or a reference the parent keeps elsewhere (a closure, a
    /// dictionary), cannot be redirected: the method then throws <see cref="NotSupportedException"/> for fields, and cannot
    /// see the others. A TorchSharp BatchNorm as <paramref name="root"/> itself cannot be replaced (it has no parent):
    /// construct a <see cref="SynchronizedBatchNorm"/> instead.</para>
    /// <para>Existing <see cref="SynchronizedBatchNorm"/>s keep their group and are not counted.</para>
    /// </remarks>
    /// <returns>How many BatchNorm layers were switched or replaced.</returns>
    public static int Convert(nn.Module root, IProcessGroup group)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(group);
        if (root is TorchSharp.Modules.BatchNorm)
            throw new ArgumentException("A TorchSharp BatchNorm cannot replace itself; create a SynchronizedBatchNorm instead.", nameof(root));
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        return ConvertTree(root, group, seen);
    }

    private static int ConvertTree(nn.Module module, IProcessGroup group, HashSet<nn.Module> seen)
    {
        if (!seen.Add(module)) return 0;
        if (module is BatchNorm ours)
        {
            ours.ProcessGroup = group;
            return 1;
        }
        int count = 0;
        var children = module.named_children().ToList();
        for (int i = 0; i < children.Count; i++)
        {
            if (children[i].module is TorchSharp.Modules.BatchNorm theirs)
            {
                if (!seen.Add(theirs)) continue;
                Replace(module, children, i, FromTorchSharp(theirs, group));
                count++;
            }
            else
            {
                count += ConvertTree(children[i].module, group, seen);
            }
        }
        return count;
    }

    private static SynchronizedBatchNorm FromTorchSharp(TorchSharp.Modules.BatchNorm source, IProcessGroup group)
    {
        // Fields of TorchSharp's NormBase; momentum is a nullable double in some TorchSharp versions.
        double? momentum = source.momentum;
        var weight = source.weight;
        var result = new SynchronizedBatchNorm(weight?.shape[0] ?? source.running_mean!.shape[0], group, source.eps, momentum,
            weight, source.bias, source.running_mean, source.running_var, source.num_batches_tracked);
        result.train(source.training);
        return result;
    }

    /// <summary>Redirects the parent's fields and registration from child <paramref name="index"/> to
    /// <paramref name="replacement"/>.</summary>
    private static void Replace(nn.Module parent, IList<(string name, nn.Module module)> children, int index, nn.Module replacement)
    {
        var old = children[index].module;
        RedirectFields(parent, old, replacement);
        // register_module refuses a taken name and appends: unregister this child and the later ones, then register them
        // again in order, so named_children and state_dict keep their order.
        for (int j = index; j < children.Count; j++) parent.register_module(children[j].name, null!);
        for (int j = index; j < children.Count; j++) parent.register_module(children[j].name, j == index ? replacement : children[j].module);
    }

    private static void RedirectFields(nn.Module parent, nn.Module old, nn.Module replacement)
    {
        // Fields declared by the parent's own classes (not TorchSharp's Module base, whose registrations Replace handles).
        for (var type = parent.GetType(); type is not null && type != typeof(nn.Module); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var value = field.GetValue(parent);
                if (ReferenceEquals(value, old))
                {
                    if (!field.FieldType.IsInstanceOfType(replacement))
                        throw new NotSupportedException($"{parent.GetType().Name}.{field.Name} is declared {field.FieldType.Name} and cannot hold a {nameof(SynchronizedBatchNorm)}; set {nameof(BatchNorm)}.{nameof(BatchNorm.ProcessGroup)} or build the module with {nameof(SynchronizedBatchNorm)}.");
                    field.SetValue(parent, replacement);
                }
                else if (value is IList list && value is not Tensor)
                {
                    for (int i = 0; i < list.Count; i++)
                    {
                        if (!ReferenceEquals(list[i], old)) continue;
                        var elementType = value.GetType().IsArray ? value.GetType().GetElementType()
                            : value.GetType().GetInterfaces().FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IList<>))?.GetGenericArguments()[0];
                        if (elementType is not null && !elementType.IsInstanceOfType(replacement))
                            throw new NotSupportedException($"{parent.GetType().Name}.{field.Name} holds {elementType.Name}s and cannot hold a {nameof(SynchronizedBatchNorm)}.");
                        list[i] = replacement;
                    }
                }
            }
        }
    }
}

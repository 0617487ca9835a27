using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;
using ZslAttnGan.Tests.Parity;

namespace ZslAttnGan.Tests.Docs;

/// <summary>
/// Every C# block of README.md and docs/*.md compiles as a user's program would: its own usings plus the SDK's
/// implicit ones, against the library's assemblies. A block that continues an earlier one declares what it assumes in
/// an HTML comment right above it, <c>&lt;!-- prelude: Vocabulary vocabulary = null!; --&gt;</c>, which is compiled
/// in front of the block's statements (and not shown to readers).
/// </summary>
public partial class DocumentationCodeTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"(?:<!--\s*prelude:(?<prelude>.*?)-->\s*\n)?```(?:csharp|cs|c#)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    private static readonly string[] ImplicitUsings =
        { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" };

    public static IEnumerable<object[]> Files()
    {
        var root = ParityFixtures.RepoRoot;
        yield return new object[] { "README.md" };
        foreach (var f in Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
            yield return new object[] { Path.GetRelativePath(root, f).Replace('\\', '/') };
    }

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var ours = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("ZslAttnGan.", StringComparison.Ordinal) || n.StartsWith("TorchSharp", StringComparison.Ordinal)
                || n.StartsWith("SixLabors.", StringComparison.Ordinal) || n.StartsWith("xunit.", StringComparison.Ordinal)
                || n.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal) || n.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal)
                || n == "CustomComponentExample.dll"));
        return platform.Concat(ours).Distinct().Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
    });

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryCSharpBlockCompiles(string file)
    {
        var path = Path.Combine(ParityFixtures.RepoRoot, file);
        var text = File.ReadAllText(path);
        var failures = new List<string>();
        int count = 0;
        foreach (Match m in Block().Matches(text))
        {
            count++;
            int line = text[..m.Groups["code"].Index].Count(c => c == '\n') + 1;
            var code = m.Groups["code"].Value;
            var lines = code.Split('\n');
            int firstStatement = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("using var ", StringComparison.Ordinal)
                && !l.StartsWith("using (", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(l)).Count();
            var program = string.Concat(ImplicitUsings.Select(u => $"global using {u};\n"))
                + string.Join('\n', lines.Take(firstStatement)) + "\n"
                + m.Groups["prelude"].Value + "\n"
                + string.Join('\n', lines.Skip(firstStatement));
            var compilation = CSharpCompilation.Create($"doc_{count}", new[] { CSharpSyntaxTree.ParseText(program, new CSharpParseOptions(LanguageVersion.Latest)) },
                References.Value, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            // CS5001 (no entry point): a block of type declarations only, such as a test class.
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS5001").ToList();
            if (errors.Count > 0)
                failures.Add($"{file}:{line}: block {count}:\n  " + string.Join("\n  ", errors.Take(5).Select(e => e.GetMessage())));
        }
        output.WriteLine($"{file}: {count} C# blocks");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    /// <summary>What nuget.org shows: links that work there (absolute or in-page) and no commands that need this
    /// repository's checkout.</summary>
    [Theory]
    [InlineData("docs/package-readme.md")]
    [InlineData("ZslAttnGan.Testing/README.md")]
    public void PackageReadmesReadRightOnTheirOwn(string file)
    {
        var text = File.ReadAllText(Path.Combine(ParityFixtures.RepoRoot, file));
        foreach (Match m in Link().Matches(text))
        {
            var target = m.Groups["target"].Value;
            Assert.True(target.StartsWith("https://", StringComparison.Ordinal) || target.StartsWith('#'), $"{file}: link '{target}' does not work on a package page.");
        }
        Assert.DoesNotContain("--project samples", text);
        Assert.DoesNotContain("../", text);
    }
}

using System.Globalization;
using System.Text;

namespace ZslAttnGan.Evaluation;

/// <summary>Markdown form of an <see cref="EvaluationReport"/>.</summary>
internal static class ReportMarkdown
{
    private const string Header = "| metric | split | value | std | n | note |";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(EvaluationReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Evaluation report").AppendLine();
        foreach (var (key, value) in report.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append("- ").Append(Escape(key).Replace(":", "\\:")).Append(": ").AppendLine(Escape(value));
        if (report.Metadata.Count > 0) sb.AppendLine();
        sb.AppendLine(Header).AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var r in report.Results)
        {
            sb.Append("| ").Append(Escape(r.Metric))
              .Append(" | ").Append(SplitName(r.Split))
              .Append(" | ").Append(Number(r.Value))
              .Append(" | ").Append(r.Std is { } s ? Number(s) : "")
              .Append(" | ").Append(r.N.ToString(Inv))
              .Append(" | ").Append(Escape(r.Note ?? ""))
              .AppendLine(" |");
        }
        return sb.ToString();
    }

    public static EvaluationReport Read(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<MetricResult>();
        bool inTable = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!inTable && line.StartsWith("- ", StringComparison.Ordinal))
            {
                var cells = SplitUnescaped(line[2..], ':', max: 2);
                if (cells.Count == 2) metadata[Unescape(cells[0].Trim())] = Unescape(cells[1].Trim());
            }
            else if (line == Header)
            {
                inTable = true;
                i++; // the alignment row
            }
            else if (inTable && line.StartsWith('|'))
            {
                var cells = SplitUnescaped(line.Trim('|'), '|', max: int.MaxValue).Select(c => c.Trim()).ToList();
                if (cells.Count != 6) throw new InvalidDataException($"Report row {i + 1} has {cells.Count} cells, expected 6: {line}");
                try
                {
                    results.Add(new MetricResult(Unescape(cells[0]), ParseSplit(cells[1]), double.Parse(cells[2], Inv),
                        cells[3].Length == 0 ? null : double.Parse(cells[3], Inv), int.Parse(cells[4], Inv),
                        cells[5].Length == 0 ? null : Unescape(cells[5])));
                }
                catch (FormatException e)
                {
                    throw new InvalidDataException($"Report row {i + 1} is malformed: {line}", e);
                }
            }
        }
        if (!inTable) throw new InvalidDataException("No result table (header '" + Header + "') found.");
        return new EvaluationReport { Results = results, Metadata = metadata };
    }

    private static string SplitName(EvaluationSplit split) => split.ToString().ToLowerInvariant();

    private static EvaluationSplit ParseSplit(string s) => Enum.TryParse<EvaluationSplit>(s, ignoreCase: true, out var v) && Enum.IsDefined(v)
        ? v : throw new FormatException($"Unknown split '{s}'.");

    private static string Number(double v) => v.ToString("G6", Inv);

    // '|' ends a cell and a line break ends the row: escape both (and the escape character itself). Metadata keys also
    // escape ':', which separates key and value.
    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\n", "\\n").Replace("\r", "");

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                sb.Append(s[i] == 'n' ? '\n' : s[i]);
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static List<string> SplitUnescaped(string s, char separator, int max)
    {
        var parts = new List<string>();
        int start = 0;
        for (int i = 0; i < s.Length && parts.Count < max - 1; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == separator)
            {
                parts.Add(s[start..i]);
                start = i + 1;
            }
        }
        parts.Add(s[start..]);
        return parts;
    }
}

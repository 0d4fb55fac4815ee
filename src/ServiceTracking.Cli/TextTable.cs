using System.Text;

namespace ServiceTracking.Cli;

/// <summary>A plain-text table: left-aligned text, right-aligned columns where asked, two spaces between columns.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _rightAligned = [];

    public TextTable AlignRight(params int[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _rightAligned.UnionWith(columns);
        return this;
    }

    public void Add(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _rows.Add([.. cells.Select(c => c ?? "")]);
    }

    public int Count => _rows.Count;

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(headers))
        {
            var cells = widths.Select((w, i) =>
            {
                var cell = i < row.Length ? row[i] : "";
                return _rightAligned.Contains(i) ? cell.PadLeft(w) : cell.PadRight(w);
            });
            text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }
}

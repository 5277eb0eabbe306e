using System.Globalization;
using System.Text.Json.Nodes;

namespace Steward.Testing.FakeModel;

/// <summary>
/// The default script: the user's text drives the model. Lines of the prompt can say
/// `TOOL_CALL &lt;tool&gt; &lt;json input&gt;` (answer with that tool call), `DELAY &lt;ms&gt;` (think that
/// long first) and `REPLY &lt;text&gt;` (answer with that text). After tool results the model answers
/// "RESULTS:" followed by each result; otherwise it echoes the prompt: "ECHO: &lt;text&gt;".
/// </summary>
public static class DirectiveResponder
{
    public static ModelReply Respond(ModelRequest request)
    {
        var results = request.LastToolResults;
        if (results.Count > 0)
        {
            return ModelReply.Text("RESULTS:\n" + string.Join("\n", results.Select(r => (r.IsError ? "ERROR " : "") + r.Text)));
        }

        var text = request.LastUserText;
        var blocks = new List<ReplyBlock>();
        var delay = TimeSpan.Zero;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("TOOL_CALL ", StringComparison.Ordinal))
            {
                var parts = trimmed.Split(' ', 3);
                blocks.Add(new ToolUseBlock(parts[1], parts.Length > 2 ? JsonNode.Parse(parts[2])!.AsObject() : []));
            }
            else if (trimmed.StartsWith("DELAY ", StringComparison.Ordinal))
            {
                delay = TimeSpan.FromMilliseconds(double.Parse(trimmed[6..], CultureInfo.InvariantCulture));
            }
            else if (trimmed.StartsWith("REPLY ", StringComparison.Ordinal))
            {
                blocks.Add(new TextBlock(trimmed[6..]));
            }
        }
        if (blocks.Count == 0)
        {
            blocks.Add(new TextBlock("ECHO: " + text));
        }
        return new ModelReply(blocks, delay);
    }
}

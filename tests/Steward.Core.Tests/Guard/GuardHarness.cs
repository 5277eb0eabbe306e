using Steward.Core.Guard;

namespace Steward.Core.Tests.Guard;

/// <summary>The machine the guard tests pretend to run on, and the data files they share with the benchmark.</summary>
internal static class GuardHarness
{
    public const string Home = "/home/u";
    public const string Project = "/home/u/project";

    public static CommandGuard DefaultGuard { get; } = new(GuardPolicy.Default);

    /// <summary>In the project root, with uncommitted work and a feature branch checked out.</summary>
    public static GuardContext Context(string? workingDirectory = null, Func<string, bool>? hasUncommittedWork = null, Func<string, string?>? currentBranch = null) =>
        new(workingDirectory ?? Project, Project, Home, hasUncommittedWork ?? (_ => true), currentBranch ?? (_ => "feature/login"));

    public static GuardDecision Evaluate(string command, string? workingDirectory = null) => DefaultGuard.Evaluate(command, Context(workingDirectory));

    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Guard", name);

    /// <summary>
    /// dangerous-commands.tsv: verdict, rule id, working directory ("-" = project root), command;
    /// "⏎" stands for a newline so multi-line commands fit on one line.
    /// </summary>
    public static IEnumerable<(GuardVerdict Verdict, string Rule, string? WorkingDirectory, string Command)> DangerousTable()
    {
        foreach (var line in File.ReadLines(DataFile("dangerous-commands.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split('\t', 4);
            var verdict = Enum.Parse<GuardVerdict>(fields[0], ignoreCase: true);
            yield return (verdict, fields[1], fields[2] == "-" ? null : fields[2], fields[3].Replace("⏎", "\n", StringComparison.Ordinal));
        }
    }

    public static IEnumerable<string> BenignCorpus()
    {
        foreach (var line in File.ReadLines(DataFile("benign-commands.txt")))
        {
            if (line.Length > 0 && !line.StartsWith("# ", StringComparison.Ordinal))
            {
                yield return line.Replace("⏎", "\n", StringComparison.Ordinal);
            }
        }
    }
}

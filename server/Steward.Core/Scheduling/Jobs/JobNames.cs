using System.Text.RegularExpressions;

namespace Steward.Core.Scheduling.Jobs;

public static partial class JobNames
{
    public static void Validate(string? name)
    {
        if (name is null || !Pattern().IsMatch(name))
        {
            throw new StewardException($"'{name}' is not a job name: use 1-63 lowercase letters, digits and '-', starting with a letter or digit (^[a-z0-9][a-z0-9-]{{0,62}}$).");
        }
    }

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex Pattern();
}

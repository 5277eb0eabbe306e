using System.Globalization;
using Steward.Core.Scheduling.Jobs;

namespace Steward.Core.Scheduling.Quota;

/// <summary>Whether a run may start under the current spend, and on which model.</summary>
public sealed record QuotaDecision(bool Allowed, string? Model, string? Reason);

/// <summary>
/// The budget rules. Pressure is the highest share of any budget spent (0.81 = 81%).
/// Above 80% only critical and high jobs start; above 95% only critical; at 100% none.
/// Above 80%, normal and low runs that ask for opus run on sonnet (this reaches runs the owner
/// starts by hand, which skip the priority gates but never the 100% stop).
/// </summary>
public static class QuotaPolicy
{
    public const double HighOnly = 0.80;
    public const double CriticalOnly = 0.95;
    public const double Exhausted = 1.00;

    public static QuotaDecision Decide(JobPriority priority, string? model, double pressure, bool manual)
    {
        var percent = (pressure * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
        if (pressure >= Exhausted)
        {
            return new(false, model, $"quota: {percent} of the budget is spent; no job starts until it resets");
        }
        if (!manual && pressure > CriticalOnly && priority != JobPriority.Critical)
        {
            return new(false, model, $"quota: {percent} of the budget is spent; only critical jobs start above 95%");
        }
        if (!manual && pressure > HighOnly && priority is JobPriority.Normal or JobPriority.Low)
        {
            return new(false, model, $"quota: {percent} of the budget is spent; only critical and high jobs start above 80%");
        }
        var downgrade = pressure > HighOnly && priority is JobPriority.Normal or JobPriority.Low && IsOpus(model);
        return new(true, downgrade ? "sonnet" : model, downgrade ? $"model opus → sonnet: {percent} of the budget is spent" : null);
    }

    private static bool IsOpus(string? model) => model is not null && model.Contains("opus", StringComparison.OrdinalIgnoreCase);
}

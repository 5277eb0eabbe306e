using Steward.Core.Usage;

namespace Steward.Core.Scheduling.Quota;

/// <summary>Spend against the budgets: the calendar day and the week (from Monday) in the home's zone.</summary>
public sealed record QuotaStatus(double DailySpent, double? DailyBudget, double WeeklySpent, double? WeeklyBudget, DateTimeOffset DayStart, DateTimeOffset WeekStart)
{
    /// <summary>The highest share of any budget spent; 0 when there are no budgets.</summary>
    public double Pressure => Math.Max(Share(DailySpent, DailyBudget), Share(WeeklySpent, WeeklyBudget));

    private static double Share(double spent, double? budget) => budget is > 0 ? spent / budget.Value : 0;
}

public sealed class QuotaMeter(UsageLedger ledger, TimeZoneInfo zone, double? dailyBudget, double? weeklyBudget)
{
    public QuotaStatus Measure(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var dayStart = StartOfLocalDay(local.Date);
        var daysSinceMonday = ((int)local.DayOfWeek + 6) % 7;
        var weekStart = StartOfLocalDay(local.Date.AddDays(-daysSinceMonday));
        return new QuotaStatus(ledger.Since(dayStart).CostUsd, dailyBudget, ledger.Since(weekStart).CostUsd, weeklyBudget, dayStart, weekStart);
    }

    private DateTimeOffset StartOfLocalDay(DateTime date)
    {
        // Midnight may not exist (a DST change at 00:00); then the day starts at the first valid minute.
        var midnight = DateTime.SpecifyKind(date, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(1);
        }
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Steward.Core.Homes;
using Steward.Core.Scheduling.Quota;

namespace Steward.Cli;

internal static class QuotaCommand
{
    public static Command Create(CliContext context)
    {
        var json = CliContext.JsonOption();
        var command = new Command("quota", "Model spend today and this week against the budgets in config.json (quota.daily_usd, quota.weekly_usd), and what the scheduler lets start.") { json };
        command.SetGuardedAction((parse, _) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            var status = services.Quota.Measure(services.Time.GetUtcNow());
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonObject
                {
                    ["daily_spent_usd"] = status.DailySpent,
                    ["daily_budget_usd"] = status.DailyBudget,
                    ["weekly_spent_usd"] = status.WeeklySpent,
                    ["weekly_budget_usd"] = status.WeeklyBudget,
                    ["pressure"] = status.Pressure,
                    ["day_start"] = status.DayStart.ToString("O"),
                    ["week_start"] = status.WeekStart.ToString("O"),
                }.ToJsonString());
                return Task.FromResult(CliAction.Success);
            }
            AnsiConsole.WriteLine(Line("Today", status.DailySpent, status.DailyBudget));
            AnsiConsole.WriteLine(Line("This week", status.WeeklySpent, status.WeeklyBudget));
            AnsiConsole.WriteLine(status.Pressure switch
            {
                >= QuotaPolicy.Exhausted => "Budget spent: no job starts until it resets.",
                > QuotaPolicy.CriticalOnly => "Above 95%: only critical jobs start.",
                > QuotaPolicy.HighOnly => "Above 80%: only critical and high jobs start; normal and low runs you start by hand use sonnet instead of opus.",
                _ => "All jobs may start.",
            });
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static string Line(string label, double spent, double? budget) => budget is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"{label}: ${spent:0.00} of ${b:0.00} ({spent / b * 100:0}%)")
        : string.Create(CultureInfo.InvariantCulture, $"{label}: ${spent:0.00} (no budget set)");
}

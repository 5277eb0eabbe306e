using System.CommandLine;
using Spectre.Console;
using Steward.Core.Configuration;
using Steward.Core.Service;

namespace Steward.Cli;

internal static class ServiceCommand
{
    public static Command Create(CliContext context)
    {
        var unitDirectory = new Option<string?>("--unit-dir")
        {
            Description = "Where to write the unit (default: $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user).",
            Recursive = true,
        };
        var exec = new Option<string?>("--exec")
        {
            Description = "The steward executable the unit should run (default: this one). Point it at an installed copy, not a build folder.",
            Recursive = true,
        };
        var command = new Command("service", "Run the daemon as a systemd user service (Restart=always).") { unitDirectory, exec };

        SystemdUserService ServiceFor(ParseResult parse)
        {
            var home = context.RequireHome(parse);
            var name = StewardConfig.Load(home.ConfigPath).Name;
            return new SystemdUserService(home, name, parse.GetValue(unitDirectory) ?? SystemdUserService.DefaultUnitDirectory());
        }

        IReadOnlyList<string> Executable(ParseResult parse) =>
            parse.GetValue(exec) is { } path ? [Path.GetFullPath(path)] : StewardExecutable.CommandLine();

        var install = new Command("install", "Write the unit file for this home and print the systemctl lines that enable it.");
        install.SetGuardedAction((parse, _) =>
        {
            var service = ServiceFor(parse);
            var state = service.Install(Executable(parse), Environment.GetEnvironmentVariable("PATH"));
            AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(state.UnitPath)}[/]. Enable and start it with:");
            foreach (var line in service.EnableCommands)
            {
                AnsiConsole.WriteLine("  " + line);
            }
            return Task.FromResult(CliAction.Success);
        });

        var uninstall = new Command("uninstall", "Remove this home's unit file and print the systemctl lines that stop it.");
        uninstall.SetGuardedAction((parse, _) =>
        {
            var service = ServiceFor(parse);
            if (!service.Uninstall())
            {
                AnsiConsole.MarkupLine($"No unit installed at {Markup.Escape(service.UnitPath)}; nothing to remove.");
                return Task.FromResult(CliAction.Success);
            }
            AnsiConsole.MarkupLine($"Removed [bold]{Markup.Escape(service.UnitPath)}[/]. Stop the running service with:");
            foreach (var line in service.DisableCommands)
            {
                AnsiConsole.WriteLine("  " + line);
            }
            return Task.FromResult(CliAction.Success);
        });

        var status = new Command("status", "Say whether the unit is installed and current.");
        status.SetGuardedAction((parse, _) =>
        {
            var service = ServiceFor(parse);
            var state = service.State(Executable(parse), Environment.GetEnvironmentVariable("PATH"));
            AnsiConsole.MarkupLine($"Unit: {Markup.Escape(state.UnitName)} at {Markup.Escape(state.UnitPath)}");
            AnsiConsole.MarkupLine(!state.Installed ? "[yellow]not installed[/] (`steward service install`)"
                : state.UpToDate ? "[green]installed[/] and current"
                : "[yellow]installed but out of date[/] (run `steward service install` again, then `systemctl --user daemon-reload`)");
            AnsiConsole.WriteLine($"Check the running service with: systemctl --user status {state.UnitName}");
            return Task.FromResult(state.Installed ? CliAction.Success : CliAction.Failure);
        });

        command.Subcommands.Add(install);
        command.Subcommands.Add(uninstall);
        command.Subcommands.Add(status);
        return command;
    }
}

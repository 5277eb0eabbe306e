using System.CommandLine;
using Steward.Core.Homes;
using Steward.Core.Memory;

namespace Steward.Cli;

internal static class ContextCommand
{
    public static Command Create(CliContext context)
    {
        var prompt = new Option<string?>("--prompt") { Description = "The task or message at hand: the most relevant memories are included." };
        var topic = new Option<string?>("--topic") { Description = "The conversation's topic: its rolling summary is included." };
        var people = new Option<string[]?>("--person") { Description = "Someone in the conversation (id, platform:handle or name); repeatable." };
        var budget = new Option<int>("--budget") { Description = "Size in tokens (estimated as characters / 4).", DefaultValueFactory = _ => ContextAssembler.DefaultBudgetTokens };
        var command = new Command("context", "Print the context Steward gives a session: identity, owner, standing notes, topic summary, relevant memories.") { prompt, topic, people, budget };
        command.SetGuardedAction((parse, _) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            Console.Write(services.Context.Assemble(new ContextRequest(parse.GetValue(prompt), parse.GetValue(topic), parse.GetValue(people), parse.GetValue(budget))));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }
}

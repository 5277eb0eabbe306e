return Steward.Hooks.HookProgram.Run(args, Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error);

return await Steward.Cli.StewardCli.RunAsync(args);

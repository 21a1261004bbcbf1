return CaseFlow.Cli.CliApp.Run(args, CaseFlow.Cli.CliConsole.System);

using ServiceTracking.Cli;

return await Svtrack.RunAsync(args, CliEnvironment.FromProcess());

using System.CommandLine;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli;

/// <summary><c>svtrack keygen [--out PATH] [--force]</c>: a new secp256k1 key in a file only its owner can read.</summary>
public static class KeygenCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var output = new Option<string?>("--out") { Description = "Where to write the key (default: $SVTRACK_HOME/key.json, ~/.svtrack/key.json)" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing key file (the old key is lost)" };
        var command = new Command("keygen", "Create a signing key and print its address") { output, force };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(output) ?? env.DefaultKeyPath);
            if (File.Exists(path) && !parse.GetValue(force))
            {
                throw new CliException($"{path} already exists; pass --force to replace it (the key in it will be lost).");
            }
            var key = EthPrivateKey.Generate();
            SecretFile.Write(path, KeyFile.Serialize(key));
            var address = key.Address.ToChecksumString();
            env.Out.WriteLine(parse.GetValue(json)
                ? new JsonObject { ["address"] = address, ["path"] = path }.ToJsonString()
                : $"{address}\n  key written to {path} (mode 600); keep it safe, it signs as you.");
            return ExitCodes.Ok;
        });
        return command;
    }
}

namespace Steward.Hooks;

/// <summary>
/// `steward-hook command-guard | credential-scan | identity`: one event JSON on stdin, at most one
/// JSON object on stdout, exit 0 (or 2 to block, per the contract). Claude Code lets the action go
/// ahead when a hook crashes, so every failure path here ends in an explicit decision.
/// </summary>
internal static class HookProgram
{
    private const int MaxInputBytes = 32 * 1024 * 1024;

    public static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr)
    {
        var hook = args.Length == 1 ? args[0] : "";
        if (hook is not ("command-guard" or "credential-scan" or "identity"))
        {
            stderr.WriteLine("usage: steward-hook command-guard | credential-scan | identity   (reads one Claude Code hook event on stdin)");
            return 64;
        }

        HookResult result;
        try
        {
            var input = Read(stdin);
            result = hook switch
            {
                "command-guard" => CommandGuardHook.Handle(input),
                "credential-scan" => CredentialScanHook.Handle(input),
                _ => IdentityHook.Handle(input),
            };
        }
        catch (Exception e)
        {
            result = Failed(hook, e);
        }

        if (result.Diagnostic is { } note)
        {
            stderr.WriteLine($"steward-hook {hook}: {note}");
        }
        if (result.Output is { } output)
        {
            output.WriteTo(stdout);
            stdout.Flush();
        }
        return result.ExitCode;
    }

    private static HookInput Read(Stream stdin)
    {
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        if (buffer.Length > MaxInputBytes)
        {
            throw new InvalidDataException($"the event is larger than {MaxInputBytes / (1024 * 1024)} MiB");
        }
        if (buffer.Length == 0)
        {
            throw new InvalidDataException("the event is empty");
        }
        return HookInput.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>
    /// The guard fails closed (a command it could not check does not run); the scanner and the
    /// identity hook fail open, because blocking every tool result or every prompt would stop all
    /// work, and they say why on stderr.
    /// </summary>
    private static HookResult Failed(string hook, Exception e)
    {
        var what = $"{e.GetType().Name}: {e.Message}";
        return hook == "command-guard"
            ? new HookResult(
                HookOutput.Permission("PreToolUse", "deny", $"Steward's command guard could not check this command ({what}), so it was blocked to be safe. Rephrase it, or ask the owner to check the guard."),
                0, what)
            : new HookResult(null, 0, what);
    }
}

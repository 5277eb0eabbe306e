namespace Steward.Core.Guard.Analysis;

/// <summary>
/// <c>docker exec CONTAINER cmd</c>, <c>docker compose exec SERVICE cmd</c>, <c>kubectl exec POD -- cmd</c>:
/// the command runs inside a container, where the guard cannot know the working directory.
/// </summary>
internal static class ContainerExec
{
    private static readonly OptionSpec DockerExecOptions = new("euw", ["env", "env-file", "user", "workdir", "detach-keys", "index"], stopAtFirstOperand: true);
    private static readonly OptionSpec ComposeOptions = new("fp", ["file", "project-name", "project-directory", "profile", "env-file", "ansi", "progress", "parallel"], stopAtFirstOperand: true);
    private static readonly OptionSpec KubectlOptions = new("cn", ["container", "namespace", "context", "kubeconfig", "pod-running-timeout"], stopAtFirstOperand: true);

    public static Invocation? Inner(Invocation invocation)
    {
        var args = invocation.Args;
        if (invocation.Name == "kubectl")
        {
            var exec = IndexOf(invocation, "exec", 0);
            if (exec < 0)
            {
                return null;
            }
            var dash = IndexOf(invocation, "--", exec);
            if (dash >= 0)
            {
                return invocation.Inner(dash + 1, Unknown(invocation));
            }
            var parsed = ParsedOptions.Parse(args[(exec + 1)..], KubectlOptions);
            return parsed.Operands.Count > 1 ? invocation.Inner(exec + 1 + parsed.Operands[1], Unknown(invocation)) : null;
        }
        var start = 0;
        if (invocation.Name != "docker-compose" && invocation.Count > 0 && invocation[0] == "compose")
        {
            start = 1;
        }
        if (start == 1 || invocation.Name == "docker-compose")
        {
            var global = ParsedOptions.Parse(args[start..], ComposeOptions);
            if (global.Operands.Count == 0)
            {
                return null;
            }
            start += global.Operands[0];
        }
        if (start >= invocation.Count || invocation[start] != "exec")
        {
            return null;
        }
        var options = ParsedOptions.Parse(args[(start + 1)..], DockerExecOptions);
        return options.Operands.Count > 1 ? invocation.Inner(start + 1 + options.Operands[1], Unknown(invocation)) : null;
    }

    private static WalkScope Unknown(Invocation invocation)
    {
        var scope = invocation.Scope.Fork();
        scope.WorkingDirectory = null;
        scope.WorkingDirectoryIfCdFailed = null;
        return scope;
    }

    private static int IndexOf(Invocation invocation, string text, int from)
    {
        for (var i = from; i < invocation.Count; i++)
        {
            if (invocation[i] == text)
            {
                return i;
            }
        }
        return -1;
    }
}

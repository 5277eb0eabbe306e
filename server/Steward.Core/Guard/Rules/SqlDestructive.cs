using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Destructive SQL sent to a database client (psql -c, mysql -e, sqlite3 DB "SQL", duckdb,
/// clickhouse-client --query, or stdin from a here-document, here-string or <c>echo … |</c>),
/// plus the tools that drop whole databases (dropdb, mysqladmin drop, prisma migrate reset, rails db:drop).
/// </summary>
internal static class SqlDestructive
{
    private static readonly OptionSpec PsqlOptions = new("cdfhpUvLoPTFR", ["command", "dbname", "file", "host", "port", "username", "set", "variable", "log-file", "output", "pset", "table-attr", "field-separator", "record-separator"]);
    private static readonly OptionSpec MysqlOptions = new("euhPDSp", ["execute", "user", "host", "port", "database", "socket", "default-character-set"], shortWithAttachedValue: "p");
    private static readonly OptionSpec QueryOptions = new("qcdhpuQ", ["query", "command", "database", "host", "port", "user", "password", "execute", "format"]);

    /// <summary>sqlite3 and duckdb spell long options with one dash; these take a value.</summary>
    private static readonly HashSet<string> SqliteValueOptions = new(StringComparer.Ordinal)
    {
        "cmd", "c", "separator", "newline", "nullvalue", "init", "vfs", "maxsize", "mmap", "pagecache", "lookaside", "heap", "s",
    };

    public static bool AppliesTo(string name) => name is "psql" or "mysql" or "mariadb" or "sqlite3" or "sqlite" or "duckdb" or "clickhouse-client"
        or "clickhouse" or "clickhouse-local" or "cockroach" or "usql" or "sqlcmd" or "pgcli" or "mycli" or "litecli"
        or "dropdb" or "mysqladmin" or "prisma" or "rails" or "rake";

    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        var name = invocation.Name;
        if (WholeDatabaseTool(invocation) is { } tool)
        {
            Report(walker, invocation, tool, name);
            return;
        }
        var sources = new List<string>();
        var usesStdin = true;
        switch (name)
        {
            case "psql" or "pgcli" or "usql":
                var psql = ParsedOptions.Parse(invocation.Args, PsqlOptions);
                sources.AddRange(psql.Values('c', "command"));
                usesStdin = sources.Count == 0 && psql.Value('f', "file") is null or "-";
                break;
            case "mysql" or "mariadb" or "mycli" or "cockroach":
                var mysql = ParsedOptions.Parse(invocation.Args, MysqlOptions);
                sources.AddRange(mysql.Values('e', "execute"));
                usesStdin = sources.Count == 0;
                break;
            case "clickhouse-client" or "clickhouse" or "clickhouse-local" or "sqlcmd":
                var query = ParsedOptions.Parse(invocation.Args, QueryOptions);
                sources.AddRange(query.Values('q', "query"));
                sources.AddRange(query.Values('Q'));
                usesStdin = sources.Count == 0;
                break;
            default:
                usesStdin = ReadSqliteStyle(invocation, sources);
                break;
        }
        if (usesStdin && invocation.Stdin.Text is { } stdin)
        {
            sources.Add(stdin);
        }
        foreach (var sql in sources)
        {
            if (SqlInspector.FindDestructive(sql) is { } statement)
            {
                Report(walker, invocation, statement, name);
                return;
            }
        }
    }

    /// <summary>sqlite3/duckdb [options] DB [SQL…]: operands after the database are SQL, as are -cmd/-c values.</summary>
    private static bool ReadSqliteStyle(Invocation invocation, List<string> sources)
    {
        var operands = 0;
        for (var i = 0; i < invocation.Count; i++)
        {
            var text = invocation[i];
            if (text.Length > 1 && text[0] == '-')
            {
                var option = text.TrimStart('-');
                if (SqliteValueOptions.Contains(option) && i + 1 < invocation.Count)
                {
                    if (option is "cmd" or "c" or "s")
                    {
                        sources.Add(invocation[i + 1]);
                    }
                    i++;
                }
                continue;
            }
            if (operands++ > 0)
            {
                sources.Add(text);
            }
        }
        return operands <= 1;
    }

    private static string? WholeDatabaseTool(Invocation invocation)
    {
        switch (invocation.Name)
        {
            case "dropdb":
                return invocation.Count > 0 && invocation[0] is not ("--help" or "-?" or "--version" or "-V") ? "dropdb" : null;
            case "mysqladmin":
                return Contains(invocation, "drop") ? "mysqladmin drop" : null;
            case "prisma":
                return Contains(invocation, "--accept-data-loss") || Contains(invocation, "--force-reset") ? "prisma with data loss accepted"
                    : Contains(invocation, "migrate") && Contains(invocation, "reset") ? "prisma migrate reset" : null;
            case "rails" or "rake":
                foreach (var arg in invocation.Args)
                {
                    if (arg.Text is "db:drop" or "db:reset" or "db:purge" or "db:schema:load" or "db:drop:all")
                    {
                        return $"{invocation.Name} {arg.Text}";
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Contains(Invocation invocation, string text)
    {
        foreach (var arg in invocation.Args)
        {
            if (arg.Text == text)
            {
                return true;
            }
        }
        return false;
    }

    private static void Report(ScriptWalker walker, Invocation invocation, string statement, string client) =>
        walker.Findings.Report(GuardRuleId.SqlDestructive, GuardVerdict.Deny, invocation.Uncertain,
            statement.StartsWith("DELETE", StringComparison.Ordinal)
                ? $"{statement} via {client} deletes every row of the table. Add a WHERE clause naming the rows you mean (run it as a SELECT first to check), or ask the owner."
                : $"{statement} via {client} deletes data irrecoverably. Ask the owner to run it themselves, after taking a backup.");
}

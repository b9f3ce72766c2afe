using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SchoolSupport.Tests.Data.SqlServer;

/// <summary>
/// Microsoft's own T-SQL parser, for SQL Server without a server: the grammars of SQL Server 2022 (the oldest we
/// target) and of SQL Server 2025 / Azure SQL.
/// </summary>
internal static class TSql
{
    public static IReadOnlyList<string> ParseErrors(string script)
    {
        var errors = new List<string>();
        foreach (TSqlParser parser in new TSqlParser[] { new TSql160Parser(initialQuotedIdentifiers: true), new TSql170Parser(initialQuotedIdentifiers: true) })
        {
            using var reader = new StringReader(script);
            var fragment = parser.Parse(reader, out var parseErrors);
            errors.AddRange(parseErrors.Select(e => $"{parser.GetType().Name} line {e.Line}: {e.Message}"));
            if (fragment is null)
            {
                continue;
            }

            // EF wraps statements that must compile after earlier ones in EXEC(N'...'): parse what they run, too.
            var literals = new ExecutedStrings();
            fragment.Accept(literals);
            foreach (var inner in literals.Sql)
            {
                errors.AddRange(ParseErrors(inner).Select(e => $"in EXEC({inner}): {e}"));
            }
        }

        return errors;
    }

    /// <summary>The statements a script contains, counted by the parser (proves a script is not parsed as nothing).</summary>
    public static IReadOnlyList<TSqlStatement> Statements(string script)
    {
        using var reader = new StringReader(script);
        var fragment = (TSqlScript)new TSql170Parser(initialQuotedIdentifiers: true).Parse(reader, out _);
        return fragment.Batches.SelectMany(b => b.Statements).ToList();
    }

    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<string> Sql { get; } = [];

        // EF drops a column's default constraint by its looked-up name: EXEC(N'... DROP CONSTRAINT [' + @var + '];').
        // A variable stands for a name there, so it is parsed as one.
        public override void Visit(ExecutableStringList node) =>
            Sql.Add(string.Concat(node.Strings.Select(s => s is StringLiteral literal ? literal.Value : "x")));
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Servala.Catalog.Sync;

/// <summary>
/// Set-based writes for the sync, built from the EF Core model (table and column names, and each column's
/// own type mapping, so values are stored exactly as EF Core stores them: decimals as the same canonical TEXT
/// on SQLite, enums as strings). Rows are not tracked and database-generated keys are not read back. Runs
/// inside the context's current transaction.
/// <para>
/// On PostgreSQL rows go many per command (multi-row <c>INSERT … VALUES</c>, <c>UPDATE … FROM (VALUES …)</c>).
/// SQLite runs in-process, so a round trip costs nothing, while Microsoft.Data.Sqlite binds parameters by name
/// (quadratic in a command's parameter count): there one prepared single-row statement is re-run per row.
/// </para>
/// </summary>
internal static class BulkRows
{
    // Npgsql allows 65,535 bound parameters per command.
    private const int MaxParameters = 30_000;

    /// <summary>Inserts <paramref name="rows"/>; the generated key is left to the database.</summary>
    public static async Task InsertAsync(DbContext db, Type type, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table.Of(db, type);
        var columns = table.Columns.Where(c => !c.IsGeneratedKey).ToArray();
        var head = $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
        if (!db.Database.IsNpgsql())
        {
            await PerRowAsync(db, head + "(" + string.Join(", ", columns.Select((_, i) => Placeholder(i))) + ")", columns, rows, cancellationToken);
            return;
        }

        var perCommand = Math.Max(1, MaxParameters / columns.Length);
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            await using var command = await CreateCommandAsync(db, cancellationToken);
            var sql = new StringBuilder(head, head.Length + (count * columns.Length * 8));
            for (var i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    sql.Append(c == 0 ? "" : ", ").Append(columns[c].Add(command, rows[start + i]));
                }

                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Writes every column of <paramref name="rows"/> to the row with the same key.</summary>
    public static async Task UpdateAsync(DbContext db, Type type, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table.Of(db, type);
        var key = table.Columns.Single(c => c.IsKey);
        var columns = table.Columns.Where(c => !c.IsKey).ToArray();
        if (!db.Database.IsNpgsql())
        {
            var set = string.Join(", ", columns.Select((c, i) => $"{c.Name} = {Placeholder(i)}"));
            await PerRowAsync(db, $"UPDATE {table.Name} SET {set} WHERE {key.Name} = {Placeholder(columns.Length)}", [.. columns, key], rows, cancellationToken);
            return;
        }

        // One statement per command: UPDATE t SET c = v.c … FROM (VALUES (…), …) AS v(k, c…) WHERE t.k = v.k.
        var all = new[] { key }.Concat(columns).ToArray();
        var aliases = all.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var head = $"UPDATE {table.Name} AS t SET {string.Join(", ", columns.Select((c, i) => $"{c.Name} = v.{aliases[i + 1]}"))} FROM (VALUES ";
        var tail = $") AS v({string.Join(", ", aliases)}) WHERE t.{key.Name} = v.{aliases[0]}";
        var perCommand = Math.Max(1, MaxParameters / all.Length);
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            await using var command = await CreateCommandAsync(db, cancellationToken);
            var sql = new StringBuilder(head);
            for (var i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? "(" : ", (");
                for (var c = 0; c < all.Length; c++)
                {
                    var placeholder = all[c].Add(command, rows[start + i]);

                    // The first row types the VALUES list; a null parameter alone would be untyped text.
                    sql.Append(c == 0 ? "" : ", ").Append(placeholder);
                    if (i == 0)
                    {
                        sql.Append("::").Append(all[c].StoreType);
                    }
                }

                sql.Append(')');
            }

            command.CommandText = sql.Append(tail).ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Placeholder(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>One prepared statement, run once per row with that row's values.</summary>
    private static async Task PerRowAsync(DbContext db, string sql, Column[] columns, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(db, cancellationToken);
        command.CommandText = sql;

        // The parameters are made once, by the columns' type mappings; each row only sets their values.
        var parameters = new DbParameter[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c].Add(command, rows[0]);
            parameters[c] = command.Parameters[c];
        }

        await command.PrepareAsync(cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            for (var c = 0; i > 0 && c < columns.Length; c++)
            {
                parameters[c].Value = columns[c].ProviderValue(rows[i]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<DbCommand> CreateCommandAsync(DbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }

    private sealed record Table(string Name, Column[] Columns)
    {
        public static Table Of(DbContext db, Type type)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
            var sql = db.GetService<ISqlGenerationHelper>();
            var tableName = entity.GetTableName()!;
            var schema = entity.GetSchema();
            var store = StoreObjectIdentifier.Table(tableName, schema);
            var key = entity.FindPrimaryKey()!.Properties.Single();
            var columns = entity.GetProperties()
                .Where(p => !p.IsShadowProperty())
                .Select(p => new Column(
                    sql.DelimitIdentifier(p.GetColumnName(store)!),
                    p,
                    p.GetRelationalTypeMapping(),
                    p == key,
                    p == key && p.ValueGenerated != ValueGenerated.Never))
                .ToArray();
            return new Table(sql.DelimitIdentifier(tableName, schema), columns);
        }
    }

    private sealed record Column(string Name, IProperty Property, RelationalTypeMapping Mapping, bool IsKey, bool IsGeneratedKey)
    {
        public string StoreType => Property.GetColumnType();

        /// <summary>Adds the row's value as a parameter (converted as EF Core converts it) and returns its placeholder.</summary>
        public string Add(DbCommand command, object row)
        {
            var name = "@p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            var value = Property.GetGetter().GetClrValue(row);
            command.Parameters.Add(Mapping.CreateParameter(command, name, value, Property.IsNullable));
            return name;
        }

        /// <summary>The row's value as the parameter made by <see cref="Add"/> holds it.</summary>
        public object ProviderValue(object row)
        {
            var value = Property.GetGetter().GetClrValue(row);
            if (value is not null && Mapping.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            return value ?? DBNull.Value;
        }
    }
}

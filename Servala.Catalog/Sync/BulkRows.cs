using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Servala.Catalog.Sync;

/// <summary>
/// Set-based writes for the sync: many rows per command, built from the EF Core model (table and column
/// names, and each column's own type mapping, so values are stored exactly as EF Core stores them: decimals
/// as the same canonical TEXT on SQLite, enums as strings). Rows are not tracked and database-generated
/// keys are not read back. Runs inside the context's current transaction.
/// </summary>
internal static class BulkRows
{
    // Below SQLite's default limit of 32,766 bound parameters per statement; Npgsql allows 65,535.
    private const int MaxParameters = 16_000;

    /// <summary>Inserts <paramref name="rows"/> with multi-row <c>INSERT … VALUES</c> commands; the generated key is left to the database.</summary>
    public static async Task InsertAsync(DbContext db, Type type, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table.Of(db, type);
        var columns = table.Columns.Where(c => !c.IsGeneratedKey).ToArray();
        var perCommand = Math.Max(1, MaxParameters / columns.Length);
        var head = $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
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

    /// <summary>Writes every column of <paramref name="rows"/> to the row with the same key, many <c>UPDATE</c> statements per command.</summary>
    public static async Task UpdateAsync(DbContext db, Type type, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table.Of(db, type);
        var key = table.Columns.Single(c => c.IsKey);
        var columns = table.Columns.Where(c => !c.IsKey).ToArray();
        var perCommand = Math.Max(1, MaxParameters / (columns.Length + 1));
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            await using var command = await CreateCommandAsync(db, cancellationToken);
            var sql = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                sql.Append("UPDATE ").Append(table.Name).Append(" SET ");
                for (var c = 0; c < columns.Length; c++)
                {
                    sql.Append(c == 0 ? "" : ", ").Append(columns[c].Name).Append(" = ").Append(columns[c].Add(command, row));
                }

                sql.Append(" WHERE ").Append(key.Name).Append(" = ").Append(key.Add(command, row)).Append(";\n");
            }

            command.CommandText = sql.ToString();
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
        /// <summary>Adds the row's value as a parameter (converted as EF Core converts it) and returns its placeholder.</summary>
        public string Add(DbCommand command, object row)
        {
            var name = "p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            var value = Property.GetGetter().GetClrValue(row);
            command.Parameters.Add(Mapping.CreateParameter(command, name, value, Property.IsNullable));
            return "@" + name;
        }
    }
}

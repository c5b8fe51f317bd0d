using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Servala.Catalog.Sync;

/// <summary>
/// Set-based writes for the sync, built from the EF Core model (table and column names, and each column's
/// own type mapping, so values are stored exactly as EF Core stores them: decimals as the same TEXT on
/// SQLite, enums as strings). Rows are not tracked and database-generated keys are not read back. Runs
/// inside the context's current transaction; rows are inserted in the order given.
/// <para>
/// PostgreSQL: the rows are streamed with binary <c>COPY</c>, straight into the table for inserts, into a
/// temporary table for updates, which one <c>UPDATE … FROM</c> then applies.
/// SQLite: the rows go as one JSON text parameter per few thousand rows, which one <c>INSERT … SELECT</c>
/// or <c>UPDATE … FROM</c> over <c>json_each</c> applies inside the engine. A column whose values JSON cannot carry
/// exactly as Microsoft.Data.Sqlite binds them (a date, a decimal, a blob…) is bound as one parameter when every
/// row has the same value (the run's time); otherwise the rows go one prepared statement per row.
/// </para>
/// </summary>
internal static class BulkRows
{
    // SQLite: rows per JSON document (bounds the text held at once; each statement costs little).
    private const int RowsPerDocument = 10_000;

    /// <summary>Inserts <paramref name="rows"/>; the generated key is left to the database.</summary>
    public static async Task InsertAsync(DbContext db, Type type, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table.Of(db, type);
        var columns = table.Columns.Where(c => !c.IsGeneratedKey).ToArray();
        var names = string.Join(", ", columns.Select(c => c.Name));
        if (db.Database.IsNpgsql())
        {
            await CopyAsync(db, $"COPY {table.Name} ({names}) FROM STDIN (FORMAT BINARY)", columns, rows, cancellationToken);
            return;
        }

        var head = $"INSERT INTO {table.Name} ({names}) ";
        if (SqliteJson.For(columns, rows) is { } json)
        {
            await json.RunAsync(db, head + "SELECT " + string.Join(", ", json.Values) + " FROM json_each(" + SqliteJson.Document + ") AS v", rows, cancellationToken);
            return;
        }

        await PerRowAsync(db, head + "VALUES (" + string.Join(", ", columns.Select((_, i) => Placeholder(i))) + ")", columns, rows, cancellationToken);
    }

    /// <summary>
    /// Writes the columns of <paramref name="rows"/> named in <paramref name="properties"/> (every column when null) to the
    /// rows with the same key, except foreign keys and indexed columns: the sync matches rows by those (their natural keys),
    /// so an update never changes them, and leaving them out spares rewriting every index entry of every updated row.
    /// </summary>
    /// <exception cref="InvalidOperationException">A property in <paramref name="properties"/> is not a column that can be written.</exception>
    public static async Task UpdateAsync(DbContext db, Type type, IReadOnlyList<object> rows, CancellationToken cancellationToken, IReadOnlySet<string>? properties = null)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table.Of(db, type);
        var key = table.Columns.Single(c => c.IsKey);
        var writable = table.Columns.Where(c => !c.IsKey && !c.Property.IsForeignKey() && !c.Property.IsIndex()).ToArray();
        if (properties?.FirstOrDefault(p => !writable.Any(c => c.Property.Name == p)) is { } unknown)
        {
            throw new InvalidOperationException($"{type.Name}.{unknown} is not a column an update writes.");
        }

        var columns = properties is null ? writable : writable.Where(c => properties.Contains(c.Property.Name)).ToArray();
        if (columns.Length == 0)
        {
            return;
        }

        if (db.Database.IsNpgsql())
        {
            // A column with one value in every row (the run's time, the stale flag) is one parameter, not a column of the copy.
            var shared = columns.Where(c => c.IsSameIn(rows)).ToArray();
            Column[] copied = [key, .. columns.Except(shared)];

            // A temporary table shaped like the target (no constraints), filled by COPY, applied by one UPDATE (a hash
            // join without ANALYZE: the planner sizes an unanalyzed table by its pages, and ANALYZE would cost more), dropped.
            var names = string.Join(", ", copied.Select(c => c.Name));
            var temp = "\"servala_sync_" + type.Name + "\"";
            await ExecuteAsync(db, $"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS SELECT {names} FROM {table.Name} WITH NO DATA", cancellationToken);
            await CopyAsync(db, $"COPY {temp} ({names}) FROM STDIN (FORMAT BINARY)", copied, rows, cancellationToken);
            await using (var update = await CreateCommandAsync(db, cancellationToken))
            {
                var set = columns.Select(c => Array.IndexOf(shared, c) is var s and >= 0
                    ? $"{c.Name} = @s{s.ToString(CultureInfo.InvariantCulture)}"
                    : $"{c.Name} = v.{c.Name}");
                for (var s = 0; s < shared.Length; s++)
                {
                    update.Parameters.Add(shared[s].CreateParameter(update, "@s" + s.ToString(CultureInfo.InvariantCulture), rows[0]));
                }

                update.CommandText = $"UPDATE {table.Name} AS t SET {string.Join(", ", set)} FROM {temp} AS v WHERE t.{key.Name} = v.{key.Name}";
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await ExecuteAsync(db, $"DROP TABLE {temp}", cancellationToken);
            return;
        }

        Column[] all = [key, .. columns];

        if (SqliteJson.For(all, rows) is { } json)
        {
            var set = string.Join(", ", columns.Select((c, i) => $"{c.Name} = {json.Values[i + 1]}"));
            await json.RunAsync(db, $"UPDATE {table.Name} AS t SET {set} FROM json_each({SqliteJson.Document}) AS v WHERE t.{key.Name} = {json.Values[0]}", rows, cancellationToken);
            return;
        }

        var assignments = string.Join(", ", columns.Select((c, i) => $"{c.Name} = {Placeholder(i)}"));
        await PerRowAsync(db, $"UPDATE {table.Name} SET {assignments} WHERE {key.Name} = {Placeholder(columns.Length)}", [.. columns, key], rows, cancellationToken);
    }

    /// <summary>
    /// Adds one <see cref="Model.AuditEntry"/> per <see cref="Model.SyncChange"/> of run <paramref name="runId"/>, in the changes'
    /// order, with one <c>INSERT … SELECT</c>: the entry's field is the change's field, or its action in lower case.
    /// </summary>
    public static async Task AuditChangesAsync(DbContext db, int runId, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var audit = Table.Of(db, typeof(Model.AuditEntry));
        var change = Table.Of(db, typeof(Model.SyncChange));
        string A(string property) => audit.Column(property).Name;
        string C(string property) => change.Column(property).Name;
        await using var command = await CreateCommandAsync(db, cancellationToken);
        command.Parameters.Add(audit.Column(nameof(Model.AuditEntry.At)).Mapping.CreateParameter(command, "@at", at, nullable: false));
        command.Parameters.Add(audit.Column(nameof(Model.AuditEntry.Actor)).Mapping.CreateParameter(command, "@actor", actor, nullable: false));
        command.Parameters.Add(change.Column(nameof(Model.SyncChange.SyncRunId)).Mapping.CreateParameter(command, "@run", runId, nullable: false));
        command.CommandText =
            $"INSERT INTO {audit.Name} ({A("At")}, {A("Actor")}, {A("SyncRunId")}, {A("Entity")}, {A("Key")}, {A("Field")}, {A("OldValue")}, {A("NewValue")}) "
            + $"SELECT @at, @actor, c.{C("SyncRunId")}, c.{C("Entity")}, c.{C("Key")}, COALESCE(c.{C("Field")}, LOWER(c.{C("Action")})), c.{C("OldValue")}, c.{C("NewValue")} "
            + $"FROM {change.Name} AS c WHERE c.{C("SyncRunId")} = @run ORDER BY c.{C("Id")}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Sets <see cref="Model.SyncedEntity.LastSyncedAt"/> = <paramref name="now"/> on every live (not stale) row of each
    /// table of <paramref name="types"/> (with <paramref name="unwrittenOnly"/>, only on those that do not carry that time
    /// already), in one command of one <c>UPDATE</c> per table; returns how many rows it set. What an
    /// <c>ExecuteUpdate</c> per table through the query filter does, without compiling a LINQ query per table (most of
    /// what a confirmation costs in a fresh process).
    /// </summary>
    public static async Task<int> ConfirmLiveAsync(DbContext db, IReadOnlyList<Type> types, DateTimeOffset now, bool unwrittenOnly, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(db, cancellationToken);
        var sql = new StringBuilder();
        foreach (var type in types)
        {
            var table = Table.Of(db, type);
            var synced = table.Column(nameof(Model.SyncedEntity.LastSyncedAt));
            var stale = table.Column(nameof(Model.SyncedEntity.IsStale));
            if (command.Parameters.Count == 0)
            {
                command.Parameters.Add(synced.Mapping.CreateParameter(command, "@now", now, nullable: false));
                command.Parameters.Add(stale.Mapping.CreateParameter(command, "@stale", false, nullable: false));
            }

            sql.Append(CultureInfo.InvariantCulture, $"UPDATE {table.Name} SET {synced.Name} = @now WHERE {stale.Name} = @stale");
            sql.Append(unwrittenOnly ? $" AND {synced.Name} <> @now;\n" : ";\n");
        }

        command.CommandText = sql.ToString();
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Placeholder(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Streams the rows' values (converted as EF Core converts them) with binary COPY.</summary>
    private static async Task CopyAsync(DbContext db, string copy, Column[] columns, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        await using var probe = await CreateCommandAsync(db, cancellationToken);
        var connection = (NpgsqlConnection)probe.Connection!;

        // The database type of each column, as EF Core's mapping gives it to a parameter.
        var types = new NpgsqlTypes.NpgsqlDbType?[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = columns[c];
            if (rows.FirstOrDefault(r => column.ProviderValue(r) is not DBNull) is { } sample)
            {
                types[c] = ((NpgsqlParameter)column.CreateParameter(probe, "p", sample)).NpgsqlDbType;
            }
        }

        // Written synchronously: the importer buffers, and awaiting each of a million values costs more than its rare flush.
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.StartRow();
            for (var c = 0; c < columns.Length; c++)
            {
                // Typed writes: Npgsql resolves a typed value's converter once, an object's on every value.
                switch (columns[c].ProviderValue(row))
                {
                    case DBNull:
                        writer.WriteNull();
                        break;
                    case string text:
                        writer.Write(text, types[c]!.Value);
                        break;
                    case int number:
                        writer.Write(number, types[c]!.Value);
                        break;
                    case long number:
                        writer.Write(number, types[c]!.Value);
                        break;
                    case decimal number:
                        writer.Write(number, types[c]!.Value);
                        break;
                    case bool flag:
                        writer.Write(flag, types[c]!.Value);
                        break;
                    case DateTimeOffset time:
                        writer.Write(time, types[c]!.Value);
                        break;
                    case var value:
                        writer.Write(value, types[c]!.Value);
                        break;
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbContext db, string sql, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(db, cancellationToken);
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One prepared statement, run once per row with that row's values.</summary>
    private static async Task PerRowAsync(DbContext db, string sql, Column[] columns, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        await using var command = await CreateCommandAsync(db, cancellationToken);
        command.CommandText = sql;

        // The parameters are made once, by the columns' type mappings; each row only sets their values.
        var parameters = new DbParameter[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            command.Parameters.Add(columns[c].CreateParameter(command, Placeholder(c), rows[0]));
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

    /// <summary>
    /// SQLite: how the columns' values travel, each row a JSON array in one <c>@rows</c> document, or, for a
    /// column JSON cannot carry as Microsoft.Data.Sqlite would bind it, one parameter shared by every row.
    /// </summary>
    private sealed class SqliteJson
    {
        private readonly Column[] _columns;
        private readonly int[] _positions;
        private readonly Column[] _shared;

        private SqliteJson(Column[] columns, int[] positions, Column[] shared, string[] values)
        {
            _columns = columns;
            _positions = positions;
            _shared = shared;
            Values = values;
        }

        /// <summary>The rows' JSON document in SQL: the UTF-8 bytes bound as a BLOB, read as the TEXT they spell.</summary>
        public const string Document = "CAST(@rows AS TEXT)";

        /// <summary>Each column's SQL value expression, in column order (<c>v.value -&gt;&gt; 2</c> or <c>@s0</c>).</summary>
        public string[] Values { get; }

        /// <summary>The plan for <paramref name="rows"/>, or null when a column's values differ and cannot go as JSON.</summary>
        public static SqliteJson? For(Column[] columns, IReadOnlyList<object> rows)
        {
            var positions = new int[columns.Length];
            var values = new string[columns.Length];
            var shared = new List<Column>();
            var position = 0;
            for (var c = 0; c < columns.Length; c++)
            {
                if (columns[c].JsonCarries)
                {
                    positions[c] = position;
                    values[c] = "v.value ->> " + position++.ToString(CultureInfo.InvariantCulture);
                    continue;
                }

                var first = columns[c].ProviderValue(rows[0]);
                for (var i = 1; i < rows.Count; i++)
                {
                    if (!Equals(first, columns[c].ProviderValue(rows[i])))
                    {
                        return null;
                    }
                }

                positions[c] = -1;
                values[c] = "@s" + shared.Count.ToString(CultureInfo.InvariantCulture);
                shared.Add(columns[c]);
            }

            return new SqliteJson(columns, positions, [.. shared], values);
        }

        public async Task RunAsync(DbContext db, string sql, IReadOnlyList<object> rows, CancellationToken cancellationToken)
        {
            await using var command = await CreateCommandAsync(db, cancellationToken);
            command.CommandText = sql;
            for (var s = 0; s < _shared.Length; s++)
            {
                command.Parameters.Add(_shared[s].CreateParameter(command, "@s" + s.ToString(CultureInfo.InvariantCulture), rows[0]));
            }

            // The document goes as its UTF-8 bytes (a BLOB the statement casts to TEXT, byte for byte in a UTF-8
            // database), not as a string: no UTF-16 copy of it here, and none re-encoded to UTF-8 by the binding.
            var document = new SqliteParameter("@rows", SqliteType.Blob);
            command.Parameters.Add(document);
            var buffer = new ArrayBufferWriter<byte>(1 << 20);
            for (var start = 0; start < rows.Count; start += RowsPerDocument)
            {
                buffer.ResetWrittenCount();
                await using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartArray();
                    for (var i = start; i < Math.Min(rows.Count, start + RowsPerDocument); i++)
                    {
                        json.WriteStartArray();
                        for (var c = 0; c < _columns.Length; c++)
                        {
                            if (_positions[c] >= 0)
                            {
                                Write(json, _columns[c].ProviderValue(rows[i]));
                            }
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndArray();
                }

                document.Value = buffer.WrittenSpan.ToArray();
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // As Microsoft.Data.Sqlite binds them: integers as INTEGER (booleans 0/1), strings as TEXT, null as NULL.
        private static void Write(Utf8JsonWriter json, object value)
        {
            switch (value)
            {
                case DBNull:
                    json.WriteNullValue();
                    break;
                case string s:
                    json.WriteStringValue(s);
                    break;
                case bool b:
                    json.WriteNumberValue(b ? 1 : 0);
                    break;
                case int n:
                    json.WriteNumberValue(n);
                    break;
                case long n:
                    json.WriteNumberValue(n);
                    break;
                case decimal d:
                    Span<byte> text = stackalloc byte[DecimalTextBytes];
                    json.WriteStringValue(text[..DecimalText(d, text)]);
                    break;
                default:
                    throw new InvalidOperationException($"A {value.GetType().Name} cannot go as JSON.");
            }
        }
    }

    // Sign, 29 digits, the point and the ".0" an integer gets, with room to spare.
    private const int DecimalTextBytes = 48;

    /// <summary>
    /// Writes <paramref name="value"/> as Microsoft.Data.Sqlite binds a decimal, the TEXT
    /// <c>value.ToString("0.0###########################", CultureInfo.InvariantCulture)</c> (every digit of its scale, at
    /// least one after the point, no trailing zeros beyond it), into <paramref name="utf8"/> (at least 48 bytes), without
    /// that custom format's cost: the general format's digits, trimmed. Returns the length.
    /// </summary>
    internal static int DecimalText(decimal value, Span<byte> utf8)
    {
        if (value == 0 || !value.TryFormat(utf8, out var length, default, CultureInfo.InvariantCulture))
        {
            // Zero (with its sign and scale) the custom format's own way; it is rare.
            return Encoding.UTF8.GetBytes(value.ToString("0.0###########################", CultureInfo.InvariantCulture), utf8);
        }

        // The general format of a decimal is its digits at its scale: "-12", "0.1600". No exponent, ever.
        if (utf8[..length].IndexOf((byte)'.') < 0)
        {
            utf8[length++] = (byte)'.';
            utf8[length++] = (byte)'0';
            return length;
        }

        while (utf8[length - 1] == (byte)'0' && utf8[length - 2] != (byte)'.')
        {
            length--;
        }

        return length;
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

        public Column Column(string property) => Columns.Single(c => c.Property.Name == property);
    }

    private sealed record Column(string Name, IProperty Property, RelationalTypeMapping Mapping, bool IsKey, bool IsGeneratedKey)
    {
        // Made on first use: a getter is a compiled expression, and a statement that only names the column (a
        // confirmation) needs none.
        private IClrPropertyGetter? _getter;

        private IClrPropertyGetter Getter => _getter ??= Property.GetGetter();

        /// <summary>
        /// Whether every value of this column goes through JSON unchanged: strings, integers, booleans and decimals
        /// (after EF Core's conversion), which SQLite reads back from JSON as the TEXT and INTEGER values a parameter binds.
        /// </summary>
        public bool JsonCarries { get; } = (Mapping.Converter?.ProviderClrType ?? Property.ClrType) is var t
            && (Nullable.GetUnderlyingType(t) ?? t) is var u
            && (u == typeof(string) || u == typeof(int) || u == typeof(long) || u == typeof(bool) || u == typeof(decimal));

        /// <summary>A parameter holding the row's value, made by the column's type mapping (converted as EF Core converts it).</summary>
        public DbParameter CreateParameter(DbCommand command, string name, object row) =>
            Mapping.CreateParameter(command, name, Getter.GetClrValue(row), Property.IsNullable);

        /// <summary>Whether every one of <paramref name="rows"/> has the same value in this column.</summary>
        public bool IsSameIn(IReadOnlyList<object> rows)
        {
            var first = ProviderValue(rows[0]);
            for (var i = 1; i < rows.Count; i++)
            {
                if (!Equals(first, ProviderValue(rows[i])))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The row's value as the parameter made by <see cref="CreateParameter"/> holds it.</summary>
        public object ProviderValue(object row)
        {
            var value = Getter.GetClrValue(row);
            if (value is not null && Mapping.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            return value ?? DBNull.Value;
        }
    }
}

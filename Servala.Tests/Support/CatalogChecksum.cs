using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Servala.Tests.Support;

/// <summary>
/// A SHA-256 over every row of every catalog table of a SQLite file (everything but the run records and
/// the migrations history), read with plain SQL so it sees exactly what is on disk, whoever wrote it. Opening
/// the file rolls back a transaction a killed process left behind, as any next user of the database would.
/// </summary>
public static class CatalogChecksum
{
    private static readonly HashSet<string> RunRecords = new(StringComparer.Ordinal) { "SyncRuns", "SyncChanges", "__EFMigrationsHistory", "sqlite_sequence" };

    public static string Of(string databasePath, IEnumerable<string>? alsoSkip = null)
    {
        var skip = new HashSet<string>(RunRecords.Concat(alsoSkip ?? []), StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "select name from sqlite_master where type = 'table' order by name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                if (!skip.Contains(reader.GetString(0)))
                {
                    tables.Add(reader.GetString(0));
                }
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"table {table}\n"));
            using var rows = connection.CreateCommand();
            rows.CommandText = $"select * from \"{table}\" order by rowid";
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                var line = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    line.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\n').ToString()));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Servala.Catalog.Data;

/// <summary>
/// A lock that holds across every process on one database: on PostgreSQL a session advisory lock on a
/// connection of its own (unpooled, so the lock ends with the process even if it is killed); on SQLite,
/// which runs one node, nothing (the callers' in-process locks suffice).
/// </summary>
public static class DatabaseLock
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Takes the lock <paramref name="name"/>, waiting at most <paramref name="wait"/> for another process to let
    /// go of it. Returns the held lock (dispose it to let go), or null when another process still held it.
    /// </summary>
    /// <exception cref="NpgsqlException">The database could not be reached (each attempt is bounded by the connection's timeouts).</exception>
    public static async Task<IAsyncDisposable?> TryAcquireAsync(CatalogDbContext db, string name, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (!db.Database.IsNpgsql())
        {
            return NotNeeded.Instance;
        }

        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString())
        {
            Pooling = false,
            Timeout = 10,
            CommandTimeout = 10,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var key = Key(name);
            var started = time.GetTimestamp();
            while (true)
            {
                await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
                {
                    command.Parameters.AddWithValue("key", key);
                    if (await command.ExecuteScalarAsync(cancellationToken) is true)
                    {
                        return new Held(connection, key);
                    }
                }

                if (time.GetElapsedTime(started) >= wait)
                {
                    await connection.DisposeAsync();
                    return null;
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stable 64-bit key for a lock name (the first eight bytes of its SHA-256).</summary>
    internal static long Key(string name) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The session is gone, and its lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class NotNeeded : IAsyncDisposable
    {
        public static readonly NotNeeded Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

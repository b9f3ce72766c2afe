using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Tests.Support;
using Shouldly;

namespace SchoolSupport.Tests.Data;

/// <summary>
/// The embedded database under the load of one busy host: several turns inserting (EF's INSERT … RETURNING commits at
/// its last step) while others read. Every insert must land, none may fail with "database is locked".
/// </summary>
public sealed class SqliteConcurrencyTests
{
    [Fact]
    public async Task MigratedDatabase_RunsInWriteAheadLogMode()
    {
        using var database = new SqliteTestDatabase();
        await using (var db = database.CreateContext())
        {
            await SchemaMigrator.MigrateAsync(db);
        }

        await using var connection = new SqliteConnection(database.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        ((string?)await command.ExecuteScalarAsync()).ShouldBe("wal");
    }

    [Fact]
    public async Task ConcurrentInsertsWhileOthersRead_AllLand_NoneFailsAsLocked()
    {
        using var database = new SqliteTestDatabase();
        await using (var db = database.CreateContext())
        {
            await SchemaMigrator.MigrateAsync(db);
        }

        const int writers = 6, insertsEach = 40;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await using var db = database.CreateContext();
                await db.Database.OpenConnectionAsync();
                reads += await db.ConversationAddresses.CountAsync();
                _ = await db.ConversationAddresses.OrderByDescending(a => a.Id).Select(a => a.UserId).FirstOrDefaultAsync();
            }

            return reads;
        })).ToList();

        var inserts = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < insertsEach; i++)
            {
                await using var db = database.CreateContext();
                await db.Database.OpenConnectionAsync();
                _ = await db.ConversationAddresses.AnyAsync(a => a.UserId == $"29:w{w}-{i}");
                db.ConversationAddresses.Add(new ConversationAddress
                {
                    ChannelId = "msteams",
                    UserId = $"29:w{w}-{i}",
                    ConversationId = $"a:{w}-{i}",
                    ServiceUrl = "http://127.0.0.1:9/",
                });
                await db.SaveChangesAsync();
            }
        })).ToList();

        await Task.WhenAll(inserts);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        await using var check = database.CreateContext();
        (await check.ConversationAddresses.CountAsync()).ShouldBe(writers * insertsEach);
    }
}

using Npgsql;
using SchoolSupport.Data;

namespace SchoolSupport.Core.Tests.Data;

public sealed class PostgresDefaultsTests
{
    [Fact]
    public void A_plain_connection_string_gets_automatic_preparation_and_no_session_reset()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults("Host=db;Username=bot;Password=x"));

        Assert.Equal(DatabaseSetup.PostgresMaxAutoPrepare, csb.MaxAutoPrepare);
        Assert.True(csb.NoResetOnClose);
        Assert.Equal("db", csb.Host);
        Assert.Equal("x", csb.Password);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false")]
    [InlineData("Host=db;max auto prepare=0;no reset on close=False")]
    public void Settings_the_operator_wrote_are_kept_whatever_their_spelling(string given)
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithPostgresDefaults(given));

        Assert.Equal(0, csb.MaxAutoPrepare);
        Assert.False(csb.NoResetOnClose);
    }
}

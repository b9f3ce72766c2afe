using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Integration;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;
using SchoolSupport.BotFramework.Teams;
using SchoolSupport.BotFramework.Tests.Infrastructure;

namespace SchoolSupport.BotFramework.Tests;

public sealed class ProactiveAndTeamsTests : IAsyncLifetime
{
    private LoopbackChannel _channel = null!;
    private BotHost _host = null!;

    private CloudAdapter Adapter => _host.Services.GetRequiredService<CloudAdapter>();

    public async Task InitializeAsync()
    {
        _channel = await LoopbackChannel.StartAsync();
        _host = await BotHost.StartAsync(_channel);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task ContinueConversationAsync_StoredReference_SendsUpdatesAndDeletes()
    {
        _host.Services.GetRequiredService<TrustedServiceUrls>().Trust(_channel.ServiceUrl);
        var reference = TestBot.Message(_channel.ServiceUrl).GetConversationReference();
        reference.ActivityId = null;

        await Adapter.ContinueConversationAsync(TestBot.AppId, reference, async (turn, ct) =>
        {
            var sent = await turn.SendActivityAsync("Напоминание: встреча завтра", ct);
            var update = MessageFactory.Text("Встреча перенесена");
            update.Id = sent!.Id;
            await turn.UpdateActivityAsync(update, ct);
            await turn.DeleteActivityAsync(sent.Id!, ct);
        }, default);

        var calls = _channel.Calls.ToArray();
        calls.Select(c => $"{c.Method} {c.RawTarget}").ShouldBe(
        [
            "POST /emea/v3/conversations/a%3A1Abc_Def-GhI/activities",
            "PUT /emea/v3/conversations/a%3A1Abc_Def-GhI/activities/reply-1",
            "DELETE /emea/v3/conversations/a%3A1Abc_Def-GhI/activities/reply-1",
        ]);
        calls.ShouldAllBe(c => c.Authorization == "Bearer test-bot-token");
        calls[0].Json.GetProperty("recipient").GetProperty("id").GetString().ShouldBe("29:user-1");
        calls[1].Json.GetProperty("text").GetString().ShouldBe("Встреча перенесена");
    }

    [Fact]
    public async Task ContinueConversationAsync_UntrustedServiceUrl_ThrowsAndSendsNothing()
    {
        var reference = TestBot.Message(_channel.ServiceUrl).GetConversationReference();

        await Should.ThrowAsync<UntrustedServiceUrlException>(() => Adapter.ContinueConversationAsync(
            TestBot.AppId, reference, (turn, ct) => turn.SendActivityAsync("x", ct), default));

        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ContinueConversationAsync_Blocked_PropagatesConnectorException()
    {
        _host.Services.GetRequiredService<TrustedServiceUrls>().Trust(_channel.ServiceUrl);
        _channel.Enqueue(new ScriptedResponse(403, """{"error":{"code":"MessageWritesBlocked","message":"blocked"}}"""));

        var error = await Should.ThrowAsync<ConnectorException>(() => Adapter.ContinueConversationAsync(
            TestBot.AppId, TestBot.Message(_channel.ServiceUrl).GetConversationReference(),
            (turn, ct) => turn.SendActivityAsync("x", ct), default));

        error.IsBlocked.ShouldBeTrue();
    }

    [Fact]
    public async Task CreateConversationAsync_PersonalChat_CreatesThenSendsIntoIt()
    {
        _host.Services.GetRequiredService<TrustedServiceUrls>().Trust(_channel.ServiceUrl);
        _channel.Enqueue(new ScriptedResponse(201, """{"id":"a:new-chat"}"""));
        ConversationReference? stored = null;
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount("28:" + TestBot.AppId),
            Members = [new ChannelAccount("29:user-1")],
            TenantId = "tenant-1",
            ChannelData = BotJson.ToElement(new TeamsChannelData { Tenant = new TenantInfo("tenant-1") }),
        };

        await Adapter.CreateConversationAsync(TestBot.AppId, Channels.Msteams, _channel.ServiceUrl, null, parameters,
            async (turn, ct) =>
            {
                stored = turn.Activity.GetConversationReference();
                await turn.SendActivityAsync("Здравствуйте!", ct);
            }, default);

        stored!.Conversation!.Id.ShouldBe("a:new-chat");
        stored.ServiceUrl.ShouldBe(_channel.ServiceUrl);
        var calls = _channel.Calls.ToArray();
        calls[0].RawTarget.ShouldBe("/emea/v3/conversations");
        calls[0].Json.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString().ShouldBe("tenant-1");
        calls[1].RawTarget.ShouldBe("/emea/v3/conversations/a%3Anew-chat/activities");
        calls[1].Json.GetProperty("text").GetString().ShouldBe("Здравствуйте!");
    }

    [Fact]
    public async Task ProcessAsync_TeamMemberAdded_DispatchesWithTeamInfo()
    {
        var activity = TestBot.Message(_channel.ServiceUrl);
        activity.Type = ActivityTypes.ConversationUpdate;
        activity.Text = null;
        activity.MembersAdded = [new ChannelAccount("29:new", "Пётр Сидоров"), new ChannelAccount("28:" + TestBot.AppId)];
        activity.ChannelData = JsonDocument.Parse("""{"eventType":"teamMemberAdded","team":{"id":"19:t","name":"Команда 5"},"tenant":{"id":"tenant-1"}}""").RootElement;

        var response = await _host.PostAsync(activity, "Bearer " + _channel.Token());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = _channel.Calls.ShouldHaveSingleItem();
        call.Json.GetProperty("text").GetString().ShouldBe("Добро пожаловать в «Команда 5», Пётр Сидоров!");
        call.RawTarget.ShouldBe("/emea/v3/conversations/a%3A1Abc_Def-GhI/activities");
    }

    [Fact]
    public async Task ProcessAsync_InstallationUpdateAdd_CallsAddHandler()
    {
        var activity = TestBot.Message(_channel.ServiceUrl);
        activity.Type = ActivityTypes.InstallationUpdate;
        activity.Action = "add";

        await _host.PostAsync(activity, "Bearer " + _channel.Token());

        _channel.Calls.ShouldHaveSingleItem().Json.GetProperty("text").GetString().ShouldBe("Спасибо за установку");
    }

    [Fact]
    public async Task TeamsInfoGetMemberAsync_InTurn_UsesTurnConnector()
    {
        _host.Services.GetRequiredService<TrustedServiceUrls>().Trust(_channel.ServiceUrl);
        _channel.Enqueue(new ScriptedResponse(200, """{"id":"29:user-1","email":"maria@example.org"}"""));
        TeamsChannelAccount? member = null;

        await Adapter.ContinueConversationAsync(TestBot.AppId, TestBot.Message(_channel.ServiceUrl).GetConversationReference(),
            async (turn, ct) => member = await TeamsInfo.GetMemberAsync(turn, "29:user-1", ct), default);

        member!.Email.ShouldBe("maria@example.org");
        _channel.Calls.ShouldHaveSingleItem().RawTarget.ShouldBe("/emea/v3/conversations/a%3A1Abc_Def-GhI/members/29%3Auser-1");
    }
}

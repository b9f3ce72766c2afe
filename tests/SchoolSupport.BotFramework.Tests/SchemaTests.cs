using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;

namespace SchoolSupport.BotFramework.Tests;

public sealed class SchemaTests
{
    private const string TeamsChannelMessage = """
        {
          "type": "message",
          "id": "1616161616161",
          "timestamp": "2026-11-20T08:15:30.1234567Z",
          "localTimezone": "Europe/Moscow",
          "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "channelId": "msteams",
          "from": { "id": "29:user", "name": "Мария Иванова", "aadObjectId": "aad-1", "futureFlag": 7 },
          "conversation": { "isGroup": "true", "conversationType": "channel", "tenantId": "t-1", "id": "19:c@thread.tacv2;messageid=1" },
          "recipient": { "id": "28:bot", "name": "Помощник" },
          "textFormat": "plain",
          "text": "<at>Помощник</at> покажи план",
          "entities": [
            { "type": "mention", "mentioned": { "id": "28:bot", "name": "Помощник" }, "text": "<at>Помощник</at>" },
            { "type": "clientInfo", "locale": "ru-RU", "country": "RU", "platform": "Web" }
          ],
          "channelData": {
            "tenant": { "id": "t-1" },
            "team": { "id": "19:team@thread.tacv2", "name": "Команда 5", "aadGroupId": "g-1" },
            "channel": { "id": "19:c@thread.tacv2", "name": "Общий" },
            "eventType": "teamMemberAdded",
            "settings": { "selectedChannel": { "id": "19:c@thread.tacv2" } },
            "brandNewTeamsThing": { "nested": [1, 2] }
          },
          "locale": "ru-RU",
          "someFutureField": { "a": "б" }
        }
        """;

    [Fact]
    public void Serialize_UnknownFields_RoundTrip()
    {
        var activity = BotJson.Deserialize<Activity>(TeamsChannelMessage)!;

        var roundTripped = JsonNode.Parse(BotJson.Serialize(activity))!;

        roundTripped["someFutureField"]!["a"]!.GetValue<string>().ShouldBe("б");
        roundTripped["from"]!["futureFlag"]!.GetValue<int>().ShouldBe(7);
        roundTripped["channelData"]!["brandNewTeamsThing"]!["nested"]![1]!.GetValue<int>().ShouldBe(2);
        roundTripped["entities"]![1]!["platform"]!.GetValue<string>().ShouldBe("Web");
        JsonNode.DeepEquals(JsonNode.Parse(TeamsChannelMessage)!["channelData"], roundTripped["channelData"]).ShouldBeTrue();
    }

    [Fact]
    public void Serialize_Cyrillic_NotEscapedAndNullsOmitted()
    {
        var json = BotJson.Serialize(MessageFactory.Text("Здравствуйте, коллеги!"));

        json.ShouldBe("""{"type":"message","text":"Здравствуйте, коллеги!"}""");
    }

    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("true", true)]
    [InlineData("\"False\"", false)]
    [InlineData("false", false)]
    [InlineData("null", null)]
    public void Deserialize_IsGroupStringOrBool_Parsed(string raw, bool? expected)
    {
        var account = BotJson.Deserialize<ConversationAccount>($$"""{"id":"x","isGroup":{{raw}}}""")!;

        account.IsGroup.ShouldBe(expected);
    }

    [Fact]
    public void GetTeamsChannelData_ChannelMessage_TypedFields()
    {
        var activity = BotJson.Deserialize<Activity>(TeamsChannelMessage)!;

        var data = activity.GetTeamsChannelData()!;

        data.Team!.Name.ShouldBe("Команда 5");
        data.Channel!.Name.ShouldBe("Общий");
        data.EventType.ShouldBe("teamMemberAdded");
        data.Settings!.SelectedChannel!.Id.ShouldBe("19:c@thread.tacv2");
        activity.GetTenantId().ShouldBe("t-1");
        activity.Conversation!.IsGroup.ShouldBe(true);
    }

    [Fact]
    public void RemoveRecipientMention_MentionEntity_StripsBotOnly()
    {
        var activity = BotJson.Deserialize<Activity>(TeamsChannelMessage)!;

        activity.RemoveRecipientMention().ShouldBe("покажи план");
        activity.Text.ShouldBe("покажи план");
    }

    [Fact]
    public void RemoveRecipientMention_OtherUserMentioned_KeepsThatMention()
    {
        var activity = new Activity
        {
            Text = "<at>Bot</at> напомни <at>Пётр</at>",
            Recipient = new ChannelAccount("28:bot", "Bot"),
            Entities =
            [
                Entity(new Mention { Mentioned = new ChannelAccount("28:bot", "Bot"), Text = "<at>Bot</at>" }),
                Entity(new Mention { Mentioned = new ChannelAccount("29:peter", "Пётр"), Text = "<at>Пётр</at>" }),
            ],
        };

        activity.RemoveRecipientMention().ShouldBe("напомни <at>Пётр</at>");
    }

    [Fact]
    public void RemoveRecipientMention_BotNamedWithoutEntityOrWithOtherId_Stripped()
    {
        var byName = new Activity { Text = "<at>Помощник</at>  статус", Recipient = new ChannelAccount("28:bot", "Помощник") };
        var otherIdForm = new Activity
        {
            Text = "<at>Помощник школ</at> статус",
            Recipient = new ChannelAccount("28:bot", "Помощник школ"),
            Entities = [Entity(new Mention { Mentioned = new ChannelAccount("bot-guid", "Помощник школ"), Text = "<at>Помощник школ</at>" })],
        };

        byName.RemoveRecipientMention().ShouldBe("статус");
        otherIdForm.RemoveRecipientMention().ShouldBe("статус");
    }

    [Fact]
    public void GetConversationReference_ThenApply_AddressesReplyToUser()
    {
        var incoming = BotJson.Deserialize<Activity>(TeamsChannelMessage)!;
        var reference = BotJson.Deserialize<ConversationReference>(BotJson.Serialize(incoming.GetConversationReference()))!;

        var reply = MessageFactory.Text("Готово").ApplyConversationReference(reference);

        reply.From!.Id.ShouldBe("28:bot");
        reply.Recipient!.Id.ShouldBe("29:user");
        reply.Conversation!.Id.ShouldBe("19:c@thread.tacv2;messageid=1");
        reply.ServiceUrl.ShouldBe("https://smba.trafficmanager.net/emea/");
        reply.ReplyToId.ShouldBe("1616161616161");
        reply.ChannelId.ShouldBe(Channels.Msteams);
    }

    [Fact]
    public void GetValue_AdaptiveCardInvoke_Typed()
    {
        var activity = new Activity
        {
            Value = JsonDocument.Parse("""{"action":{"type":"Action.Execute","verb":"item.save","data":{"n":"5"}},"trigger":"automatic"}""").RootElement,
        };

        var value = activity.GetValue<AdaptiveCardInvokeValue>()!;

        value.Action!.Verb.ShouldBe("item.save");
        value.Trigger.ShouldBe("automatic");
        value.Action.Data!.Value.GetProperty("n").GetString().ShouldBe("5");
    }

    [Fact]
    public void AdaptiveCardAttachment_FromJson_KeepsContent()
    {
        var card = JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"План"}]}""")!;

        var json = BotJson.Serialize(MessageFactory.Attachment(Attachment.AdaptiveCard(card)));

        json.ShouldContain("\"contentType\":\"application/vnd.microsoft.card.adaptive\"");
        json.ShouldContain("\"text\":\"План\"");
    }

    private static Entity Entity(Mention mention) => BotJson.Deserialize<Entity>(BotJson.Serialize(mention))!;
}

using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

public sealed class CardActionsTests
{
    private static JsonObject Card() => JsonNode.Parse("""
        {
          "type": "AdaptiveCard",
          "version": "1.5",
          "refresh": { "action": { "type": "Action.Execute", "verb": "status.refresh" }, "userIds": [] },
          "body": [
            {
              "type": "ColumnSet",
              "selectAction": { "type": "Action.Execute", "verb": "item.open", "data": { "id": 7 } },
              "columns": []
            },
            {
              "type": "ActionSet",
              "actions": [
                { "type": "Action.Execute", "title": "Сохранить", "verb": "consultation.save", "data": { "type": "Action.Execute" } },
                { "type": "Action.OpenUrl", "title": "Открыть", "url": "https://example.org" }
              ]
            }
          ],
          "actions": [
            { "type": "Action.Execute", "title": "Помощь", "verb": "help" },
            { "type": "Action.Execute", "title": "Значение", "verb": "pick", "data": "raw" },
            {
              "type": "Action.ShowCard",
              "title": "Ещё",
              "card": { "type": "AdaptiveCard", "actions": [ { "type": "Action.Execute", "title": "Вложенная", "verb": "nested", "fallback": { "type": "Action.Execute", "verb": "nested.old" } } ] }
            }
          ]
        }
        """)!.AsObject();

    [Fact]
    public void ForChannel_SupportsExecute_LeavesCardUnchanged()
    {
        var card = Card();
        var before = card.ToJsonString();

        CardActions.ForChannel(card, supportsExecute: true).ToJsonString().ShouldBe(before);
    }

    [Fact]
    public void ForChannel_NoExecute_RewritesEveryExecuteToSubmitWithVerbInData()
    {
        var card = CardActions.ForChannel(Card(), supportsExecute: false);

        card.ContainsKey("refresh").ShouldBeFalse();
        card["body"]![0]!["selectAction"]!.ToJsonString().ShouldBe("""{"type":"Action.Submit","data":{"id":7,"verb":"item.open"}}""");
        card["actions"]![0]!.ToJsonString(CardTemplateEngine.OutputOptions).ShouldBe("""{"type":"Action.Submit","title":"Помощь","data":{"verb":"help"}}""");
        card["actions"]![1]!["data"]!.ToJsonString().ShouldBe("""{"value":"raw","verb":"pick"}""");
        var nested = card["actions"]![2]!["card"]!["actions"]![0]!;
        nested["type"]!.GetValue<string>().ShouldBe(CardActions.Submit);
        nested["data"]!["verb"]!.GetValue<string>().ShouldBe("nested");
        nested["fallback"]!["type"]!.GetValue<string>().ShouldBe(CardActions.Submit);
        nested["fallback"]!["data"]!["verb"]!.GetValue<string>().ShouldBe("nested.old");
        card["actions"]!.AsArray().ShouldAllBe(a => !a!.AsObject().ContainsKey("verb"));
        nested.AsObject().ContainsKey("verb").ShouldBeFalse();
    }

    [Fact]
    public void ForChannel_NoExecute_DoesNotTouchActionDataPayload()
    {
        var card = CardActions.ForChannel(Card(), supportsExecute: false);

        var save = card["body"]![1]!["actions"]![0]!;
        save["type"]!.GetValue<string>().ShouldBe(CardActions.Submit);
        save["data"]!["type"]!.GetValue<string>().ShouldBe(CardActions.Execute);
        save["data"]!["verb"]!.GetValue<string>().ShouldBe("consultation.save");
        card["body"]![1]!["actions"]![1]!["type"]!.GetValue<string>().ShouldBe("Action.OpenUrl");
    }
}

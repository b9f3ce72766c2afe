using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

public sealed class CardRendererTests
{
    private readonly CardRenderer _renderer = new();

    private static JsonNode ExpandSample(string name, string? dataPath = null)
    {
        var data = File.ReadAllText(dataPath ?? Path.Combine(RepositoryPaths.Cards, name + ".data.json"));
        return CardCatalog.Default.Get(name).Expand(JsonNode.Parse(data))!;
    }

    [Fact]
    public void Render_TypedModel_UsesCamelCaseNames()
    {
        var card = _renderer.Render(CardNames.Message, new MessageCard("Готово", "Текст ответа"));

        var json = card.ToJsonString(CardTemplateEngine.OutputOptions);
        json.ShouldContain("\"text\":\"Готово\"");
        json.ShouldContain("\"text\":\"Текст ответа\"");
        json.ShouldNotContain("${");
    }

    [Fact]
    public void RenderJson_Cyrillic_NotEscaped()
    {
        var json = _renderer.RenderJson(CardNames.Message, new MessageCard("Ошибка \"ввода\"", Style: MessageStyle.Attention));

        json.ShouldContain("\"text\":\"Ошибка \\\"ввода\\\"\"");
        json.ShouldContain("\"style\":\"attention\"");
        json.ShouldNotContain("\\u04");
    }

    [Fact]
    public void Render_UnknownTemplate_Throws()
    {
        Should.Throw<CardTemplateException>(() => _renderer.Render("nope", new { })).Message.ShouldContain("nope");
    }

    [Fact]
    public void Render_TemplateDroppedByRootWhen_ThrowsInsteadOfReturningNoCard()
    {
        var renderer = new CardRenderer(new CardCatalog(["gone"], _ => """{"$when":"${show}","type":"AdaptiveCard","version":"1.5"}"""));

        Should.Throw<CardTemplateException>(() => renderer.Render("gone", new { Show = false })).Message.ShouldContain("'gone'");
        renderer.Render("gone", new { Show = true })["type"]!.GetValue<string>().ShouldBe("AdaptiveCard");
    }

    [Fact]
    public void RenderUtf8_SameModel_SameBytesAsRenderJson()
    {
        var model = new HelpCard("Команды", [new("помощь", "Список команд")]);

        System.Text.Encoding.UTF8.GetString(_renderer.RenderUtf8(CardNames.Help, model)).ShouldBe(_renderer.RenderJson(CardNames.Help, model));
    }

    [Fact]
    public void Render_WelcomeModel_EqualsSampleExpansion()
    {
        var model = new WelcomeCard(
            "Здравствуйте! Я бот программы «500+»",
            "Помогаю кураторам, координаторам и руководителям школ вести дорожную карту поддержки ШНОР прямо в Teams.",
            [
                "напоминаю о сроках мероприятий дорожной карты",
                "показываю статус выполнения по региону, району и школе",
                "помогаю зафиксировать консультацию: тема, принятые решения, намеченные мероприятия",
                "присылаю объявления координаторов и опросы участников",
            ],
            "Напишите «помощь», чтобы увидеть все команды.")
        {
            Buttons = [new("Помощь", "help"), new("Кто я", "whoami"), new("Статус", "status")],
        };

        JsonAssert.FirstDifference(ExpandSample(CardNames.Welcome), _renderer.Render(CardNames.Welcome, model)).ShouldBeNull();
    }

    [Fact]
    public void Render_WelcomeCard_HasTheButtonsOfTheModel()
    {
        var card = _renderer.Render(CardNames.Welcome, new WelcomeCard("Т", "И", ["одно"])
        {
            Buttons = [new("Помощь", "help"), new("Кто я", "whoami"), new("Статус", "status")],
        });

        var actions = card["actions"]!.AsArray().Select(a => (a!["title"]!.GetValue<string>(), a["verb"]!.GetValue<string>())).ToList();
        actions.ShouldBe([("Помощь", "help"), ("Кто я", "whoami"), ("Статус", "status")]);
        card["body"]!.AsArray().Count.ShouldBe(4, "the hint block is dropped when there is no hint");
    }

    [Fact]
    public void Render_HelpModel_EqualsSampleExpansion()
    {
        var model = new HelpCard(
            "Что я умею",
            [
                new("помощь", "Список команд, доступных вашей роли."),
                new("кто я", "Ваша роль, регион, район и закреплённые школы."),
                new("статус", "Выполнение дорожной карты: сделано, в работе, просрочено."),
                new("консультация", "Зафиксировать консультацию: тема, принятые решения, намеченные мероприятия."),
                new("сроки", "Ближайшие мероприятия и сроки загрузки документов."),
            ],
            "Пишите команды своими словами — я пойму и «статус», и «покажи статус школы».");

        JsonAssert.FirstDifference(ExpandSample(CardNames.Help), _renderer.Render(CardNames.Help, model)).ShouldBeNull();
    }

    [Fact]
    public void Render_HelpWithoutCommands_ShowsNoCommandsText()
    {
        var card = _renderer.Render(CardNames.Help, new HelpCard("Команды", []));

        card.ToJsonString(CardTemplateEngine.OutputOptions).ShouldContain("Для вашей роли пока нет доступных команд.");
    }

    [Fact]
    public void Render_WhoAmIModel_EqualsSampleExpansion()
    {
        var model = new WhoAmICard(
            "Иванова Мария Петровна",
            Linked: true,
            ["Куратор", "Муниципальный координатор"],
            "Ленинградская область",
            "Гатчинский муниципальный район",
            [new("МБОУ «Сиверская СОШ № 3»"), new("МОУ «Коммунарская СОШ № 2»"), new("ГБОУ СОШ № 277")]);

        var card = _renderer.Render(CardNames.WhoAmI, model);

        JsonAssert.FirstDifference(ExpandSample(CardNames.WhoAmI), card).ShouldBeNull();
        card.ToJsonString(CardTemplateEngine.OutputOptions).ShouldContain("\"text\":\"2. МОУ «Коммунарская СОШ № 2»\"");
    }

    [Fact]
    public void Render_WhoAmINotLinked_ShowsOnlyHint()
    {
        var model = new WhoAmICard("Гость", Linked: false, [], null, null, [], "Обратитесь к координатору.");

        var json = _renderer.RenderJson(CardNames.WhoAmI, model);

        json.ShouldContain("Обратитесь к координатору.");
        json.ShouldContain("не связана");
        json.ShouldNotContain("FactSet");
    }

    [Fact]
    public void Render_MessageModel_EqualsSampleExpansion()
    {
        var model = new MessageCard(
            "Консультация сохранена",
            "Запись добавлена в журнал консультаций школы. Координатор района увидит её в отчёте.",
            MessageStyle.Good)
        {
            Facts =
            [
                new("Школа", "МБОУ «Сиверская СОШ № 3»"),
                new("Тема", "Антирисковая программа: «Низкая учебная мотивация обучающихся»"),
                new("Дата", "14.03.2025"),
            ],
            Actions =
            [
                new("Открыть журнал", "consultation.list", new Dictionary<string, object?> { ["schoolId"] = 42 }),
                new("Новая консультация", "consultation.new", new Dictionary<string, object?> { ["schoolId"] = 42 }),
            ],
        };

        JsonAssert.FirstDifference(ExpandSample(CardNames.Message), _renderer.Render(CardNames.Message, model)).ShouldBeNull();
    }

    [Fact]
    public void Render_MessageWithoutFactsOrActions_DropsThoseBlocks()
    {
        var card = _renderer.Render(CardNames.Message, new MessageCard("Не понял команду", "Напишите «помощь»."));

        var types = card["body"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        types.ShouldBe(["Container", "TextBlock"]);
    }

    [Fact]
    public void Render_JsonElementModel_UsedAsIs()
    {
        using var data = JsonDocument.Parse("""{"title":"Как есть","Text":"регистр имён не меняется","style":"default","facts":[],"actions":[]}""");

        var card = _renderer.Render(CardNames.Message, data.RootElement);

        card.ToJsonString(CardTemplateEngine.OutputOptions).ShouldContain("Как есть");
    }
}

using SchoolSupport.Roadmaps.Documents;

namespace SchoolSupport.Core.Tests.Roadmaps;

public class RoadmapTextPartsTests
{
    [Theory]
    [InlineData("100% участников проекта прошли опрос", 100, null)]
    [InlineData("Не менее 85% ВКС, в которых региональные координаторы приняли участие", 85, null)]
    [InlineData("Не менее 12% (2 школы 2021 года участия) представили опыт своей работы", 12, null)]
    [InlineData("Проведено не менее 8 совещаний", null, 8)]
    [InlineData("10 кандидатов в кураторы завершили анкетирование (100%)", 100, 10)]
    [InlineData("Участие не менее 30 % школ-участниц проекта", 30, null)]
    [InlineData("В 100% ОО реализовано: в 1 полугодии – не менее 40% мер", 100, null)]
    [InlineData("Корректировка антирисковой программы на 2022 год", null, null)]
    [InlineData("Разработаны методические рекомендации для 9-х классов", null, null)]
    public void Extract_IndicatorText_FindsPercentAndCount(string text, int? percent, int? count)
    {
        var (foundPercent, foundCount) = TargetExtractor.Extract(text);

        foundPercent.ShouldBe(percent);
        foundCount.ShouldBe(count);
    }

    [Fact]
    public void Clean_HtmlHeadingWithLists_KeepsLinesAndDropsTags()
    {
        var text = CellText.Clean("<p>II. Методическое сопровождение</p> <p>Задачи:</p><ol style=\"x\"><li>Первая</li><li>Вторая&nbsp;задача</li></ol>");

        text.ShouldBe("II. Методическое сопровождение\nЗадачи:\nПервая\nВторая задача");
    }

    [Fact]
    public void Clean_MarkdownAndEntities_ReturnsPlainText()
    {
        CellText.Clean("**Об утверждении** плана &laquo;500+&raquo;  <u>Новости</u>").ShouldBe("Об утверждении плана «500+» Новости");
    }

    [Fact]
    public void IsRuler_MarkdownTableRule_IsRecognised()
    {
        CellText.IsRuler(["--", "---", "-----------", "--", "--"]).ShouldBeTrue();
        CellText.IsRuler(["1.1", "Мероприятие"]).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2.1.Повышение квалификации", "2.1", "Повышение квалификации")]
    [InlineData("7. Организация участия", "7", "Организация участия")]
    [InlineData("1.1.", "1.1", "")]
    [InlineData("III. Мониторинг", "III", "Мониторинг")]
    [InlineData("Раздел 2. Методика", "2", "Методика")]
    public void Parse_NumberedCell_SplitsNumberAndText(string cell, string number, string rest)
    {
        var parsed = ItemNumber.Parse(cell).ShouldNotBeNull();

        parsed.Value.ShouldBe(number);
        parsed.Rest.ShouldBe(rest);
    }

    [Theory]
    [InlineData("10.02. 2022 года")]
    [InlineData("15 декабря")]
    [InlineData("XI Всероссийская конференция")]
    [InlineData("000")]
    [InlineData("2022")]
    public void Parse_TextThatIsNotANumber_ReturnsNull(string cell)
    {
        ItemNumber.Parse(cell).ShouldBeNull();
    }
}

using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;

namespace SchoolSupport.Surveys;

/// <summary>
/// The answer distribution of one choice question as a PNG bar chart (ScottPlot), for channels that show images.
/// Built from the same SQL aggregation as the results card; it carries counts only, never who answered.
/// </summary>
public static class SurveyChart
{
    public const int Width = 640;

    public static async Task<byte[]?> RenderAsync(SchoolSupportDbContext db, int surveyId, string questionId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        var question = survey?.ParsedQuestions.FirstOrDefault(q => q.Id == questionId && q.IsChoiceLike);
        if (survey is null || question is null)
        {
            return null;
        }

        var counts = (await SurveyResults.ChoiceCountsAsync(db, surveyId, ct)).Where(c => c.QuestionId == questionId).ToDictionary(c => c.ChoiceId, c => c.Count, StringComparer.Ordinal);
        var options = question.Options;
        return Render(question.Text, options.Select(o => o.Text).ToList(), options.Select(o => counts.GetValueOrDefault(o.Id)).ToList());
    }

    public static byte[] Render(string title, IReadOnlyList<string> labels, IReadOnlyList<int> counts)
    {
        var plot = new ScottPlot.Plot();
        var total = Math.Max(1, counts.Sum());
        var bars = new List<ScottPlot.Bar>();
        for (var i = 0; i < labels.Count; i++)
        {
            // Top to bottom in the survey's order.
            var position = labels.Count - 1 - i;
            bars.Add(new ScottPlot.Bar
            {
                Position = position,
                Value = counts[i],
                FillColor = ScottPlot.Color.FromHex("#5B5FC7"),
                Label = $"{counts[i]} ({Math.Round(100.0 * counts[i] / total):0} %)",
            });
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 14;
        var ticks = labels.Select((l, i) => new ScottPlot.Tick(labels.Count - 1 - i, Short(l, 34))).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.25, bottom: 0.05, top: 0.05);
        plot.Axes.SetLimitsX(0, Math.Max(1, counts.DefaultIfEmpty(0).Max()) * 1.3);
        plot.Title(Short(title, 70), size: 14);
        plot.Grid.MajorLineColor = ScottPlot.Color.FromHex("#E6E6E6");
        plot.Font.Automatic();
        var height = Math.Clamp(90 + (36 * labels.Count), 160, 520);
        return plot.GetImageBytes(Width, height, ScottPlot.ImageFormat.Png);
    }

    private static string Short(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

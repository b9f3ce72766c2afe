using System.Reflection;

namespace SchoolSupport.Surveys;

/// <summary>The shipped template «Опрос участников проекта» (samples/surveys/), marked as a sample to adapt.</summary>
public static class SurveySample
{
    public const string Resource = "surveys/opros-uchastnikov-proekta.json";

    public static string Json()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException("The sample survey is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The sample with its window moved to start today and last two weeks.</summary>
    public static SurveyDefinition Definition(DateOnly today)
    {
        var d = SurveyFile.Read(Json()).Definition ?? throw new InvalidOperationException("The sample survey does not validate.");
        return d with { OpensLocal = today.ToDateTime(new TimeOnly(9, 0)), ClosesLocal = today.AddDays(14).ToDateTime(new TimeOnly(23, 59)) };
    }
}

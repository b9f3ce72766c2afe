using System.Text.RegularExpressions;
using SchoolSupport.People;

namespace SchoolSupport.Roadmaps.Import;

/// <summary>
/// Reads the «Ответственные» text of a roadmap item into the roles and organisations it names, and the cohort an
/// item targets. The patterns follow how regional roadmaps actually word it; anything unrecognised stays as text.
/// </summary>
public static partial class ResponsibilityResolver
{
    public sealed record Resolution(RoleMask Roles, IReadOnlyList<string> Organisations);

    public static Resolution Resolve(string responsible, IReadOnlyDictionary<string, string> byLevel)
    {
        var text = responsible.Replace('ё', 'е').Replace('Ё', 'Е');
        var lower = text.ToLowerInvariant();
        var roles = RoleMask.None;
        if (RegionalCoordinator().IsMatch(lower))
        {
            roles |= RoleMask.RegionalCoordinator;
        }

        if (MunicipalCoordinator().IsMatch(lower) || MunicipalAuthority().IsMatch(text))
        {
            roles |= RoleMask.MunicipalCoordinator;
        }

        if (Curator().IsMatch(lower))
        {
            roles |= RoleMask.Curator;
        }

        if (Director().IsMatch(lower) || SchoolAbbreviation().IsMatch(text))
        {
            roles |= RoleMask.Director;
        }

        if (Consultant().IsMatch(lower))
        {
            roles |= RoleMask.Consultant;
        }

        foreach (var (level, value) in byLevel)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var l = level.ToLowerInvariant();
            if (l.StartsWith("регион", StringComparison.Ordinal))
            {
                roles |= RoleMask.RegionalCoordinator;
            }
            else if (l.StartsWith("район", StringComparison.Ordinal) || l.StartsWith("муницип", StringComparison.Ordinal))
            {
                roles |= RoleMask.MunicipalCoordinator;
            }
            else if (l is "оо" || l.StartsWith("школ", StringComparison.Ordinal))
            {
                roles |= RoleMask.Director;
            }
        }

        var organisations = Abbreviation().Matches(text)
            .Select(m => m.Groups["name"].Value.Replace('6', 'б'))
            .Where(n => !NotOrganisations.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new Resolution(roles, organisations);
    }

    /// <summary>
    /// «1 год участия» in a roadmap for year Y means the schools that entered in Y; «школы 2022 года участия» names the
    /// year itself. Several cohorts (or none) → null, meaning every cohort.
    /// </summary>
    public static int? ResolveCohort(string text, int? year)
    {
        var cohorts = new HashSet<int>();
        foreach (Match m in CohortYear().Matches(text))
        {
            var years = m.Groups["years"].Value;
            foreach (Match y in FourDigits().Matches(years))
            {
                cohorts.Add(int.Parse(y.Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (year is { } y0)
        {
            foreach (Match m in CohortOrdinal().Matches(text))
            {
                cohorts.Add(y0 - (int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) - 1));
            }
        }

        return cohorts.Count == 1 ? cohorts.First() : null;
    }

    private static readonly HashSet<string> NotOrganisations = new(StringComparer.Ordinal)
    {
        "ОО", "ВКС", "ШНОР", "НОР", "ШНР", "ОВЗ", "ФГОС", "ПК", "РФ", "ИКТ", "ЕГЭ", "ОГЭ", "ВПР", "ГИА", "КИМ", "ОМО",
        "ГАОУ", "ДПО", "ГБУ", "ГАУ", "ЛО", "МБОУ", "ГБОУ", "СОШ", "ФГБУ", "ЦИС", "МЭДК", "ИС", "АР", "КО", "ОМУО",
    };

    [GeneratedRegex(@"регионал\w*\s+координатор|координатор\w*\s+регион|региональн\w+\s+консультант")]
    private static partial Regex RegionalCoordinator();

    [GeneratedRegex(@"муниципал\w*\s+координатор|районн\w*\s+координатор|специалист\w*\s+моуо|муниципальн\w+\s+(методическ|служб)")]
    private static partial Regex MunicipalCoordinator();

    [GeneratedRegex(@"\b(МОУО|ОМСУ|ОМУО|ИМЦ)\b")]
    private static partial Regex MunicipalAuthority();

    [GeneratedRegex(@"куратор")]
    private static partial Regex Curator();

    [GeneratedRegex(@"директор|руководител\w*\s+(оо|школ|образовательн)|\bшкол[аыи]?\b|школ[аы]?\s*-\s*участниц|школы\s*-\s*участницы|участник\w*\s+проекта|образовательн\w+\s+организаци|учител|педагог")]
    private static partial Regex Director();

    [GeneratedRegex(@"(^|[\s,;(])ОО($|[\s,;)])")]
    private static partial Regex SchoolAbbreviation();

    [GeneratedRegex(@"консультант|тьютор|методист")]
    private static partial Regex Consultant();

    [GeneratedRegex(@"(?<![А-ЯЁA-Za-zа-яё])(?<name>[А-ЯЁ][А-ЯЁ6]{2,}(?:и[А-ЯЁ]{2,})?)(?![А-ЯЁа-яё])")]
    private static partial Regex Abbreviation();

    [GeneratedRegex(@"(?<years>(?:20\d\d(?:\s*(?:и|,)\s*)?)+)\s*(?:г\.|года)?\s*участия", RegexOptions.IgnoreCase)]
    private static partial Regex CohortYear();

    [GeneratedRegex(@"(?<n>[1-3])\s*(?:-?й)?\s*год\s+участия", RegexOptions.IgnoreCase)]
    private static partial Regex CohortOrdinal();

    [GeneratedRegex(@"20\d\d")]
    private static partial Regex FourDigits();
}

using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Consultations;

/// <summary>Russian wording of consultation values, shared by cards and exports.</summary>
public static class ConsultationText
{
    public static string Format(ConsultationFormat format) => format switch
    {
        ConsultationFormat.InPerson => "очно",
        ConsultationFormat.Remote => "дистанционно",
        ConsultationFormat.Phone => "по телефону",
        ConsultationFormat.VideoCall => "ВКС",
        _ => format.ToString(),
    };

    public static ConsultationFormat? ParseFormat(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (Enum.TryParse<ConsultationFormat>(text.Trim(), ignoreCase: false, out var exact) && Enum.IsDefined(exact))
        {
            return exact;
        }

        return t switch
        {
            "очно" => ConsultationFormat.InPerson,
            "дистанционно" or "онлайн" => ConsultationFormat.Remote,
            "вкс" or "видеосвязь" => ConsultationFormat.VideoCall,
            _ when t.StartsWith("видеоконференц", StringComparison.Ordinal) => ConsultationFormat.VideoCall,
            _ when t.Contains("телефон", StringComparison.Ordinal) => ConsultationFormat.Phone,
            _ => null,
        };
    }

    public static readonly IReadOnlyList<Role> ParticipantRoleOrder =
        [Role.Director, Role.Curator, Role.Consultant, Role.MunicipalCoordinator, Role.RegionalCoordinator];

    public static string Roles(RoleMask mask) =>
        string.Join(", ", ParticipantRoleOrder.Where(r => (mask & Caller.ToMask(r)) != 0).Select(RoleNames.Russian));

    public static string Duration(int minutes) => minutes % 60 == 0 && minutes >= 60
        ? $"{minutes / 60} ч"
        : minutes > 60 ? $"{minutes / 60} ч {minutes % 60} мин" : $"{minutes} мин";

    public static string Day(DateOnly date) => date.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

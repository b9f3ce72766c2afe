namespace SchoolSupport.People;

public static class RoleNames
{
    public static string Russian(Role role) => role switch
    {
        Role.RegionalCoordinator => "региональный координатор",
        Role.MunicipalCoordinator => "муниципальный координатор",
        Role.Curator => "куратор",
        Role.Director => "руководитель школы",
        Role.Consultant => "консультант",
        _ => role.ToString(),
    };
}

namespace SchoolSupport.Web.Hosting;

public static class FeatureSetup
{
    /// <summary>Every product feature registers its commands, card actions and workers with one call here.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}

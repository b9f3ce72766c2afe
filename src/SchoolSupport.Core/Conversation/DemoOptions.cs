namespace SchoolSupport.Conversation;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>
    /// When on, channel user ids «29:demo-director», «29:demo-curator», «29:demo-municipal», «29:demo-coordinator»
    /// act as the demo people on any channel. Never enable it where real people use the bot.
    /// </summary>
    public bool Enabled { get; set; }

    public const string UserIdPrefix = "29:demo-";
    public const string EmailDomain = "demo.schoolsupport.local";

    public static string EmailFor(string key) => $"{key}@{EmailDomain}";
}

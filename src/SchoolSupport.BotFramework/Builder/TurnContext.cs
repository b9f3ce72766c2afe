using SchoolSupport.BotFramework.Schema;

namespace SchoolSupport.BotFramework.Builder;

public delegate Task BotCallbackHandler(ITurnContext turnContext, CancellationToken cancellationToken);

public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default);
}

/// <summary>Per-turn state; keys default to the type's full name.</summary>
public sealed class TurnContextStateCollection : Dictionary<string, object>
{
    public T? Get<T>() where T : class => Get<T>(typeof(T).FullName!);

    public T? Get<T>(string key) where T : class => TryGetValue(key, out var value) ? value as T : null;

    public void Set<T>(T value) where T : class => this[typeof(T).FullName!] = value;

    public void Set<T>(string key, T value) where T : class => this[key] = value;
}

public interface ITurnContext
{
    BotAdapter Adapter { get; }

    /// <summary>The incoming activity.</summary>
    Activity Activity { get; }

    TurnContextStateCollection TurnState { get; }

    /// <summary>True once something was sent in this turn.</summary>
    bool Responded { get; }

    Task<ResourceResponse?> SendActivityAsync(string text, CancellationToken cancellationToken = default);

    Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse[]> SendActivitiesAsync(Activity[] activities, CancellationToken cancellationToken = default);

    Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default);
}

public class TurnContext(BotAdapter adapter, Activity activity) : ITurnContext
{
    public BotAdapter Adapter { get; } = adapter;
    public Activity Activity { get; } = activity;
    public TurnContextStateCollection TurnState { get; } = new();
    public bool Responded { get; private set; }

    /// <summary>Replies held back for a <c>deliveryMode: expectReplies</c> turn.</summary>
    public List<Activity> BufferedReplyActivities { get; } = [];

    public Task<ResourceResponse?> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(MessageFactory.Text(text), cancellationToken);

    public async Task<ResourceResponse?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default) =>
        (await SendActivitiesAsync([activity], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<ResourceResponse[]> SendActivitiesAsync(Activity[] activities, CancellationToken cancellationToken = default)
    {
        var reference = Activity.GetConversationReference();
        foreach (var activity in activities)
        {
            activity.Type ??= ActivityTypes.Message;
            activity.ApplyConversationReference(reference);
        }

        var responses = await Adapter.SendActivitiesAsync(this, activities, cancellationToken).ConfigureAwait(false);
        if (activities.Any(a => a.Type != ActivityTypes.Trace))
        {
            Responded = true;
        }

        return responses;
    }

    public Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        var reference = Activity.GetConversationReference();
        activity.Conversation ??= reference.Conversation;
        activity.ServiceUrl ??= reference.ServiceUrl;
        activity.ChannelId ??= reference.ChannelId;
        activity.From ??= reference.Bot;
        activity.Recipient ??= reference.User;
        return Adapter.UpdateActivityAsync(this, activity, cancellationToken);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default)
    {
        var reference = Activity.GetConversationReference();
        reference.ActivityId = activityId;
        return Adapter.DeleteActivityAsync(this, reference, cancellationToken);
    }
}

namespace SchoolSupport.Common;

/// <summary>Shortening text: <see cref="Clip"/> for what people read, <see cref="Fit"/> for what a column can hold.</summary>
public static class PlainText
{
    /// <summary>At most <paramref name="max"/> characters, the cut marked with «…» so a reader sees that there is more.</summary>
    public static string Clip(string text, int max) =>
        text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>At most <paramref name="max"/> characters, cut without a mark: a stored value sized to its column.</summary>
    public static string? Fit(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..max];

    /// <summary>As <see cref="Fit"/>, with an empty value stored as null (an absent channel field).</summary>
    public static string? FitOrNull(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : Fit(value, max);
}

namespace Steward.Core.Memory;

public enum MemoryKind
{
    Note,
    Fact,
    Decision,
    Lesson,
    Message,
    Summary,
}

public static class MemoryKindNames
{
    public static string Name(this MemoryKind kind) => kind switch
    {
        MemoryKind.Note => "note",
        MemoryKind.Fact => "fact",
        MemoryKind.Decision => "decision",
        MemoryKind.Lesson => "lesson",
        MemoryKind.Message => "message",
        _ => "summary",
    };

    /// <summary>Stored names hit the first arm without allocating; user text is trimmed and lowercased.</summary>
    public static MemoryKind Parse(string value) => value switch
    {
        "note" => MemoryKind.Note,
        "fact" => MemoryKind.Fact,
        "decision" => MemoryKind.Decision,
        "lesson" => MemoryKind.Lesson,
        "message" => MemoryKind.Message,
        "summary" => MemoryKind.Summary,
        _ => ParseLoose(value),
    };

    private static MemoryKind ParseLoose(string value) => value.Trim().ToLowerInvariant() switch
    {
        "note" => MemoryKind.Note,
        "fact" => MemoryKind.Fact,
        "decision" => MemoryKind.Decision,
        "lesson" => MemoryKind.Lesson,
        "message" => MemoryKind.Message,
        "summary" => MemoryKind.Summary,
        _ => throw new StewardException($"kind \"{value}\" is not one of note, fact, decision, lesson, message, summary."),
    };

    /// <summary>Facts and lessons stay true longer than notes and chat: they decay four times slower.</summary>
    public static double HalfLifeFactor(this MemoryKind kind) => kind is MemoryKind.Fact or MemoryKind.Lesson ? 4.0 : 1.0;
}

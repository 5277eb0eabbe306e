namespace Steward.Core.People;

/// <summary>
/// What <see cref="PersonStore.Upsert"/> should change. <see cref="Person"/> names an existing
/// person (see <see cref="PersonStore.Find"/>); without it the identities decide: a person who
/// owns one of them is updated, otherwise a new person is created (and needs a display name).
/// Notes are appended as a new dated paragraph unless <see cref="ReplaceNotes"/>; tags are added to
/// the ones the person has.
/// </summary>
public sealed record PersonChanges(
    string? Person = null,
    string? DisplayName = null,
    IReadOnlyList<PersonIdentity>? Identities = null,
    string? Notes = null,
    bool ReplaceNotes = false,
    IReadOnlyList<string>? Tags = null);

/// <summary>The person after an upsert, whether it was created, and which identities were new.</summary>
public sealed record PersonUpsertResult(Person Person, bool Created, IReadOnlyList<PersonIdentity> AddedIdentities);

/// <summary>An interaction just logged, and the person as it now stands.</summary>
public sealed record LoggedInteraction(Person Person, PersonInteraction Interaction);

/// <summary>The person kept by a merge, and what moved to them from the person merged in (who no longer exists).</summary>
public sealed record PersonMergeResult(Person Kept, long MergedId, string MergedName, int IdentitiesMoved, int InteractionsMoved, int ThemesMoved);

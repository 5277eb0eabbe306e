using Steward.Core.Memory;

namespace Steward.Core.People;

/// <summary>Everything person_get shows: the person, their latest interactions, and memories that mention them.</summary>
public sealed record PersonProfile(Person Person, IReadOnlyList<PersonInteraction> RecentInteractions, IReadOnlyList<MemoryHit> RelatedMemories);

/// <summary>Puts a <see cref="PersonProfile"/> together from the people store and the memory store.</summary>
public sealed class PersonProfiles(PersonStore people, MemoryStore memory)
{
    public const int RelatedMemoryLimit = 5;

    public PersonProfile Load(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new PersonProfile(person, people.RecentInteractions(person.Id), memory.Search(new MemoryQuery(person.DisplayName, Limit: RelatedMemoryLimit)));
    }
}

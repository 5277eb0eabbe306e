using Steward.Core.Homes;

namespace Steward.Core.Scheduling.Jobs;

public sealed record JobCatalogSnapshot(IReadOnlyList<JobDefinition> Jobs, IReadOnlyList<JobProblem> Problems)
{
    public JobDefinition? Find(string name) => Jobs.FirstOrDefault(j => j.Name == name);
}

/// <summary>
/// The jobs folder as the scheduler sees it. Re-reading parses only files whose size or time
/// changed, so the owner's hand edits are picked up within a tick and 10,000 jobs stay cheap.
/// A bad file becomes a <see cref="JobProblem"/>; it never hides the others.
/// </summary>
public sealed class JobCatalog(AgentHome home, TimeZoneInfo defaultZone)
{
    private readonly Dictionary<string, (DateTime Modified, long Length, JobDefinition? Job, JobProblem? Problem)> _cache = new(StringComparer.Ordinal);

    public static JobCatalogSnapshot Load(AgentHome home, TimeZoneInfo defaultZone) => new JobCatalog(home, defaultZone).Refresh();

    public JobCatalogSnapshot Refresh()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(home.JobsDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(home.JobsDirectory, "*.md"))
            {
                var fileName = Path.GetFileName(path);
                if (fileName.StartsWith('.'))
                {
                    continue;
                }
                seen.Add(path);
                var info = new FileInfo(path);
                if (_cache.TryGetValue(path, out var cached) && cached.Modified == info.LastWriteTimeUtc && cached.Length == info.Length)
                {
                    continue;
                }
                var (job, problem) = Read(path);
                _cache[path] = (info.LastWriteTimeUtc, info.Length, job, problem);
            }
        }
        foreach (var gone in _cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _cache.Remove(gone);
        }
        var jobs = _cache.Values.Where(v => v.Job is not null).Select(v => v.Job!).OrderBy(j => j.Name, StringComparer.Ordinal).ToList();
        var problems = _cache.Values.Where(v => v.Problem is not null).Select(v => v.Problem!).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        return new JobCatalogSnapshot(jobs, problems);
    }

    private (JobDefinition? Job, JobProblem? Problem) Read(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            return (JobFile.Parse(name, File.ReadAllText(path), defaultZone), null);
        }
        catch (StewardException e)
        {
            return (null, new JobProblem(name, path, e.Message));
        }
        catch (IOException e)
        {
            return (null, new JobProblem(name, path, $"cannot read the file: {e.Message}"));
        }
    }
}

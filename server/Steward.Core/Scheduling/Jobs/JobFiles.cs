using Steward.Core.Files;
using Steward.Core.Homes;

namespace Steward.Core.Scheduling.Jobs;

/// <summary>
/// Creating, changing and deleting job files for the front doors. Every write is rendered, parsed
/// back and only then written (atomically), so a tool can never leave a file the scheduler rejects.
/// </summary>
public sealed class JobFiles(AgentHome home, TimeZoneInfo defaultZone)
{
    public string PathFor(string name) => Path.Combine(home.JobsDirectory, name + ".md");

    public JobDefinition Read(string name)
    {
        JobNames.Validate(name);
        var path = PathFor(name);
        if (!File.Exists(path))
        {
            throw new StewardException($"There is no job named '{name}'. See schedule_list for the jobs that exist.");
        }
        try
        {
            return JobFile.Parse(name, File.ReadAllText(path), defaultZone);
        }
        catch (StewardException e)
        {
            throw new StewardException($"Job '{name}' ({path}) is invalid: {e.Message} Fix the file by hand, or delete it and create it again.", e);
        }
    }

    public JobDefinition Create(JobDefinition draft)
    {
        JobNames.Validate(draft.Name);
        var job = Validated(draft);
        Directory.CreateDirectory(home.JobsDirectory);
        var path = PathFor(job.Name);
        try
        {
            // CreateNew: two front doors creating the same name cannot both win.
            using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly.File });
            using var writer = new StreamWriter(stream);
            writer.Write(JobFile.Render(job));
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new StewardException($"A job named '{job.Name}' already exists. Change it with schedule_update, or pick another name.");
        }
        return job;
    }

    public JobDefinition Update(string name, Func<JobDefinition, JobDefinition> change)
    {
        var job = Validated(change(Read(name)) with { Name = name });
        AtomicFile.WriteAllText(PathFor(name), JobFile.Render(job), OwnerOnly.File);
        return job;
    }

    public void Delete(string name)
    {
        JobNames.Validate(name);
        var path = PathFor(name);
        if (!File.Exists(path))
        {
            throw new StewardException($"There is no job named '{name}'.");
        }
        File.Delete(path);
    }

    private JobDefinition Validated(JobDefinition job) => JobFile.Parse(job.Name, JobFile.Render(job), defaultZone);
}

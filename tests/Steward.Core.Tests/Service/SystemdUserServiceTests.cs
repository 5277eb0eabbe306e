using Steward.Core.Homes;
using Steward.Core.Service;
using Steward.Testing;

namespace Steward.Core.Tests.Service;

public sealed class SystemdUserServiceTests : IDisposable
{
    private readonly TempDirectory _directory = new("sd");

    private SystemdUserService ServiceFor(string homePath, string name = "Ada") =>
        new(new AgentHome(homePath), name, _directory.Combine("units"));

    [Fact]
    public void The_unit_runs_serve_for_this_home_and_restarts_always()
    {
        var service = ServiceFor("/srv/agents/ada/.steward");

        var unit = service.RenderUnit(["/opt/steward/steward"], "/usr/local/bin:/usr/bin");

        Assert.Contains("ExecStart=/opt/steward/steward serve --home /srv/agents/ada/.steward\n", unit, StringComparison.Ordinal);
        Assert.Contains("Restart=always\n", unit, StringComparison.Ordinal);
        Assert.Contains("WantedBy=default.target\n", unit, StringComparison.Ordinal);
        Assert.Contains("Environment=STEWARD_HOME=/srv/agents/ada/.steward\n", unit, StringComparison.Ordinal);
        Assert.Contains("Environment=PATH=/usr/local/bin:/usr/bin\n", unit, StringComparison.Ordinal);
        Assert.Contains("[Service]\nType=simple\n", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_with_spaces_percent_and_dollar_are_quoted_and_escaped()
    {
        var service = ServiceFor("/home/me/My Agent 100%/.steward");

        var unit = service.RenderUnit(["/usr/bin/dotnet", "/opt/$teward/steward.dll"], null);

        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/$$teward/steward.dll serve --home \"/home/me/My Agent 100%%/.steward\"\n", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("PATH=", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_names_are_stable_per_home_and_distinct_between_homes()
    {
        Assert.Equal(ServiceFor("/a/.steward").UnitName, ServiceFor("/a/.steward").UnitName);
        Assert.NotEqual(ServiceFor("/a/.steward").UnitName, ServiceFor("/b/.steward").UnitName);
        Assert.Matches("^steward-my-agent-[0-9a-f]{8}\\.service$", ServiceFor("/a/.steward", "My Agent!").UnitName);
    }

    [Fact]
    public void Install_writes_the_unit_and_uninstall_removes_exactly_it()
    {
        var service = ServiceFor("/srv/ada/.steward");
        var other = _directory.Combine("units", "unrelated.service");
        Directory.CreateDirectory(_directory.Combine("units"));
        File.WriteAllText(other, "[Unit]\n");

        var state = service.Install(["/opt/steward"], "/usr/bin");

        Assert.True(File.Exists(state.UnitPath));
        Assert.True(service.State(["/opt/steward"], "/usr/bin").UpToDate);
        Assert.False(service.State(["/opt/other-steward"], "/usr/bin").UpToDate);
        Assert.True(service.Uninstall());
        Assert.False(File.Exists(state.UnitPath));
        Assert.True(File.Exists(other));
        Assert.False(service.Uninstall());
    }

    [Fact]
    public void Uninstall_refuses_a_unit_it_did_not_write_for_this_home()
    {
        var service = ServiceFor("/srv/ada/.steward");
        Directory.CreateDirectory(_directory.Combine("units"));
        File.WriteAllText(service.UnitPath, "[Unit]\nDescription=hand written\n");

        Assert.Throws<StewardException>(() => service.Uninstall());
        Assert.True(File.Exists(service.UnitPath));
    }

    [Fact]
    public void The_enable_lines_name_the_unit()
    {
        var service = ServiceFor("/srv/ada/.steward");

        Assert.Contains($"systemctl --user enable --now {service.UnitName}", service.EnableCommands);
        Assert.Contains($"systemctl --user disable --now {service.UnitName}", service.DisableCommands);
    }

    public void Dispose() => _directory.Dispose();
}

using Steward.Core.Homes;
using Steward.Testing;

namespace Steward.Core.Tests.Homes;

public sealed class HomeLocatorTests : IDisposable
{
    private readonly TempDirectory _root = new("hl");

    private string UserHome => _root.Combine("user");
    private string Project => _root.Combine("work", "project");
    private string Nested => _root.Combine("work", "project", "src", "deep");

    public HomeLocatorTests()
    {
        Directory.CreateDirectory(UserHome);
        Directory.CreateDirectory(Nested);
    }

    [Fact]
    public void The_option_wins_over_everything()
    {
        Directory.CreateDirectory(Path.Combine(Project, ".steward"));
        var located = new HomeLocator(Nested, "/elsewhere/env-home", UserHome).Locate(_root.Combine("explicit"));

        Assert.Equal(HomeSource.Option, located.Source);
        Assert.Equal(_root.Combine("explicit"), located.Home.Root);
    }

    [Fact]
    public void The_environment_variable_wins_over_the_directory_search()
    {
        Directory.CreateDirectory(Path.Combine(Project, ".steward"));
        var located = new HomeLocator(Nested, "/elsewhere/env-home", UserHome).Locate();

        Assert.Equal(HomeSource.Environment, located.Source);
        Assert.Equal("/elsewhere/env-home", located.Home.Root);
    }

    [Fact]
    public void The_nearest_steward_directory_up_from_the_working_directory_is_found()
    {
        Directory.CreateDirectory(_root.Combine("work", ".steward"));
        Directory.CreateDirectory(Path.Combine(Project, ".steward"));

        var located = new HomeLocator(Nested, null, UserHome).Locate();

        Assert.Equal(HomeSource.WorkingDirectory, located.Source);
        Assert.Equal(Path.Combine(Project, ".steward"), located.Home.Root);
    }

    [Fact]
    public void Without_anything_else_the_user_default_is_used_even_if_missing()
    {
        var located = new HomeLocator(Nested, "  ", UserHome).Locate();

        Assert.Equal(HomeSource.UserDefault, located.Source);
        Assert.Equal(Path.Combine(UserHome, ".steward"), located.Home.Root);
        Assert.False(located.Exists);
    }

    [Fact]
    public void A_creating_command_uses_the_working_directory_when_the_user_default_does_not_exist()
    {
        var located = new HomeLocator(Nested, null, UserHome).LocateOrCreateHere();

        Assert.Equal(Path.Combine(Nested, ".steward"), located.Home.Root);
    }

    [Fact]
    public void A_creating_command_uses_an_existing_user_default()
    {
        HomeInitializer.Initialize(new AgentHome(Path.Combine(UserHome, ".steward")));

        var located = new HomeLocator(Nested, null, UserHome).LocateOrCreateHere();

        Assert.Equal(HomeSource.UserDefault, located.Source);
        Assert.True(located.Exists);
    }

    [Fact]
    public void Tilde_and_relative_paths_are_expanded()
    {
        var locator = new HomeLocator(Nested, null, UserHome);

        Assert.Equal(Path.Combine(UserHome, "agents", "ada"), locator.Locate("~/agents/ada").Home.Root);
        Assert.Equal(Path.Combine(Nested, "here"), locator.Locate("here").Home.Root);
    }

    public void Dispose() => _root.Dispose();
}

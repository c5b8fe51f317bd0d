using Servala.Catalog.Admin;

namespace Servala.Tests.Support;

/// <summary>An in-memory <see cref="IUserAccounts"/> for component tests (the service tests use the real Identity store).</summary>
public sealed class FakeUserAccounts : IUserAccounts
{
    private readonly List<(UserAccount Account, string Password)> _users = [];

    public string? PasswordOf(string email) => _users.FirstOrDefault(u => u.Account.Email == email).Password;

    public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserAccount>>(_users.Select(u => u.Account).ToList());

    public Task<UserAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Select(u => u.Account).FirstOrDefault(u => u.Id == userId));

    public Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Select(u => u.Account).FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)));

    public Task<(string? UserId, IReadOnlyList<string> Errors)> CreateAsync(string email, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var account = new UserAccount("user-" + (_users.Count + 1), email, roles, null, MustChangePassword: true);
        _users.Add((account, password));
        return Task.FromResult<(string?, IReadOnlyList<string>)>((account.Id, []));
    }

    public Task<IReadOnlyList<string>> SetRolesAsync(string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        Replace(userId, (a, p) => (a with { Roles = roles }, p));

    public Task<IReadOnlyList<string>> ResetPasswordAsync(string userId, string password, CancellationToken cancellationToken) =>
        Replace(userId, (a, _) => (a with { MustChangePassword = true }, password));

    public Task<IReadOnlyList<string>> UnlockAsync(string userId, CancellationToken cancellationToken) =>
        Replace(userId, (a, p) => (a with { LockedOutUntil = null }, p));

    private Task<IReadOnlyList<string>> Replace(string userId, Func<UserAccount, string, (UserAccount, string)> change)
    {
        var index = _users.FindIndex(u => u.Account.Id == userId);
        if (index < 0)
        {
            return Task.FromResult<IReadOnlyList<string>>(["There is no such login."]);
        }

        _users[index] = change(_users[index].Account, _users[index].Password);
        return Task.FromResult<IReadOnlyList<string>>([]);
    }
}

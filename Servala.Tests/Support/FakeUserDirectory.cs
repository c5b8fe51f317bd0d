using Servala.Catalog;
using Servala.Catalog.Setup;

namespace Servala.Tests.Support;

/// <summary>An in-memory <see cref="IUserDirectory"/> with the contract's semantics (create, add missing roles, never touch passwords).</summary>
public sealed class FakeUserDirectory : IUserDirectory
{
    private readonly Dictionary<string, FakeUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeUser> _others = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, FakeUser> Users => _users;

    /// <summary>An account that exists before any setup file, with a password of its own.</summary>
    public void AddOther(string email, string password) =>
        _others.Add(email, new FakeUser("other-" + (_others.Count + 1), email, password, new HashSet<string>(StringComparer.Ordinal)));

    public Task<AccountOrigin> FindAsync(string email, CancellationToken cancellationToken) =>
        Task.FromResult(_others.ContainsKey(email) ? AccountOrigin.Other : _users.ContainsKey(email) ? AccountOrigin.Setup : AccountOrigin.None);

    public Task<EnsuredUser> EnsureUserAsync(string email, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        if (_others.TryGetValue(email, out var other))
        {
            _users.Add(email, other);
            _others.Remove(email);
        }

        if (!_users.TryGetValue(email, out var user))
        {
            user = new FakeUser("user-" + (_users.Count + 1), email, password, new HashSet<string>(roles, StringComparer.Ordinal));
            _users.Add(email, user);
            return Task.FromResult(new EnsuredUser(user.Id, SetupChange.Created));
        }

        var added = roles.Count(user.Roles.Add);
        return Task.FromResult(new EnsuredUser(user.Id, added > 0 ? SetupChange.Updated : SetupChange.Unchanged));
    }

    /// <summary>Accepts every user; tests that need a rejection use their own directory.</summary>
    public Task<IReadOnlyList<Violation>> CheckUserAsync(string email, string password, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Violation>>([]);
}

public sealed record FakeUser(string Id, string Email, string Password, HashSet<string> Roles);

using Microsoft.AspNetCore.Identity;

namespace Servala.Web.Data;

/// <summary>A portal user; organization membership lives in the catalog database by user id.</summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>
    /// The password is a one-time password staff handed out (a new login, a reset): until the user sets their own,
    /// the change-password page is the only page they can use. Setup-file accounts are never marked.
    /// </summary>
    public bool MustChangePassword { get; set; }
}

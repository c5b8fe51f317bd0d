using Microsoft.AspNetCore.Identity;

namespace Servala.Web.Data;

/// <summary>A portal user; organization membership lives in the catalog database by user id.</summary>
public sealed class ApplicationUser : IdentityUser
{
}

using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Servala.Web.Data;

/// <summary>ASP.NET Core Identity's tables; shares the database with the catalog, keeps its own migration history.</summary>
public sealed class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public const string MigrationsHistoryTable = "__IdentityMigrationsHistory";
}

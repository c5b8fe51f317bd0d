using System.ComponentModel.DataAnnotations;

namespace Servala.Web.Identity;

/// <summary>Where the sign-in keys are kept on SQLite (section <c>DataProtection</c>); on PostgreSQL they are in the database.</summary>
internal sealed class DataProtectionKeysOptions
{
    public const string Section = "DataProtection";

    /// <summary><c>DataProtection:KeysPath</c>: the folder of the key files; default <c>&lt;content root&gt;/Data/keys</c>.</summary>
    [MinLength(1, ErrorMessage = "DataProtection:KeysPath must name a folder, or be left out for <content root>/Data/keys.")]
    public string? KeysPath { get; set; }
}

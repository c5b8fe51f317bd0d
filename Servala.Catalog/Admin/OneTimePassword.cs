using System.Security.Cryptography;

namespace Servala.Catalog.Admin;

/// <summary>
/// Passwords staff hand to a user once (a new account, a reset): 20 characters from a cryptographic random
/// source, with upper- and lower-case letters, digits and symbols, without look-alikes (0/O, 1/l/I).
/// </summary>
public static class OneTimePassword
{
    public const int Length = 20;

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!#%+-=?@_";

    public static string Generate()
    {
        var all = Upper + Lower + Digits + Symbols;
        var chars = new char[Length];
        // One of each class, the rest from all of them, then shuffled so the classes sit anywhere.
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

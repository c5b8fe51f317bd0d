namespace Servala.Catalog.Pricing;

/// <summary>
/// Texts a quote derives from one catalog row (a line's description), made by the first quote that needs them and
/// reused by every later one, so a quote formats no decimal it has formatted before. Not part of the row's value:
/// rows compare and hash alike whatever either has cached (<see cref="Equals(DerivedTexts?)"/> is always true), and a
/// copy made with <c>with</c> shares the cache of its original, so every entry keeps the inputs it was made from and
/// is used only when they are the current ones (otherwise it is made again). Entries are immutable and replaced
/// whole: threads that race make the same text twice, never a torn one.
/// </summary>
public sealed class DerivedTexts : IEquatable<DerivedTexts>
{
    // Two kinds of entry (a plan's compute and discount descriptions) per billed replica count (1 to MaxReplicas; an
    // HA minimum above it is formatted each time), made by the first entry: most rows of a large catalog are never quoted.
    private const int Kinds = 2;
    private object?[]? _byReplicas;
    private object? _single;

    /// <summary>The entry of kind <paramref name="kind"/> (0 or 1) cached for <paramref name="replicas"/>, if it is a <typeparamref name="T"/>.</summary>
    internal T? Get<T>(int replicas, int kind)
        where T : class =>
        Volatile.Read(ref _byReplicas) is { } slots && (uint)replicas <= PriceCalculator.MaxReplicas
            ? Volatile.Read(ref slots[(replicas * Kinds) + kind]) as T
            : null;

    internal void Set(int replicas, int kind, object entry)
    {
        if ((uint)replicas > PriceCalculator.MaxReplicas)
        {
            return;
        }

        var slots = Volatile.Read(ref _byReplicas);
        if (slots is null)
        {
            Interlocked.CompareExchange(ref _byReplicas, new object?[(PriceCalculator.MaxReplicas + 1) * Kinds], null);
            slots = Volatile.Read(ref _byReplicas)!;
        }

        Volatile.Write(ref slots[(replicas * Kinds) + kind], entry);
    }

    /// <summary>The one entry of a row that derives a single text (a base fee, an SLA or CSP line).</summary>
    internal T? Get<T>()
        where T : class => Volatile.Read(ref _single) as T;

    internal void Set(object entry) => Volatile.Write(ref _single, entry);

    public bool Equals(DerivedTexts? other) => other is not null;

    public override bool Equals(object? obj) => obj is DerivedTexts;

    public override int GetHashCode() => 0;
}

using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "soak")
{
    return await Servala.Benchmarks.QuoteSoak.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "quotes")
{
    return await Servala.Benchmarks.QuoteLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "floor")
{
    return await Servala.Benchmarks.QuoteLoad.FloorAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "circuits")
{
    return await Servala.Benchmarks.CircuitProbe.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "preview")
{
    return await Servala.Benchmarks.LivePreview.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "generate")
{
    return await Servala.Benchmarks.SyncBench.GenerateAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "sync")
{
    return await Servala.Benchmarks.SyncBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Servala.Benchmarks.PricingBenchmarks).Assembly).Run(args);
return 0;

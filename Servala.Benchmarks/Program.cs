using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Servala.Benchmarks.PricingBenchmarks).Assembly).Run(args);

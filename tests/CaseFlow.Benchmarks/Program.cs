using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CaseFlow.Benchmarks.ReplyDueBenchmarks).Assembly).Run(args);

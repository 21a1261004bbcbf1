using BenchmarkDotNet.Attributes;
using CaseFlow.Domain.Supervision;

namespace CaseFlow.Benchmarks;

/// <summary>The early warning's search for similar applications (Art. 44) among a month of requests: prefix-filtered
/// pairs against the baseline of comparing every pair in the same run.</summary>
[MemoryDiagnoser]
public class SimilarPairsBenchmarks
{
    [Params(1000, 3000)]
    public int Requests { get; set; }

    private List<string> _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var characters = "申请公开年度本县城区老旧小区改造项目资金使用明细征收补偿安置方案环境空气质量监测数据财政预决算招生划片".ToCharArray();
        _texts = Enumerable.Range(0, Requests)
            .Select(_ => new string(Enumerable.Range(0, 30).Select(_ => characters[random.Next(characters.Length)]).ToArray())).ToList();
    }

    /// <summary>The baseline: every pair compared.</summary>
    [Benchmark(Baseline = true)]
    public int EveryPair()
    {
        var sets = _texts.Select(TextSimilarity.Bigrams).ToList();
        var pairs = 0;
        for (var i = 0; i < sets.Count; i++)
            for (var j = i + 1; j < sets.Count; j++)
                if (TextSimilarity.Of(sets[i], sets[j]) >= 0.5)
                    pairs++;
        return pairs;
    }

    [Benchmark]
    public int PrefixFiltered() => EarlyWarning.SimilarPairs(_texts, 0.5).Count;
}

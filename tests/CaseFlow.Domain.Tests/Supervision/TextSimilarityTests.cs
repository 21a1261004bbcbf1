using CaseFlow.Domain.Supervision;

namespace CaseFlow.Domain.Tests.Supervision;

public sealed class TextSimilarityTests
{
    [Fact]
    public void The_same_text_is_identical_whatever_the_punctuation_and_spaces()
    {
        Assert.Equal(1.0, TextSimilarity.Of("申请公开2024年老旧小区改造资金明细。", "申请公开 2024年老旧小区改造资金明细"));
    }

    [Fact]
    public void Chinese_without_word_boundaries_is_compared_by_character_bigrams()
    {
        var reordered = TextSimilarity.Of("申请公开2024年老旧小区改造资金使用明细", "老旧小区改造资金使用明细（2024年）请予公开");
        var unrelated = TextSimilarity.Of("申请公开2024年老旧小区改造资金使用明细", "请提供本县环境空气质量监测数据");

        Assert.True(reordered >= 0.5, $"reordered: {reordered}");
        Assert.True(unrelated < 0.1, $"unrelated: {unrelated}");
    }

    [Theory]
    [InlineData("", "申请公开")]
    [InlineData("申", "申请公开")]
    [InlineData("。，", "申请公开")]
    public void A_text_with_no_bigram_is_like_nothing(string a, string b)
    {
        Assert.Equal(0.0, TextSimilarity.Of(a, b));
    }

    [Fact]
    public void Similarity_is_the_Jaccard_index_of_the_bigram_sets()
    {
        // 甲乙丙: {甲乙, 乙丙}; 乙丙丁: {乙丙, 丙丁}; one in common of three.
        Assert.Equal(1.0 / 3, TextSimilarity.Of("甲乙丙", "乙丙丁"), 10);
    }
}

public sealed class SimilarPairsTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(1.0)]
    public void Prefix_filtering_finds_exactly_the_pairs_that_comparing_every_pair_finds(double threshold)
    {
        var random = new Random(7);
        const string alphabet = "申请公开城东片区征收补偿方案资金明细年度";
        for (var round = 0; round < 20; round++)
        {
            var texts = Enumerable.Range(0, 60).Select(_ => new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())).ToList();
            var expected = new List<(int, int)>();
            for (var i = 0; i < texts.Count; i++)
                for (var j = i + 1; j < texts.Count; j++)
                    if (TextSimilarity.Of(texts[i], texts[j]) >= threshold)
                        expected.Add((i, j));

            var found = CaseFlow.Domain.Supervision.EarlyWarning.SimilarPairs(texts, threshold).OrderBy(p => p.I).ThenBy(p => p.J).ToList();

            Assert.Equal(expected, found.Select(p => (p.I, p.J)));
        }
    }
}

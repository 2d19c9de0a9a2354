// Parsing under caps: collections and points beyond the caps are counted, not stored;
// summaries cover every point; a cut body keeps what arrived complete.
#include <backends/prometheus/bounded_json.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::prometheus;
using nlohmann::json;

std::string matrix(int series, int points) {
    json result = json::array();
    for (int s = 0; s < series; ++s) {
        json values = json::array();
        for (int p = 0; p < points; ++p) {
            values.push_back(json::array({1000 + p * 15, std::to_string(s * 100 + p)}));
        }
        result.push_back(
            {{"metric", {{"__name__", "m"}, {"i", std::to_string(s)}}}, {"values", values}}
        );
    }
    // As Prometheus writes it: status first, resultType before result.
    return R"({"status":"success","data":{"resultType":"matrix","result":)" + result.dump() + "}}";
}

parse_caps caps(std::size_t items, std::size_t points, std::vector<std::string> paths) {
    parse_caps c;
    c.max_items = items;
    c.max_points = points;
    c.item_paths = std::move(paths);
    return c;
}

TEST(PrometheusBoundedJson, UnderTheCapsEverythingIsKept) {
    auto doc = parse_bounded(matrix(2, 3), false, caps(10, 100, {"$.data.result"}));
    EXPECT_TRUE(doc.complete);
    EXPECT_FALSE(doc.invalid);
    EXPECT_FALSE(doc.truncated());
    EXPECT_EQ(doc.root, json::parse(matrix(2, 3)));
    EXPECT_EQ(doc.counts["$.data.result"].total, 2U);
    EXPECT_EQ(doc.points_total, 6U);
    EXPECT_EQ(doc.points_kept, 6U);
    ASSERT_EQ(doc.series.size(), 2U);
    EXPECT_EQ(doc.series[1].points, 3U);
    EXPECT_EQ(doc.series[1].min, 100);
    EXPECT_EQ(doc.series[1].max, 102);
    EXPECT_EQ(doc.series[1].sum, 303);
    EXPECT_EQ(doc.series[1].last, "102");
}

TEST(PrometheusBoundedJson, SeriesCap) {
    auto doc = parse_bounded(matrix(5, 2), false, caps(2, 100, {"$.data.result"}));
    EXPECT_TRUE(doc.truncated());
    EXPECT_EQ(doc.root["data"]["result"].size(), 2U);
    EXPECT_EQ(doc.counts["$.data.result"].total, 5U);
    EXPECT_EQ(doc.counts["$.data.result"].kept, 2U);
    EXPECT_EQ(doc.series.size(), 2U);
    EXPECT_EQ(doc.root["data"]["resultType"], "matrix");
}

TEST(PrometheusBoundedJson, PointCapKeepsSummariesOfEveryPoint) {
    auto doc = parse_bounded(matrix(2, 10), false, caps(10, 4, {"$.data.result"}));
    EXPECT_TRUE(doc.truncated());
    EXPECT_EQ(doc.points_total, 20U);
    EXPECT_EQ(doc.points_kept, 4U);
    EXPECT_EQ(doc.root["data"]["result"][0]["values"].size(), 4U);
    EXPECT_EQ(doc.root["data"]["result"][1]["values"].size(), 0U);
    // Summaries still cover all 10 points of each series.
    EXPECT_EQ(doc.series[0].points, 10U);
    EXPECT_EQ(doc.series[0].max, 9);
    EXPECT_EQ(doc.series[1].points, 10U);
    EXPECT_EQ(doc.series[1].min, 100);
    EXPECT_EQ(doc.series[1].last, "109");
}

TEST(PrometheusBoundedJson, NonFiniteValuesCountButDoNotSkewTheSummary) {
    std::string body =
        R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"NaN"],[2,"+Inf"],[3,"2"],[4,"-Inf"]]}]}})";
    auto doc = parse_bounded(body, false, caps(10, 100, {"$.data.result"}));
    ASSERT_EQ(doc.series.size(), 1U);
    EXPECT_EQ(doc.series[0].points, 4U);
    EXPECT_EQ(doc.series[0].finite, 1U);
    EXPECT_EQ(doc.series[0].min, 2);
    EXPECT_EQ(doc.series[0].last, "-Inf");
}

TEST(PrometheusBoundedJson, ScalarResultIsNotCapped) {
    std::string body =
        R"({"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"2"]}})";
    auto doc = parse_bounded(body, false, caps(1, 1, {"$.data.result"}));
    EXPECT_FALSE(doc.truncated());
    EXPECT_EQ(doc.root["data"]["result"], json::array({1700000000.5, "2"}));
}

TEST(PrometheusBoundedJson, ListsAndObjectKeysAreCapped) {
    std::string list = R"({"status":"success","data":["a","b","c","d"]})";
    auto doc = parse_bounded(list, false, caps(3, 10, {"$.data"}));
    EXPECT_EQ(doc.root["data"], json::array({"a", "b", "c"}));
    EXPECT_EQ(doc.counts["$.data"].total, 4U);
    EXPECT_TRUE(doc.truncated());

    std::string meta = R"({"status":"success","data":{"a":[{"type":"counter"}],"b":[],"c":[]}})";
    doc = parse_bounded(meta, false, caps(2, 10, {"$.data"}));
    EXPECT_EQ(doc.root["data"].size(), 2U);
    EXPECT_EQ(doc.counts["$.data"].total, 3U);

    std::string rules =
        R"({"status":"success","data":{"groups":[{"name":"g1","rules":[1,2,3]},{"name":"g2","rules":[4]}]}})";
    doc = parse_bounded(rules, false, caps(2, 10, {"$.data.groups", "$.data.groups[].rules"}));
    EXPECT_EQ(doc.root["data"]["groups"][0]["rules"], json::array({1, 2}));
    EXPECT_EQ(doc.counts["$.data.groups[].rules"].total, 4U);
    EXPECT_EQ(doc.counts["$.data.groups[].rules"].kept, 3U);
}

TEST(PrometheusBoundedJson, CutBodyKeepsCompleteParts) {
    auto full = matrix(3, 5);
    for (std::size_t cut : {full.size() / 2, full.size() - 3, std::size_t{40}}) {
        auto doc = parse_bounded(
            std::string_view(full).substr(0, cut),
            true,
            caps(10, 100, {"$.data.result"})
        );
        EXPECT_FALSE(doc.complete) << cut;
        EXPECT_FALSE(doc.invalid) << cut;
        EXPECT_TRUE(doc.truncated()) << cut;
        EXPECT_TRUE(doc.root.is_object()) << cut;
        EXPECT_EQ(doc.root.value("status", ""), "success") << cut;
    }
    auto doc = parse_bounded(
        std::string_view(full).substr(0, full.size() / 2),
        true,
        caps(10, 100, {"$.data.result"})
    );
    EXPECT_GE(doc.root["data"]["result"].size(), 1U);
}

TEST(PrometheusBoundedJson, NotJsonIsInvalidUnlessCut) {
    auto doc = parse_bounded("<html>502 Bad Gateway</html>", false, caps(10, 10, {}));
    EXPECT_TRUE(doc.invalid);
    doc = parse_bounded("", false, caps(10, 10, {}));
    EXPECT_TRUE(doc.invalid);
    doc = parse_bounded("{\"status\":\"succ", true, caps(10, 10, {}));
    EXPECT_FALSE(doc.invalid);
    EXPECT_FALSE(doc.complete);
}

}  // namespace

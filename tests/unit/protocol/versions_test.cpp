// MCP version negotiation and per-era traits (protocol/versions.hpp).

#include <protocol/versions.hpp>

#include <string>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::protocol;

struct traits_case {
    const char* version;
    era family;
    bool batches;
    bool priming;
    bool structured;
    bool elicitation;
    bool titles;
};

TEST(Versions, TraitsForEverySupportedVersion) {
    const traits_case cases[] = {
        {"2024-11-05", era::legacy_sse, true, false, false, false, false},
        {"2025-03-26", era::sessions, true, false, false, false, false},
        {"2025-06-18", era::sessions, false, false, true, true, true},
        {"2025-11-25", era::sessions, false, true, true, true, true},
    };
    ASSERT_EQ(std::size(cases), supported_versions.size());
    for (const auto& c : cases) {
        auto t = traits_for(c.version);
        ASSERT_TRUE(t) << c.version;
        EXPECT_EQ(t->version, c.version);
        EXPECT_EQ(t->family, c.family) << c.version;
        EXPECT_EQ(t->batches_allowed, c.batches) << c.version;
        EXPECT_EQ(t->sse_priming_event, c.priming) << c.version;
        EXPECT_EQ(t->structured_content, c.structured) << c.version;
        EXPECT_EQ(t->elicitation, c.elicitation) << c.version;
        EXPECT_EQ(t->tool_titles, c.titles) << c.version;
    }
}

TEST(Versions, SupportedListIsOrderedAndEndsWithLatest) {
    for (std::size_t i = 1; i < supported_versions.size(); ++i) {
        EXPECT_LT(supported_versions[i - 1], supported_versions[i]);
    }
    EXPECT_EQ(supported_versions.back(), latest_version);
    for (auto v : supported_versions) {
        EXPECT_TRUE(traits_for(v)) << v;
    }
}

TEST(Versions, NegotiateKeepsSupportedVersions) {
    for (auto v : supported_versions) {
        // The answer must not point into the caller's buffer, which may die first.
        std::string requested(v);
        auto agreed = negotiate(requested);
        EXPECT_EQ(agreed, v);
        EXPECT_EQ(agreed.data(), v.data());
    }
}

TEST(Versions, UnknownVersions) {
    for (const char* v :
         {"",
          "2024-10-07",
          "2025-11-25 ",
          " 2025-11-25",
          "2025-11-26",
          "2026-07-28",
          "latest",
          "2025-06-18\n",
          "2.0"}) {
        EXPECT_FALSE(traits_for(v)) << v;
        EXPECT_EQ(negotiate(v), latest_version) << v;
    }
}

}  // namespace

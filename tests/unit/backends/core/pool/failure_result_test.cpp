// One mapping from a pool's refusal to the client's error, for every pooled source.
#include <backends/core/pool/failure_result.hpp>

#include <gtest/gtest.h>

namespace mcpgw::backends::pool {
namespace {

TEST(PoolFailureResult, EveryRefusalHasOneAnswer) {
    struct failure_case {
        pool_errc errc;
        const char* message;
        std::size_t max;
        const char* code;
        bool retryable;
        const char* text;  // a part of the message
    };
    const failure_case cases[] = {
        {pool_errc::pool_timeout, "", 8, "pool_timeout", true, "(pool busy: max 8)"},
        {pool_errc::pool_timeout, "", 0, "pool_timeout", true, "(pool busy)"},
        {pool_errc::exhausted, "", 8, "pool_timeout", true, "too many calls are waiting"},
        {pool_errc::unavailable,
         "connection refused",
         8,
         "unavailable",
         true,
         "server 'db' is unavailable: connection refused"},
        {pool_errc::unavailable, "", 8, "unavailable", true, "is unavailable: cannot connect"},
        {pool_errc::stopped, "", 8, "unavailable", true, "the gateway is stopping"},
        // A cancelled acquire is the client's doing: not 'unavailable' (MySQL said that).
        {pool_errc::cancelled, "", 8, "cancelled", false, "cancelled"},
    };
    for (const auto& c : cases) {
        auto r = failure_result(pool_error{c.errc, c.message}, "server 'db'", c.max);
        const auto* e = error_of(r);
        ASSERT_NE(e, nullptr) << to_string(c.errc);
        EXPECT_TRUE(r.value("isError", false));
        EXPECT_FALSE(r.contains("structuredContent"));
        EXPECT_EQ(e->value("code", ""), c.code) << to_string(c.errc);
        EXPECT_EQ(e->value("retryable", !c.retryable), c.retryable) << to_string(c.errc);
        EXPECT_NE(e->value("message", "").find(c.text), std::string::npos)
            << to_string(c.errc) << ": " << e->value("message", "");
    }
}

}  // namespace
}  // namespace mcpgw::backends::pool

// The call chain: its fixed order, the in-flight cap counted per call and released however
// the call ends, the drain refusal, and which policies see an outcome.
#include <backends/core/tool_result.hpp>
#include <server/policy/call_chain.hpp>

#include <list>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

namespace mcpgw::server::policy {
namespace {

call_request a_call(std::string tool = "sqlite_query") {
    return {"tools/call", "ops-bot", "s1", "1.1", std::move(tool), "demo", {}};
}

TEST(CallChain, OrderIsDrainThenInflightLimit) {
    auto p = make_call_chain({4});
    std::vector<std::string_view> expected{"drain", "inflight_limit"};
    EXPECT_EQ(p.chain.names(), expected);
}

TEST(CallChain, InflightCapIsPerCallAndReleasedWhenThePassEnds) {
    auto p = make_call_chain({2});
    std::list<call_pass> running;
    running.emplace_back(p.chain.enter(a_call()));
    running.emplace_back(p.chain.enter(a_call()));
    EXPECT_FALSE(running.front().refusal());
    EXPECT_FALSE(running.back().refusal());
    EXPECT_EQ(p.inflight->inflight(), 2U);
    {
        auto third = p.chain.enter(a_call());
        ASSERT_TRUE(third.refusal());
        EXPECT_EQ(third.refusal()->code, backends::error_code::overloaded);
        EXPECT_TRUE(third.refusal()->retryable);
        EXPECT_EQ(third.refusal()->retry_after, std::chrono::seconds(1));
        EXPECT_NE(third.refusal()->message.find("max_inflight_calls = 2"), std::string::npos);
    }
    EXPECT_EQ(p.inflight->inflight(), 2U) << "a refused call never counted";
    running.front().set_outcome("");
    running.pop_front();  // a call that succeeded
    EXPECT_EQ(p.inflight->inflight(), 1U);
    {
        auto moved = p.chain.enter(a_call());  // moved around: released once
        EXPECT_FALSE(moved.refusal());
        auto again = std::move(moved);
        EXPECT_EQ(p.inflight->inflight(), 2U);
    }
    EXPECT_EQ(p.inflight->inflight(), 1U);
    running.clear();  // ended without an outcome (an exception, a cancelled coroutine)
    EXPECT_EQ(p.inflight->inflight(), 0U);
}

TEST(CallChain, DrainRefusesEveryNewCallButNotRunningOnes) {
    auto p = make_call_chain({8});
    auto before = p.chain.enter(a_call());
    EXPECT_FALSE(before.refusal());
    p.drain->begin_drain();
    auto after = p.chain.enter(a_call());
    ASSERT_TRUE(after.refusal());
    EXPECT_EQ(after.refusal()->code, backends::error_code::draining);
    EXPECT_TRUE(after.refusal()->retryable);
    EXPECT_EQ(p.inflight->inflight(), 1U) << "the running call still counts; the refused one not";
}

// Policies that let a call through see its outcome, last first; one that refused and those
// after it see nothing. Without set_outcome() the outcome is "internal".
TEST(CallChain, OutcomesGoToThePoliciesThatLetTheCallThrough) {
    struct recorder final : call_policy {
        std::string label;
        bool refuse;
        std::vector<std::string>* log;
        recorder(std::string l, bool r, std::vector<std::string>* lg)
            : label(std::move(l)), refuse(r), log(lg) {}
        std::string_view name() const override { return label; }
        std::optional<call_refusal> on_call(const call_request&) override {
            log->push_back(label + " call");
            if (refuse) {
                return call_refusal{"refused", "no", false, std::nullopt};
            }
            return std::nullopt;
        }
        void on_outcome(const call_request& r, std::string_view outcome) override {
            log->push_back(label + " outcome " + std::string(outcome) + " " + r.tool);
        }
    };
    struct scenario {
        const char* name;
        bool refuse_second;
        std::optional<std::string> outcome;
        std::vector<std::string> expected;
    };
    const scenario cases[] = {
        {"all pass, ok",
         false,
         "",
         {"a call", "b call", "c call", "c outcome  t", "b outcome  t", "a outcome  t"}},
        {"all pass, timeout",
         false,
         "timeout",
         {"a call",
          "b call",
          "c call",
          "c outcome timeout t",
          "b outcome timeout t",
          "a outcome timeout t"}},
        {"all pass, no outcome set",
         false,
         std::nullopt,
         {"a call",
          "b call",
          "c call",
          "c outcome internal t",
          "b outcome internal t",
          "a outcome internal t"}},
        {"second refuses", true, "", {"a call", "b call", "a outcome  t"}},
    };
    for (const auto& c : cases) {
        std::vector<std::string> log;
        call_chain chain;
        chain.add(std::make_unique<recorder>("a", false, &log));
        chain.add(std::make_unique<recorder>("b", c.refuse_second, &log));
        chain.add(std::make_unique<recorder>("c", false, &log));
        {
            auto pass = chain.enter(a_call("t"));
            EXPECT_EQ(pass.refusal() != nullptr, c.refuse_second) << c.name;
            if (c.outcome) {
                pass.set_outcome(*c.outcome);
            }
        }
        EXPECT_EQ(log, c.expected) << c.name;
    }
}

}  // namespace
}  // namespace mcpgw::server::policy

// session_table: admissions, evictions and expiries with the clock passed in.
#include <server/session/session_table.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

using namespace std::chrono_literals;
using tp = session_table::time_point;

const tp t0{};

session_limits small(std::size_t max, std::size_t per_principal) {
    session_limits l;
    l.max_sessions = max;
    l.max_per_principal = per_principal;
    l.idle_ttl = 30min;
    l.unused_ttl = 60s;
    l.min_idle_before_evict = 10s;
    return l;
}

struct busy_set {
    std::set<std::string> ids;
    session_table::busy_fn fn() const {
        return [this](const std::string& id) {
            return ids.contains(id);
        };
    }
};

// One step of a scenario: at time `at`, `op` on session `id` of principal `who`.
enum class op { open, use, busy, idle };
struct step {
    std::chrono::seconds at;
    op what;
    std::string id;
    std::string who;
};

// Plays the steps; `open` admits (ending the victim, if any) and inserts when admitted.
struct player {
    session_table table;
    busy_set busy;
    std::vector<std::string> evicted;
    std::vector<std::string> refused;

    explicit player(session_limits l) : table(l) {}

    void play(const std::vector<step>& steps) {
        for (const auto& s : steps) {
            auto now = t0 + s.at;
            switch (s.what) {
                case op::open: {
                    auto a = table.admit(s.who, now, busy.fn());
                    if (a.refused != session_refusal::none) {
                        refused.push_back(s.id + ":" + std::string(to_string(a.refused)));
                        break;
                    }
                    if (a.evict) {
                        evicted.push_back(*a.evict + ":" + std::string(to_string(a.evict_reason)));
                        table.erase(*a.evict);
                    }
                    table.insert(s.id, s.who, now);
                    break;
                }
                case op::use:
                    table.touch(s.id, now);
                    break;
                case op::busy:
                    busy.ids.insert(s.id);
                    break;
                case op::idle:
                    busy.ids.erase(s.id);
                    break;
            }
        }
    }
};

struct admission_case {
    const char* name;
    session_limits limits;
    std::vector<step> steps;
    std::vector<std::string> evicted;  // "id:reason", in order
    std::vector<std::string> refused;  // "id:limit"
    std::size_t size;
};

TEST(SessionTable, Admissions) {
    const std::vector<admission_case> cases = {
        {"room: nothing evicted",
         small(3, 3),
         {{0s, op::open, "a", "k"}, {1s, op::open, "b", "k"}, {2s, op::open, "c", "k"}},
         {},
         {},
         3},
        {"full: the never-used session goes first, even if newer",
         small(2, 5),
         {{0s, op::open, "a", "k1"},
          {1s, op::use, "a", ""},
          {2s, op::open, "b", "k2"},  // never used
          {30s, op::open, "c", "k3"}},
         {"b:evicted"},
         {},
         2},
        {"full: then the least recently used idle one",
         small(2, 5),
         {{0s, op::open, "a", "k1"},
          {1s, op::use, "a", ""},
          {2s, op::open, "b", "k2"},
          {3s, op::use, "b", ""},
          {20s, op::use, "b", ""},  // b used again later: a is the LRU
          {40s, op::open, "c", "k3"}},
         {"a:evicted"},
         {},
         2},
        {"full: a session used within min_idle_before_evict stays; refused when all are",
         small(2, 5),
         {{0s, op::open, "a", "k1"},
          {0s, op::use, "a", ""},
          {0s, op::open, "b", "k2"},
          {0s, op::use, "b", ""},
          {5s, op::open, "c", "k3"}},
         {},
         {"c:max_sessions"},
         2},
        {"full: a busy session is never evicted, however old",
         small(2, 5),
         {{0s, op::open, "a", "k1"},
          {0s, op::busy, "a", ""},
          {1s, op::open, "b", "k2"},
          {1s, op::busy, "b", ""},
          {3600s, op::open, "c", "k3"},
          {3600s, op::idle, "b", ""},
          {3601s, op::open, "d", "k3"}},
         {"b:evicted"},
         {"c:max_sessions"},
         2},
        {"per principal: its own LRU idle session makes room, not another's",
         small(10, 2),
         {{0s, op::open, "other", "k2"},
          {1s, op::open, "a", "k1"},
          {2s, op::open, "b", "k1"},
          {3s, op::open, "c", "k1"}},
         {"a:evicted_principal"},
         {},
         3},
        {"per principal: refused when the principal's sessions are all busy; others still open",
         small(10, 2),
         {{0s, op::open, "a", "k1"},
          {0s, op::busy, "a", ""},
          {1s, op::open, "b", "k1"},
          {1s, op::busy, "b", ""},
          {100s, op::open, "c", "k1"},
          {100s, op::open, "x", "k2"}},
         {},
         {"c:max_per_principal"},
         3},
        {"flood: 1,000 initialize calls of one client cannot take a 1,000 table",
         small(1000, 100),
         {},  // filled below
         {},
         {},
         0},
    };
    for (const auto& c : cases) {
        player p(c.limits);
        if (std::string(c.name).starts_with("flood")) {
            std::vector<step> flood;
            for (int i = 0; i < 1000; ++i) {
                flood.push_back({0s, op::open, "f" + std::to_string(i), "anonymous@10.0.0.9"});
            }
            flood.push_back({0s, op::open, "victim", "anonymous@127.0.0.1"});
            p.play(flood);
            EXPECT_EQ(p.table.count_for("anonymous@10.0.0.9"), 100U) << c.name;
            EXPECT_EQ(p.table.count_for("anonymous@127.0.0.1"), 1U) << c.name;
            EXPECT_TRUE(p.table.contains("victim")) << c.name;
            EXPECT_EQ(p.evicted.size(), 900U) << c.name;  // the flooder evicts itself
            EXPECT_TRUE(p.refused.empty()) << c.name;
            continue;
        }
        p.play(c.steps);
        EXPECT_EQ(p.evicted, c.evicted) << c.name;
        EXPECT_EQ(p.refused, c.refused) << c.name;
        EXPECT_EQ(p.table.size(), c.size) << c.name;
    }
}

TEST(SessionTable, Expiry) {
    struct expiry_case {
        const char* name;
        std::vector<step> steps;
        std::chrono::seconds now;
        std::vector<std::string> expired;  // "id:reason", sorted
    };
    const std::vector<expiry_case> cases = {
        {"unused: after unused_ttl", {{0s, op::open, "a", "k"}}, 61s, {"a:unused_ttl"}},
        {"unused: not before", {{0s, op::open, "a", "k"}}, 59s, {}},
        {"used: only after idle_ttl",
         {{0s, op::open, "a", "k"}, {1s, op::use, "a", ""}},
         1801s,
         {}},
        {"used: idle_ttl",
         {{0s, op::open, "a", "k"}, {1s, op::use, "a", ""}},
         1802s,
         {"a:idle_ttl"}},
        {"busy: never", {{0s, op::open, "a", "k"}, {0s, op::busy, "a", ""}}, 100000s, {}},
        {"mixed",
         {{0s, op::open, "a", "k"},
          {0s, op::open, "b", "k"},
          {10s, op::use, "b", ""},
          {0s, op::open, "c", "k"},
          {0s, op::busy, "c", ""}},
         3600s,
         {"a:unused_ttl", "b:idle_ttl"}},
    };
    for (const auto& c : cases) {
        player p(small(10, 10));
        p.play(c.steps);
        std::vector<std::string> got;
        for (const auto& [id, why] : p.table.expired(t0 + c.now, p.busy.fn())) {
            got.push_back(id + ":" + std::string(to_string(why)));
        }
        std::sort(got.begin(), got.end());
        EXPECT_EQ(got, c.expired) << c.name;
        // expiry(): the same verdict per session, busy or not (the caller checks busy).
        for (const auto& id : {"a", "b", "c"}) {
            auto why = p.table.expiry(id, t0 + c.now);
            const bool listed = std::find_if(got.begin(), got.end(), [&](const std::string& g) {
                                    return g.starts_with(std::string(id) + ":");
                                }) != got.end();
            if (listed) {
                EXPECT_TRUE(why.has_value()) << c.name << " " << id;
            }
            if (!p.table.contains(id)) {
                EXPECT_FALSE(why.has_value()) << c.name << " " << id;
            }
        }
    }
}

TEST(SessionTable, EraseKeepsPrincipalCounts) {
    session_table t(small(10, 2));
    t.insert("a", "k", t0);
    t.insert("b", "k", t0);
    EXPECT_EQ(t.count_for("k"), 2U);
    t.erase("a");
    t.erase("a");  // twice: no effect
    EXPECT_EQ(t.count_for("k"), 1U);
    t.erase("b");
    EXPECT_EQ(t.count_for("k"), 0U);
    EXPECT_EQ(t.size(), 0U);
    t.touch("gone", t0);  // unknown ids are ignored
    EXPECT_FALSE(t.contains("gone"));
}

}  // namespace
}  // namespace mcpgw::server

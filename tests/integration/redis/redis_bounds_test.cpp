// Issue 10, item 7, against the real Redis 7: reads that still write (PFCOUNT of one key,
// TOUCH, SORT of a sorted set) and reads that hurt (huge RANDMEMBER counts, LCS of long
// strings, whole-collection reads). Each refusal is checked for what it left behind: the key
// unchanged (DUMP, OBJECT ENCODING, OBJECT IDLETIME), another client's WATCH not aborted, the
// command never reaching Redis (INFO commandstats), Redis's memory peak and a second client's
// PING latency during the call. Figures go to the test log (RecordProperty and stdout).
#include "redis_probe.hpp"

#include <iostream>

namespace mcpgw::itest::redis {
namespace {

class RedisWorkBounds : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto srv = shared_server();
        host_ = srv.host;
        port_ = srv.port;
        auto at = address(host_, port_);
        gw_ = start_gateway(gateway_yaml(
            "  - {name: ro, type: redis, " + at + "}\n" + "  - {name: rw, type: redis, " + at +
                ", access: read_write}\n" + "  - {name: loose, type: redis, " + at +
                ", max_count: 100000, max_items: 100000}\n" + "  - {name: tiny, type: redis, " +
                at + ", max_result_bytes: 1024, max_reply_bytes: 4096}\n",
            "  - name: sample\n"
            "    server: ro\n"
            "    command: [SRANDMEMBER, '{set}', '{n}']\n"
            "    parameters: {set: {type: string}, n: {type: integer}}\n"
        ));
    }
    static void TearDownTestSuite() { stop_gateway(gw_); }

    void SetUp() override {
        ASSERT_TRUE(gw_ && gw_->started());
        p_ = "itest:bounds:" + nonce() + ":";
        db_ = std::make_unique<direct_client>(host_, port_);
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }
    void TearDown() override {
        // KEYS, not SCAN: other suites count SCAN calls (INFO commandstats) while this runs.
        if (db_) {
            for (const auto& k : db_->run({"KEYS", p_ + "*"}).elements) {
                db_->run({"DEL", k.str});
            }
        }
    }

    json cmd(const std::string& server, const std::string& command, const json& args) {
        return call(
            *client_,
            "redis_command",
            {{"server", server}, {"command", command}, {"args", args}}
        );
    }
    static json reply_of(const json& r) { return r["structuredContent"]["reply"]; }

    // One command with many arguments, built from a prefix and n generated ones.
    void fill(
        std::vector<std::string> argv,
        int n,
        const std::function<void(std::vector<std::string>&, int)>& add
    ) {
        for (int i = 0; i < n; ++i) {
            add(argv, i);
        }
        db_->run(argv);
    }

    void expect_refused_naming(const json& r, const std::string& limit, const std::string& what) {
        EXPECT_EQ(error_code(r), "refused") << what << ": " << r;
        EXPECT_NE(error_message(r).find(limit), std::string::npos) << what << ": " << r;
    }

    // A key's value as comparable text. Sets and hashes are compared by their sorted content:
    // the order DUMP writes a hashtable in moves with Redis's incremental rehashing, which any
    // lookup (SINTER's) advances, so it is no sign of a change.
    std::string content(const std::string& key) {
        auto type = db_->run({"TYPE", key}).str;
        std::vector<std::string> items;
        if (type == "set") {
            for (const auto& m : db_->run({"SMEMBERS", key}).elements) {
                items.push_back(m.str);
            }
        } else if (type == "hash") {
            auto all = db_->run({"HGETALL", key}).elements;
            for (std::size_t i = 0; i + 1 < all.size(); i += 2) {
                items.push_back(all[i].str + "=" + all[i + 1].str);
            }
        } else {
            return type + ":" + db_->run({"DUMP", key}).str;
        }
        std::sort(items.begin(), items.end());
        std::string out = type + ":" + db_->run({"OBJECT", "ENCODING", key}).str;
        for (const auto& i : items) {
            out += "|" + i;
        }
        return out;
    }

    static void record(const std::string& key, double value) {
        ::testing::Test::RecordProperty(key, std::to_string(value));
        std::cout << "[figure] " << key << " = " << value << "\n";
    }

    static inline std::string host_;
    static inline int port_ = 0;
    static inline std::unique_ptr<gateway_process> gw_;
    std::string p_;
    std::unique_ptr<direct_client> db_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(RedisWorkBounds, HugeRandomCountsNeverReachRedis) {
    db_->run({"SADD", p_ + "set", "a", "b", "c"});
    db_->run({"HSET", p_ + "hash", "f1", "v1", "f2", "v2"});
    db_->run({"ZADD", p_ + "zset", "1", "a", "2", "b"});
    // Small values are listpacks, whose DUMP is stable (and this test must not send the
    // SMEMBERS / HGETALL that WholeCollectionsAreCheckedFirst counts).
    auto dumps = [&] {
        return db_->run({"DUMP", p_ + "set"}).str + db_->run({"DUMP", p_ + "hash"}).str +
               db_->run({"DUMP", p_ + "zset"}).str;
    };
    auto before = dumps();
    auto calls = command_calls(*db_);
    auto peak = info_number(*db_, "memory", "used_memory_peak");
    latency_watch watch(host_, port_);
    auto t0 = std::chrono::steady_clock::now();
    // The figures: 80 million members with repetition, 10 million fields with values.
    expect_refused_naming(
        cmd("ro", "SRANDMEMBER", {p_ + "set", -80000000}),
        "max_count (10000)",
        "SRANDMEMBER -80000000"
    );
    expect_refused_naming(
        cmd("ro", "HRANDFIELD", {p_ + "hash", -10000000, "WITHVALUES"}),
        "max_count (10000)",
        "HRANDFIELD -10000000 WITHVALUES"
    );
    expect_refused_naming(
        cmd("rw", "ZRANDMEMBER", {p_ + "zset", -10000000, "WITHSCORES"}),
        "max_count (10000)",
        "ZRANDMEMBER -10000000 on read_write"
    );
    expect_refused_naming(
        call(*client_, "sample", {{"set", p_ + "set"}, {"n", -80000000}}),
        "max_count (10000)",
        "declared SRANDMEMBER with n = -80000000"
    );
    double took =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    double worst = watch.stop();
    auto after = command_calls(*db_);
    for (const char* c : {"srandmember", "hrandfield", "zrandmember"}) {
        EXPECT_EQ(after[c], calls[c]) << c << " reached Redis";
    }
    auto peak_after = info_number(*db_, "memory", "used_memory_peak");
    EXPECT_LT(peak_after - peak, 64LL * 1024 * 1024) << "Redis's memory peak grew";
    EXPECT_LT(worst, 250.0) << "another client waited on Redis";
    EXPECT_EQ(dumps(), before);
    record("random_counts.four_refusals_ms", took);
    record("random_counts.other_client_worst_ping_ms", worst);
    record("random_counts.peak_growth_bytes", static_cast<double>(peak_after - peak));

    // The bound is what stops them: within max_count they run, with repetition.
    auto r = cmd("ro", "SRANDMEMBER", {p_ + "set", -10000});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_TRUE(r["structuredContent"]["truncated"].get<bool>());
    r = cmd("ro", "SRANDMEMBER", {p_ + "set", -10001});
    EXPECT_EQ(error_code(r), "refused") << r;
    r = cmd("loose", "SRANDMEMBER", {p_ + "set", -10001});
    EXPECT_EQ(error_code(r), "") << "a server entry may raise max_count: " << r;
    EXPECT_EQ(calls_of(*db_, "srandmember"), calls["srandmember"] + 2);
}

TEST_F(RedisWorkBounds, PfcountOfOneKeyIsAWrite) {
    db_->run({"PFADD", p_ + "hll", "a", "b", "c"});
    direct_client victim(host_, port_);
    // The control: PFCOUNT from another client rewrites the cached count and aborts the
    // victim's WATCH, although Redis flags PFCOUNT readonly.
    victim.run({"WATCH", p_ + "hll"});
    direct_client other(host_, port_);
    EXPECT_EQ(other.run({"PFCOUNT", p_ + "hll"}).integer, 3);
    victim.run({"MULTI"});
    victim.run({"SET", p_ + "witness", "1"});
    EXPECT_TRUE(victim.run({"EXEC"}).is_nil()) << "Redis's own PFCOUNT did not abort the WATCH";

    db_->run({"PFADD", p_ + "hll", "d"});  // invalidates the cached count again
    auto before = db_->run({"DUMP", p_ + "hll"}).str;
    victim.run({"WATCH", p_ + "hll"});
    auto r = cmd("ro", "PFCOUNT", {p_ + "hll"});
    EXPECT_EQ(error_code(r), "refused") << r;
    EXPECT_NE(error_message(r).find("PFCOUNT key key"), std::string::npos) << r;
    // The multi-key form merges into a temporary and writes nothing.
    r = cmd("ro", "PFCOUNT", {p_ + "hll", p_ + "hll"});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(reply_of(r), 4);
    victim.run({"MULTI"});
    victim.run({"SET", p_ + "witness", "2"});
    auto exec = victim.run({"EXEC"});
    EXPECT_FALSE(exec.is_nil()) << "the victim's WATCH was aborted";
    EXPECT_EQ(db_->get(p_ + "witness"), "2");
    EXPECT_EQ(db_->run({"DUMP", p_ + "hll"}).str, before) << "the HyperLogLog changed";

    r = cmd("rw", "PFCOUNT", {p_ + "hll"});
    EXPECT_EQ(reply_of(r), 4) << "read_write servers may run it: " << r;
}

TEST_F(RedisWorkBounds, TouchIsAWrite) {
    db_->run({"SET", p_ + "idle", "x"});
    std::this_thread::sleep_for(1200ms);
    auto r = cmd("ro", "TOUCH", {p_ + "idle"});
    EXPECT_EQ(error_code(r), "refused") << r;
    EXPECT_NE(error_message(r).find("idle time"), std::string::npos) << r;
    EXPECT_GE(db_->run({"OBJECT", "IDLETIME", p_ + "idle"}).integer, 1)
        << "the idle time was reset";
    // The control: TOUCH itself resets it.
    r = cmd("rw", "TOUCH", {p_ + "idle"});
    EXPECT_EQ(reply_of(r), 1) << r;
    EXPECT_EQ(db_->run({"OBJECT", "IDLETIME", p_ + "idle"}).integer, 0);
}

TEST_F(RedisWorkBounds, SortOfASortedSetKeepsItsEncoding) {
    db_->run({"ZADD", p_ + "z", "1", "a", "2", "b"});
    db_->run({"ZADD", p_ + "control", "1", "a", "2", "b"});
    ASSERT_EQ(db_->run({"OBJECT", "ENCODING", p_ + "z"}).str, "listpack");
    // The control: SORT_RO straight to Redis converts the stored set (even when it fails).
    db_->run({"SORT_RO", p_ + "control", "ALPHA"});
    EXPECT_EQ(db_->run({"OBJECT", "ENCODING", p_ + "control"}).str, "skiplist");

    auto before = db_->run({"DUMP", p_ + "z"}).str;
    for (const char* c : {"SORT_RO", "SORT"}) {
        auto r = cmd("ro", c, {p_ + "z", "ALPHA"});
        EXPECT_EQ(error_code(r), "refused") << c << ": " << r;
        EXPECT_NE(error_message(r).find("skiplist"), std::string::npos) << r;
    }
    EXPECT_EQ(db_->run({"OBJECT", "ENCODING", p_ + "z"}).str, "listpack");
    EXPECT_EQ(db_->run({"DUMP", p_ + "z"}).str, before);
    // Lists and sets still sort.
    db_->run({"RPUSH", p_ + "l", "3", "1", "2"});
    auto r = cmd("ro", "SORT", {p_ + "l"});
    EXPECT_EQ(reply_of(r), json::array({"1", "2", "3"})) << r;
}

TEST_F(RedisWorkBounds, LcsIsCappedByItsInputs) {
    std::string a(11000, 'a');
    std::string b(11000, 'b');
    for (std::size_t i = 0; i < a.size(); i += 7) {
        a[i] = 'b';
        b[i] = 'a';
    }
    db_->run({"SET", p_ + "a", a});
    db_->run({"SET", p_ + "b", b});
    (void)cmd("ro", "PING", json::array());  // the gateway's first connection, not timed
    auto calls = command_calls(*db_);
    latency_watch watch(host_, port_);
    auto t0 = std::chrono::steady_clock::now();
    auto r = cmd("ro", "LCS", {p_ + "a", p_ + "b"});
    double took =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    double worst = watch.stop();
    expect_refused_naming(r, "max_lcs_cells (1000000)", "LCS of two 11 kB strings");
    EXPECT_NE(error_message(r).find("11000 and 11000 bytes"), std::string::npos) << r;
    auto after = command_calls(*db_);
    EXPECT_EQ(after["lcs"], calls["lcs"]) << "LCS reached Redis";
    EXPECT_GE(after["strlen"], calls["strlen"] + 2) << "the lengths were asked first";
    EXPECT_LT(worst, 250.0);
    EXPECT_EQ(db_->get(p_ + "a"), a);
    record("lcs_11k.refusal_ms", took);
    record("lcs_11k.other_client_worst_ping_ms", worst);

    db_->run({"SET", p_ + "c", "ohmytext"});
    db_->run({"SET", p_ + "d", "mynewtext"});
    r = cmd("ro", "LCS", {p_ + "c", p_ + "d"});
    EXPECT_EQ(reply_of(r), "mytext") << r;
}

TEST_F(RedisWorkBounds, WholeCollectionsAreCheckedFirst) {
    const std::string big = p_ + "big";
    fill({"SADD", big + ":set"}, 1500, [](auto& v, int i) {
        v.push_back("m" + std::to_string(i));
    });
    fill({"HSET", big + ":hash"}, 600, [](auto& v, int i) {
        v.push_back("f" + std::to_string(i));
        v.push_back("v");
    });
    fill({"RPUSH", big + ":list"}, 2000, [](auto& v, int i) {
        v.push_back(std::to_string(i));
    });
    fill({"ZADD", big + ":zset"}, 1500, [](auto& v, int i) {
        v.push_back(std::to_string(i));
        v.push_back("m" + std::to_string(i));
    });
    db_->run({"SADD", p_ + "small:set", "m1", "m2", "x"});
    db_->run({"HSET", p_ + "small:hash", "a", "1"});
    std::map<std::string, std::string> before;
    for (const char* k : {":set", ":hash", ":list", ":zset"}) {
        before[k] = content(big + k);
    }
    auto calls = command_calls(*db_);
    latency_watch watch(host_, port_);

    struct row {
        const char* what;
        const char* command;
        json args;
        const char* says;  // "" when it runs
    };
    const std::vector<row> rows{
        {"SMEMBERS of 1500", "SMEMBERS", {big + ":set"}, "the set has 1500 members"},
        {"SMEMBERS of 3", "SMEMBERS", {p_ + "small:set"}, ""},
        {"HGETALL of 600 fields", "HGETALL", {big + ":hash"}, "1200 reply entries"},
        {"HKEYS of 600 fields", "HKEYS", {big + ":hash"}, ""},
        {"HGETALL of 1 field", "HGETALL", {p_ + "small:hash"}, ""},
        {"LRANGE 0 -1 of 2000", "LRANGE", {big + ":list", 0, -1}, "max_items (1000)"},
        {"LRANGE 0 99 of 2000", "LRANGE", {big + ":list", 0, 99}, ""},
        {"LRANGE 1500 -1 of 2000", "LRANGE", {big + ":list", 1500, -1}, ""},
        {"ZRANGE 0 -1 of 1500", "ZRANGE", {big + ":zset", 0, -1}, "max_items (1000)"},
        {"ZRANGE BYSCORE all", "ZRANGE", {big + ":zset", "-inf", "+inf", "BYSCORE"}, "LIMIT"},
        {"ZRANGEBYSCORE 10 20", "ZRANGEBYSCORE", {big + ":zset", 10, 20, "WITHSCORES"}, ""},
        {"ZRANGE BYSCORE LIMIT 0 10",
         "ZRANGE",
         {big + ":zset", "-inf", "+inf", "BYSCORE", "LIMIT", 0, 10},
         ""},
        {"SINTER big small", "SINTER", {big + ":set", p_ + "small:set"}, ""},
        {"SUNION big small", "SUNION", {big + ":set", p_ + "small:set"}, "its inputs have 1503"},
        {"ZUNION of a set and a zset", "ZUNION", {2, big + ":zset", p_ + "small:set"}, "max_items"},
        {"SORT_RO of 2000", "SORT_RO", {big + ":list"}, "even with LIMIT"},
        {"LPOS COUNT 0 of 2000", "LPOS", {big + ":list", "7", "COUNT", 0}, "max_items"},
        {"LPOS COUNT 0 MAXLEN 100", "LPOS", {big + ":list", "7", "COUNT", 0, "MAXLEN", 100}, ""},
        {"ZSCAN COUNT 10000000",
         "ZSCAN",
         {big + ":zset", 0, "COUNT", 10000000},
         "max_count (10000)"},
        {"SSCAN COUNT 100", "SSCAN", {big + ":set", 0, "COUNT", 100}, ""},
    };
    for (const auto& r : rows) {
        auto result = cmd("ro", r.command, r.args);
        if (std::string(r.says).empty()) {
            EXPECT_EQ(error_code(result), "") << r.what << ": " << result;
        } else {
            expect_refused_naming(result, r.says, r.what);
        }
    }
    double worst = watch.stop();
    auto after = command_calls(*db_);
    // Each refused call stopped at its size check: SMEMBERS ran once (the small set),
    // HGETALL once, SUNION, ZUNION and ZSCAN never. (Only this test sends these; the size
    // commands are shared with tests that may run beside it, hence >=.)
    EXPECT_EQ(after["smembers"], calls["smembers"] + 1);
    EXPECT_EQ(after["hgetall"], calls["hgetall"] + 1);
    EXPECT_EQ(after["sunion"], calls["sunion"]);
    EXPECT_EQ(after["zunion"], calls["zunion"]);
    EXPECT_EQ(after["zscan"], calls["zscan"]);
    EXPECT_GE(after["zcount"], calls["zcount"] + 2) << "BYSCORE all and 10 20 asked ZCOUNT";
    EXPECT_GE(after["scard"], calls["scard"] + 4) << "the set reads asked SCARD";
    for (const char* k : {":set", ":hash", ":list", ":zset"}) {
        EXPECT_EQ(content(big + k), before[k]) << k;
    }
    EXPECT_LT(worst, 250.0);
    record("whole_collections.other_client_worst_ping_ms", worst);
}

TEST_F(RedisWorkBounds, StreamsWithoutCountAreChecked) {
    for (int i = 0; i < 1100; ++i) {
        db_->run({"XADD", p_ + "s", "*", "n", std::to_string(i)});
    }
    auto r = cmd("ro", "XRANGE", {p_ + "s", "-", "+"});
    expect_refused_naming(r, "add COUNT", "XRANGE without COUNT");
    r = cmd("ro", "XRANGE", {p_ + "s", "-", "+", "COUNT", 10});
    EXPECT_EQ(reply_of(r).size(), 10U) << r;
    r = cmd("ro", "XREAD", {"STREAMS", p_ + "s", "0"});
    expect_refused_naming(r, "max_items (1000)", "XREAD without COUNT");
    r = cmd("ro", "XREAD", {"COUNT", 20000, "STREAMS", p_ + "s", "0"});
    expect_refused_naming(r, "max_count (10000)", "XREAD COUNT 20000");
    r = cmd("ro", "XINFO", {"STREAM", p_ + "s", "FULL", "COUNT", 0});
    expect_refused_naming(r, "COUNT 0", "XINFO STREAM FULL COUNT 0");
    r = cmd("ro", "XINFO", {"STREAM", p_ + "s", "FULL"});
    EXPECT_EQ(error_code(r), "") << r;
    EXPECT_EQ(db_->run({"XLEN", p_ + "s"}).integer, 1100);
}

TEST_F(RedisWorkBounds, DumpIsBoundedByMemoryUsage) {
    db_->run({"SET", p_ + "large", std::string(100000, 'x')});
    db_->run({"SET", p_ + "small", "x"});
    auto r = cmd("tiny", "DUMP", {p_ + "large"});
    expect_refused_naming(r, "max_reply_bytes (4096)", "DUMP of 100 kB");
    r = cmd("tiny", "DUMP", {p_ + "small"});
    EXPECT_EQ(error_code(r), "") << r;
    r = cmd("tiny", "MEMORY", {"USAGE", p_ + "large", "SAMPLES", 0});
    expect_refused_naming(r, "SAMPLES 0", "MEMORY USAGE SAMPLES 0");
    EXPECT_EQ(db_->run({"STRLEN", p_ + "large"}).integer, 100000);
}

// What the size check costs: one extra round trip on the same connection. SMEMBERS of a small
// set (checked with SCARD first) against SISMEMBER (not checked), same server, same client.
TEST_F(RedisWorkBounds, TheSizeCheckCostsOneRoundTrip) {
    db_->run({"SADD", p_ + "s", "a", "b", "c"});
    // Rounds alternate between the commands; each command's best round counts (the least
    // disturbed by whatever else shares the two cores).
    auto time_round = [&](const std::string& command, const json& args) {
        constexpr int n = 100;
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) {
            auto r = cmd("ro", command, args);
            EXPECT_EQ(error_code(r), "") << r;
        }
        return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
                   .count() /
               n;
    };
    for (int i = 0; i < 20; ++i) {
        (void)cmd("ro", "SMEMBERS", {p_ + "s"});  // warm the pool and the caches
    }
    double plain = 1e9;
    double checked = 1e9;
    double span = 1e9;
    for (int round = 0; round < 5; ++round) {
        plain = std::min(plain, time_round("SISMEMBER", {p_ + "s", "a"}));
        checked = std::min(checked, time_round("SMEMBERS", {p_ + "s"}));
        span = std::min(span, time_round("LRANGE", {p_ + "nolist", 0, 9}));
    }
    record("probe.sismember_us_per_call", plain);
    record("probe.smembers_with_scard_us_per_call", checked);
    record("probe.lrange_explicit_span_us_per_call", span);
    EXPECT_LT(checked, plain + 2000.0) << "the size check costs more than a round trip";
}

}  // namespace
}  // namespace mcpgw::itest::redis

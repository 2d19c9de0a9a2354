// The `type: redis` server entry: url or host/port keys, defaults, the allow list, and
// errors that name key and line without ever quoting a password.
#include "../../support/config_fixtures.hpp"

#include <backends/redis/settings.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace mcpgw::backends::redis;
using mcpgw::test::error_of;

redis_settings parse(const std::string& yaml) {
    return parse_settings(config_node(YAML::Load(yaml), "test.yaml", "servers[0]"));
}

TEST(RedisSettings, HostKeysAndDefaults) {
    auto s = parse("{name: c, type: redis, host: cache.local}");
    EXPECT_EQ(s.host, "cache.local");
    EXPECT_EQ(s.port, 6379);
    EXPECT_EQ(s.db, 0);
    EXPECT_TRUE(s.username.empty());
    EXPECT_TRUE(s.password.empty());
    EXPECT_EQ(s.access(), access_mode::read_only);
    EXPECT_EQ(s.timeout, std::chrono::seconds(30));
    EXPECT_EQ(s.limits.max_items, 1000U);
    EXPECT_EQ(s.limits.max_bytes, 1024U * 1024U);
    EXPECT_EQ(s.max_reply_bytes, 4U * 1024U * 1024U);
    EXPECT_TRUE(s.policy.allow.empty());

    s = parse(
        "{name: c, type: redis, host: h, port: 7000, username: u, password: p, db: 3, "
        "access: read_write, timeout: 5s, max_items: 10, max_result_bytes: 2048, "
        "allow: [BLPOP, 'CLIENT LIST'], pool: {max: 4}, description: cache}"
    );
    EXPECT_EQ(s.port, 7000);
    EXPECT_EQ(s.username, "u");
    EXPECT_EQ(s.password, "p");
    EXPECT_EQ(s.db, 3);
    EXPECT_EQ(s.access(), access_mode::read_write);
    EXPECT_EQ(s.timeout, std::chrono::seconds(5));
    EXPECT_EQ(s.limits.max_items, 10U);
    EXPECT_EQ(s.limits.max_bytes, 2048U);
    EXPECT_EQ(s.max_reply_bytes, 4U * 2048U) << "default follows max_result_bytes";
    EXPECT_EQ(s.policy.allow, (std::set<std::string>{"blpop", "client|list"}));
    EXPECT_EQ(s.pool.max_size, 4U);
    EXPECT_EQ(s.description, "cache");
}

TEST(RedisSettings, Urls) {
    auto s = parse("{name: c, type: redis, url: 'redis://reader:p%40ss:w@cache:6380/2'}");
    EXPECT_EQ(s.host, "cache");
    EXPECT_EQ(s.port, 6380);
    EXPECT_EQ(s.username, "reader");
    EXPECT_EQ(s.password, "p@ss:w");
    EXPECT_EQ(s.db, 2);

    s = parse("{name: c, type: redis, url: 'redis://:secret@10.0.0.1'}");
    EXPECT_EQ(s.host, "10.0.0.1");
    EXPECT_EQ(s.port, 6379);
    EXPECT_TRUE(s.username.empty());
    EXPECT_EQ(s.password, "secret");

    s = parse("{name: c, type: redis, url: 'redis://[::1]:7001/'}");
    EXPECT_EQ(s.host, "::1");
    EXPECT_EQ(s.port, 7001);
    EXPECT_EQ(s.db, 0);
}

TEST(RedisSettings, ErrorsNameKeyAndLineButNeverThePassword) {
    auto e = error_of([] {
        parse("{name: c, type: redis, url: 'rediss://u:topsecret@h:6379'}");
    });
    EXPECT_NE(e.find("url"), std::string::npos) << e;
    EXPECT_NE(e.find("rediss://"), std::string::npos) << e;
    EXPECT_NE(e.find("not supported"), std::string::npos) << e;
    EXPECT_EQ(e.find("topsecret"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, url: 'redis://u:topsecret@h:99999'}");
    });
    EXPECT_NE(e.find("port"), std::string::npos) << e;
    EXPECT_EQ(e.find("topsecret"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, url: 'redis://u:topsecret@h/x'}");
    });
    EXPECT_NE(e.find("database"), std::string::npos) << e;
    EXPECT_EQ(e.find("topsecret"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, url: 'http://h'}");
    });
    EXPECT_NE(e.find("redis://"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, colour: blue}");
    });
    EXPECT_NE(e.find("colour"), std::string::npos) << e;
    EXPECT_NE(e.find("test.yaml:1"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, url: 'redis://h', host: h}");
    });
    EXPECT_NE(e.find("host"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis}");
    });
    EXPECT_NE(e.find("url"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, username: u}");
    });
    EXPECT_NE(e.find("password"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, timeout: 0s}");
    });
    EXPECT_NE(e.find("timeout"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, max_result_bytes: 4096, max_reply_bytes: 1000}");
    });
    EXPECT_NE(e.find("max_reply_bytes"), std::string::npos) << e;
    EXPECT_NE(e.find("4096"), std::string::npos) << "names the minimum: " << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, pool: {size: 3}}");
    });
    EXPECT_NE(e.find("size"), std::string::npos) << e;
}

TEST(RedisSettings, WorkBoundsHaveDefaultsAndRanges) {
    auto s = parse("{name: c, type: redis, host: h}");
    EXPECT_EQ(s.max_count, 10000U);
    EXPECT_EQ(s.max_lcs_cells, 1000000U);
    s = parse("{name: c, type: redis, host: h, max_count: 50, max_lcs_cells: 4000000}");
    EXPECT_EQ(s.max_count, 50U);
    EXPECT_EQ(s.max_lcs_cells, 4000000U);

    struct row {
        const char* yaml;
        const char* says;
    };
    const std::vector<row> rows{
        {"{name: c, type: redis, host: h, max_count: 0}", "max_count"},
        {"{name: c, type: redis, host: h, max_count: 20000000}", "max_count"},
        {"{name: c, type: redis, host: h, max_count: many}", "max_count"},
        {"{name: c, type: redis, host: h, max_lcs_cells: -1}", "max_lcs_cells"},
        {"{name: c, type: redis, host: h, max_lcs_cell: 5}", "max_lcs_cells"},  // did you mean
        {"{name: c, type: redis, host: h, maxcount: 5}", "max_count"},
    };
    for (const auto& r : rows) {
        auto e = error_of([&] {
            parse(r.yaml);
        });
        EXPECT_NE(e.find(r.says), std::string::npos) << r.yaml << ": " << e;
        EXPECT_NE(e.find("test.yaml:1"), std::string::npos) << r.yaml << ": " << e;
    }
}

TEST(RedisSettings, AllowListIsCheckedAgainstTheAccessMode) {
    auto e = error_of([] {
        parse("{name: c, type: redis, host: h, allow: [SET]}");
    });
    EXPECT_NE(e.find("allow[0]"), std::string::npos) << e;
    EXPECT_NE(e.find("read_only"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, allow: [GET, EVAL]}");
    });
    EXPECT_NE(e.find("allow[1]"), std::string::npos) << e;
    EXPECT_NE(e.find("EVAL_RO"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, allow: ['a b c']}");
    });
    EXPECT_NE(e.find("allow[0]"), std::string::npos) << e;

    e = error_of([] {
        parse("{name: c, type: redis, host: h, allow: BLPOP}");
    });
    EXPECT_NE(e.find("allow"), std::string::npos) << e;

    EXPECT_EQ(
        error_of([] {
            parse("{name: c, type: redis, host: h, access: read_write, allow: [SET, FLUSHALL]}");
        }),
        ""
    );
    EXPECT_EQ(
        error_of([] {
            parse("{name: c, type: redis, host: h, allow: ['CLIENT LIST', 'config get']}");
        }),
        ""
    );
}

}  // namespace

// A private Redis (so the shared fixture is never disturbed): the pool while the server
// restarts (calls fail with `unavailable`, clearly and fast, and work again once it is back)
// and AUTH with passwords, where no password may appear in any result or log line.
#include "redis_fixture.hpp"

#include <chrono>

namespace mcpgw::itest::redis {
namespace {

using clock = std::chrono::steady_clock;

json ping(mcp_client& c, const std::string& server) {
    return call(c, "redis_command", {{"server", server}, {"command", "PING"}});
}

TEST(RedisPool, ServerRestartFailsFastThenRecovers) {
    private_server srv;
    auto gw = start_gateway(gateway_yaml(
        "  - {name: cache, type: redis, " + address("127.0.0.1", srv.port()) +
        ", pool: {min: 1, acquire_timeout: 1s}}\n"
    ));
    ASSERT_TRUE(gw && gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    ASSERT_EQ(ping(c, "cache")["structuredContent"]["reply"], "PONG");

    ASSERT_TRUE(srv.set("down"));
    for (int i = 0; i < 3; ++i) {
        auto t0 = clock::now();
        auto r = ping(c, "cache");
        auto took = clock::now() - t0;
        EXPECT_EQ(error_code(r), "unavailable") << r;
        auto msg = r["_meta"]["mcpgw/error"].value("message", "");
        EXPECT_NE(msg.find("cache"), std::string::npos) << msg;
        EXPECT_TRUE(r["_meta"]["mcpgw/error"]["retryable"].get<bool>()) << r;
        EXPECT_LT(took, 2500ms) << "a call while the server is down must fail fast";
    }
    auto ready = readyz(gw->port()).dump();
    EXPECT_NE(ready.find("refused"), std::string::npos) << ready;  // "Connection refused"

    ASSERT_TRUE(srv.set("up"));
    EXPECT_TRUE(eventually(
        [&] {
            return error_code(ping(c, "cache")).empty();
        },
        20s
    )) << "the pool did not recover";
    EXPECT_EQ(ping(c, "cache")["structuredContent"]["reply"], "PONG");
    stop_gateway(gw);
}

TEST(RedisPool, AuthWithPasswordsNeverLeaksThem) {
    private_server srv;
    const std::string user_pw = "ro-Secret-4711";
    const std::string default_pw = "Default-Secret-0815";
    const std::string wrong_pw = "Wrong-Secret-9999";
    {
        direct_client admin("127.0.0.1", srv.port());
        auto r = admin.run(
            {"ACL",
             "SETUSER",
             "mcpgw-ro",
             "on",
             ">" + user_pw,
             "~*",
             "&*",
             "+@read",
             "-@dangerous",
             "-@blocking",
             "+ping",
             "+info",
             "+command"}
        );
        ASSERT_EQ(r.str, "OK");
        admin.run({"SET", "greeting", "hello"});
        ASSERT_EQ(admin.run({"CONFIG", "SET", "requirepass", default_pw}).str, "OK");
    }
    auto at = address("127.0.0.1", srv.port());
    auto url = "redis://mcpgw-ro:" + user_pw + "@127.0.0.1:" + std::to_string(srv.port()) + "/0";
    auto gw = start_gateway(gateway_yaml(
        "  - {name: acl_user, type: redis, url: '" + url + "'}\n" +
        "  - {name: default_user, type: redis, " + at + ", password: '" + default_pw + "'}\n" +
        "  - {name: wrong, type: redis, " + at + ", username: mcpgw-ro, password: '" + wrong_pw +
        "', pool: {acquire_timeout: 1s}}\n" + "  - {name: none, type: redis, " + at +
        ", pool: {acquire_timeout: 1s}}\n"
    ));
    ASSERT_TRUE(gw && gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);

    auto r = call(
        c,
        "redis_command",
        {{"server", "acl_user"}, {"command", "GET"}, {"args", {"greeting"}}}
    );
    EXPECT_EQ(r["structuredContent"]["reply"], "hello") << r;
    r = call(
        c,
        "redis_command",
        {{"server", "default_user"}, {"command", "GET"}, {"args", {"greeting"}}}
    );
    EXPECT_EQ(r["structuredContent"]["reply"], "hello") << r;

    r = call(c, "redis_command", {{"server", "wrong"}, {"command", "GET"}, {"args", {"greeting"}}});
    EXPECT_EQ(error_code(r), "unavailable") << r;
    EXPECT_NE(r.dump().find("WRONGPASS"), std::string::npos) << r;
    r = call(c, "redis_command", {{"server", "none"}, {"command", "GET"}, {"args", {"greeting"}}});
    EXPECT_EQ(error_code(r), "unavailable") << r;
    EXPECT_NE(r.dump().find("NOAUTH"), std::string::npos) << r;

    std::string everything =
        r.dump() + call(c, "list_servers", json::object()).dump() + readyz(gw->port()).dump();
    EXPECT_EQ(gw->stop(10s), std::optional<int>(0));
    everything += gw->stderr_text();                             // every log line the gateway wrote
    EXPECT_NE(everything.find("WRONGPASS"), std::string::npos);  // the text really was searched
    for (const auto& pw : {user_pw, default_pw, wrong_pw}) {
        EXPECT_EQ(everything.find(pw), std::string::npos)
            << "a password leaked into a result or log line";
    }
    direct_client admin("127.0.0.1", srv.port(), 0, default_pw);
    EXPECT_EQ(admin.run({"CONFIG", "SET", "requirepass", ""}).str, "OK");  // restore
}

}  // namespace
}  // namespace mcpgw::itest::redis

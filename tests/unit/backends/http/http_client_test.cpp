// Plain HTTP: round trips, keep-alive pool, body cap, deadlines, cancellation, refused connects.

#include "backends/http/auth_headers.hpp"
#include "http_test_support.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>

namespace mcpgw::backends::http::testing {
namespace {

using verb = boost::beast::http::verb;

TEST_F(HttpClientFixture, GetRoundTripWithHeaders) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    auto req = get(base(server, "http", "127.0.0.1") + "/echo?x=1");
    req.headers.emplace_back("X-Test", "hello");
    const auto r = call(client, req);
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(r.response->status, 200u);
    EXPECT_EQ(r.response->body, "GET /echo?x=1\n");
    EXPECT_EQ(r.response->header("x-echo").value_or(""), "hello");
    EXPECT_FALSE(r.response->truncated);
}

TEST_F(HttpClientFixture, PostSendsBodyAndDefaultHeaders) {
    test_server server(io);
    client_options options;
    options.default_headers.push_back(bearer_auth_header("default-token-1234"));
    options.default_headers.emplace_back("X-Test", "from-default");
    http_client client(io.get_executor(), options);
    auto req = make_request(verb::post, base(server, "http", "localhost") + "/echo");
    req.body = R"({"query":"up"})";
    req.headers.emplace_back("X-Test", "from-request");  // a request header wins over a default
    const auto r = call(client, req);
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(r.response->body, "POST /echo\n{\"query\":\"up\"}");
    EXPECT_EQ(r.response->header("X-Echo").value_or(""), "from-request");
    EXPECT_EQ(r.response->header("X-Saw-Authorization").value_or(""), "yes");
}

TEST_F(HttpClientFixture, KeepAliveReusesOneConnection) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    const auto url = base(server, "http", "127.0.0.1") + "/echo";
    for (int i = 0; i < 3; ++i) {
        const auto r = call(client, get(url));
        ASSERT_TRUE(r.ok()) << describe(r);
    }
    EXPECT_EQ(server.accepts, 1);
    EXPECT_EQ(server.requests, 3);
    EXPECT_EQ(client.stats().opened, 1u);
    EXPECT_EQ(client.stats().reused, 2u);
}

TEST_F(HttpClientFixture, BodyCapTruncatesAndDropsTheConnection) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    auto req = get(base(server, "http", "127.0.0.1") + "/big");
    req.max_body_bytes = 100;
    const auto r = call(client, req);
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_TRUE(r.response->truncated);
    EXPECT_EQ(r.response->body, std::string(100, 'x'));
    std::string why;
    EXPECT_EQ(client.idle_connections(parse_url(req.url, why)->where), 0u);
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    EXPECT_EQ(server.accepts, 2);
}

TEST_F(HttpClientFixture, BodyExactlyAtCapIsNotTruncated) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    auto req = get(base(server, "http", "127.0.0.1") + "/big");
    req.max_body_bytes = 10000;
    const auto r = call(client, req);
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_FALSE(r.response->truncated);
    EXPECT_EQ(r.response->body.size(), 10000u);
}

TEST_F(HttpClientFixture, ConnectionCloseResponseIsNotReused) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    const auto r = call(client, get(base(server, "http", "127.0.0.1") + "/close"));
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(r.response->body, "bye");
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    EXPECT_EQ(server.accepts, 2);
    EXPECT_EQ(client.stats().reused, 0u);
}

TEST_F(HttpClientFixture, IdleConnectionClosedByServerIsNotUsed) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/drop")).ok());
    // Let the server's close reach our socket before the next request.
    asio::steady_timer pause(io, 100ms);
    pause.async_wait([](boost::system::error_code) {});
    io.run_for(200ms);
    io.restart();
    const auto r = call(client, get(base(server, "http", "127.0.0.1") + "/echo"));
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(server.accepts, 2);
}

TEST_F(HttpClientFixture, IdleTimeoutClosesPooledConnections) {
    test_server server(io);
    client_options options;
    options.idle_timeout = 50ms;
    http_client client(io.get_executor(), options);
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    asio::steady_timer pause(io, 120ms);
    pause.async_wait([](boost::system::error_code) {});
    io.run_for(200ms);
    io.restart();
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    EXPECT_EQ(server.accepts, 2);
}

TEST_F(HttpClientFixture, MaxIdlePerOriginZeroNeverPools) {
    test_server server(io);
    client_options options;
    options.max_idle_per_origin = 0;
    http_client client(io.get_executor(), options);
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    EXPECT_EQ(server.accepts, 2);
}

TEST_F(HttpClientFixture, DeadlineOnSilentServerGivesTimeout) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    auto req = get(base(server, "http", "127.0.0.1") + "/hang");
    req.deadline = std::chrono::steady_clock::now() + 300ms;
    const auto started = std::chrono::steady_clock::now();
    const auto r = call(client, req);
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, http_errc::timeout) << describe(r);
    EXPECT_GE(took, 250ms);
    EXPECT_LT(took, 1500ms);
    EXPECT_EQ(client.stats().errors, 1u);
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    EXPECT_EQ(server.accepts, 2);  // the timed-out connection was not pooled
}

TEST_F(HttpClientFixture, CancellationCompletesPromptlyAndClosesTheConnection) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    auto req = get(base(server, "http", "127.0.0.1") + "/hang");
    req.deadline = std::chrono::steady_clock::now() + 10s;
    asio::cancellation_signal signal;
    std::optional<http_result> result;
    asio::co_spawn(
        io,
        client.request(req),
        asio::bind_cancellation_slot(
            signal.slot(),
            [&](std::exception_ptr e, http_result r) {
                ASSERT_FALSE(e);
                result = std::move(r);
            }
        )
    );
    asio::steady_timer trigger(io, 200ms);
    trigger.async_wait([&](boost::system::error_code) {
        signal.emit(asio::cancellation_type::terminal);
    });
    const auto started = std::chrono::steady_clock::now();
    while (!result && std::chrono::steady_clock::now() - started < 5s) {
        io.run_one_for(50ms);
    }
    io.restart();
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(result.has_value());
    ASSERT_FALSE(result->ok());
    EXPECT_EQ(result->error->code, http_errc::cancelled) << describe(*result);
    EXPECT_LT(took, 1500ms);
    ASSERT_TRUE(call(client, get(base(server, "http", "127.0.0.1") + "/echo")).ok());
    EXPECT_EQ(server.accepts, 2);
}

std::uint16_t closed_port(asio::io_context& io) {
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return probe.local_endpoint().port();  // closed again when probe dies
}

TEST_F(HttpClientFixture, RefusedConnectionIsConnectFailedWithoutSecrets) {
    http_client client(io.get_executor(), client_options{});
    auto req = get("http://127.0.0.1:" + std::to_string(closed_port(io)) + "/echo");
    req.headers.push_back(bearer_auth_header("super-secret-token-value"));
    const auto r = call(client, req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, http_errc::connect_failed) << describe(r);
    EXPECT_EQ(r.error->message.find("super-secret-token-value"), std::string::npos);
    EXPECT_EQ(r.error->message.find("Bearer"), std::string::npos);
    EXPECT_NE(r.error->message.find("127.0.0.1"), std::string::npos);
}

TEST_F(HttpClientFixture, HugeResponseHeaderIsTooLargeHeaders) {
    test_server server(io);
    http_client client(io.get_executor(), client_options{});
    const auto r = call(client, get(base(server, "http", "127.0.0.1") + "/huge-header"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, http_errc::too_large_headers) << describe(r);
}

TEST_F(HttpClientFixture, BadUrlIsInvalidRequest) {
    http_client client(io.get_executor(), client_options{});
    const auto r = call(client, get("http://user:pw-secret@127.0.0.1/"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, http_errc::invalid_request);
    EXPECT_EQ(r.error->message.find("pw-secret"), std::string::npos);
}

}  // namespace
}  // namespace mcpgw::backends::http::testing

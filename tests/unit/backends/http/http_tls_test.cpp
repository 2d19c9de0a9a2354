// HTTPS against a local server whose certificate (DNS:localhost only) comes from a throwaway CA.

#include "http_test_support.hpp"
#include "test_certs.hpp"

namespace mcpgw::backends::http::testing {
namespace {

class HttpTlsTest : public HttpClientFixture {
protected:
    const test_certs& certs = test_certs::get();
    test_server server{io, certs.cert_file(), certs.key_file()};

    client_options trusting() const {
        client_options options;
        options.ca_file = certs.ca_file();
        return options;
    }
};

TEST_F(HttpTlsTest, VerifiedWithConfiguredCaAndReused) {
    http_client client(io.get_executor(), trusting());
    for (int i = 0; i < 2; ++i) {
        const auto r = call(client, get(base(server, "https", "localhost") + "/echo"));
        ASSERT_TRUE(r.ok()) << describe(r);
        EXPECT_EQ(r.response->body, "GET /echo\n");
    }
    EXPECT_EQ(server.accepts, 1);
    EXPECT_EQ(client.stats().reused, 1u);
}

TEST_F(HttpTlsTest, WrongHostNameIsRefused) {
    http_client client(io.get_executor(), trusting());
    // 127.0.0.1 is not in the certificate (DNS:localhost only).
    const auto r = call(client, get(base(server, "https", "127.0.0.1") + "/echo"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, http_errc::tls_failed) << describe(r);
    EXPECT_EQ(server.requests, 0);
}

TEST_F(HttpTlsTest, UntrustedCaIsRefused) {
    http_client client(io.get_executor(), client_options{});  // system CAs only
    const auto r = call(client, get(base(server, "https", "localhost") + "/echo"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, http_errc::tls_failed) << describe(r);
    EXPECT_NE(r.error->message.find("certificate"), std::string::npos) << r.error->message;
    EXPECT_EQ(server.requests, 0);
}

TEST_F(HttpTlsTest, InsecureSkipVerifyAcceptsUntrustedAndMismatchedCertificate) {
    client_options options;
    options.insecure_skip_verify = true;
    http_client client(io.get_executor(), options);
    const auto r = call(client, get(base(server, "https", "127.0.0.1") + "/echo"));
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(r.response->status, 200u);
}

TEST_F(HttpTlsTest, PlainHttpToTlsPortFails) {
    http_client client(io.get_executor(), trusting());
    auto req = get(base(server, "http", "localhost") + "/echo");
    req.deadline = std::chrono::steady_clock::now() + 2s;
    const auto r = call(client, req);
    EXPECT_FALSE(r.ok());
}

TEST_F(HttpTlsTest, MissingCaFileThrowsAtConstruction) {
    client_options options;
    options.ca_file = "/nonexistent/ca.pem";
    EXPECT_THROW(http_client(io.get_executor(), options), std::runtime_error);
}

}  // namespace
}  // namespace mcpgw::backends::http::testing

// The admission chain: its fixed order, and each policy's verdict on a request, table-driven.
#include <server/policy/admission_chain.hpp>

#include <openssl/sha.h>

#include <gtest/gtest.h>

namespace mcpgw::server::policy {
namespace {

api_key key_for(const std::string& name, const std::string& secret) {
    api_key k;
    k.name = name;
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), k.sha256.data());
    return k;
}

const std::vector<jwt_issuer> no_issuers;

struct admission_case {
    const char* name;
    const char* host;
    const char* origin;         // nullptr: no Origin header
    const char* authorization;  // nullptr: none
    unsigned status;            // 0: let through
    const char* code;
    const char* principal;
};

http::request<http::string_body>
request_of(const char* host, const char* origin, const char* authorization) {
    http::request<http::string_body> req{http::verb::post, "/mcp", 11};
    req.set(http::field::host, host);
    if (origin) {
        req.set(http::field::origin, origin);
    }
    if (authorization) {
        req.set(http::field::authorization, authorization);
    }
    return req;
}

TEST(AdmissionChain, OrderIsHostOriginCorsThenAuthentication) {
    origin_guard guard({}, {});
    api_key_auth keys({});
    auto chain = make_admission_chain(guard, keys, no_issuers);
    std::vector<std::string_view> expected{"host", "origin", "cors", "authentication"};
    EXPECT_EQ(chain.names(), expected);
}

TEST(AdmissionChain, VerdictsWithKeys) {
    origin_guard guard({}, {});
    api_key_auth keys({key_for("ops-bot", "s3cret")});
    auto chain = make_admission_chain(guard, keys, no_issuers);
    const admission_case cases[] = {
        {"right key", "127.0.0.1:8080", nullptr, "Bearer s3cret", 0, "", "ops-bot"},
        {"right key, local origin",
         "localhost",
         "http://localhost:6274",
         "Bearer s3cret",
         0,
         "",
         "ops-bot"},
        {"no key", "127.0.0.1", nullptr, nullptr, 401, "unauthorized", ""},
        {"wrong key", "127.0.0.1", nullptr, "Bearer nope", 401, "unauthorized", ""},
        // Host and Origin come first: a foreign page learns nothing about the key.
        {"foreign host, right key", "evil.example", nullptr, "Bearer s3cret", 403, "forbidden", ""},
        {"foreign host, no key", "evil.example", nullptr, nullptr, 403, "forbidden", ""},
        {"foreign origin, no key",
         "127.0.0.1",
         "http://evil.example",
         nullptr,
         403,
         "forbidden",
         ""},
        {"userinfo origin",
         "127.0.0.1",
         "http://localhost:1@evil.example",
         "Bearer s3cret",
         403,
         "forbidden",
         ""},
    };
    for (const auto& c : cases) {
        auto req = request_of(c.host, c.origin, c.authorization);
        admission_request r{req, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
        auto reply = chain.run(r);
        if (c.status == 0) {
            EXPECT_FALSE(reply) << c.name << ": " << reply->message;
            EXPECT_EQ(r.principal.value_or(""), c.principal) << c.name;
            EXPECT_EQ(r.auth_method, "api_key") << c.name;
            continue;
        }
        ASSERT_TRUE(reply) << c.name;
        EXPECT_EQ(static_cast<unsigned>(reply->status), c.status) << c.name;
        EXPECT_EQ(reply->code, c.code) << c.name;
        EXPECT_FALSE(r.principal) << c.name;
        if (c.status == 401) {
            ASSERT_EQ(reply->headers.size(), 1U) << c.name;
            EXPECT_EQ(reply->headers[0].first, http::field::www_authenticate) << c.name;
        }
    }
}

TEST(AdmissionChain, WithoutKeysEveryoneIsAnonymous) {
    origin_guard guard({}, {});
    api_key_auth keys({});
    auto chain = make_admission_chain(guard, keys, no_issuers);
    auto req = request_of("127.0.0.1", nullptr, nullptr);
    admission_request r{req, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    EXPECT_FALSE(chain.run(r));
    EXPECT_EQ(r.principal.value_or(""), "anonymous");
    EXPECT_EQ(r.auth_method, "none");
}

// CORS: an allowed origin's requests carry its CORS headers; a preflight is answered before
// authentication (browsers send it without credentials); a foreign origin gets 403 and none.
TEST(AdmissionChain, Cors) {
    origin_guard guard({}, {"https://console.example.com"});
    api_key_auth keys({key_for("ops-bot", "s3cret")});
    auto chain = make_admission_chain(guard, keys, no_issuers);
    const auto header = [](const admission_request& r, const std::string& name) {
        for (const auto& [n, v] : r.response_headers) {
            if (n == name) {
                return v;
            }
        }
        return std::string("<none>");
    };

    auto preflight = request_of("127.0.0.1", "https://console.example.com", nullptr);
    preflight.method(http::verb::options);
    preflight.set(http::field::access_control_request_method, "POST");
    admission_request p{preflight, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    auto reply = chain.run(p);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, http::status::no_content);
    EXPECT_TRUE(reply->code.empty()) << "no body";
    EXPECT_EQ(header(p, "Access-Control-Allow-Origin"), "https://console.example.com");
    bool allows_session_header = false;
    for (const auto& [f, v] : reply->headers) {
        if (f == http::field::access_control_allow_headers) {
            allows_session_header = v.find("Mcp-Session-Id") != std::string::npos &&
                                    v.find("Authorization") != std::string::npos &&
                                    v.find("MCP-Protocol-Version") != std::string::npos;
        }
    }
    EXPECT_TRUE(allows_session_header);

    auto call = request_of("127.0.0.1", "https://console.example.com", "Bearer s3cret");
    admission_request c{call, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    EXPECT_FALSE(chain.run(c));
    EXPECT_EQ(header(c, "Access-Control-Allow-Origin"), "https://console.example.com");
    EXPECT_NE(header(c, "Access-Control-Expose-Headers").find("Mcp-Session-Id"), std::string::npos);

    // Without a key the call is still 401, with the CORS headers so the page can read it.
    auto anonymous = request_of("127.0.0.1", "https://console.example.com", nullptr);
    admission_request a{anonymous, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    auto refused = chain.run(a);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, http::status::unauthorized);
    EXPECT_EQ(header(a, "Access-Control-Allow-Origin"), "https://console.example.com");

    auto foreign = request_of("127.0.0.1", "https://evil.example", nullptr);
    foreign.method(http::verb::options);
    admission_request f{foreign, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    auto no = chain.run(f);
    ASSERT_TRUE(no);
    EXPECT_EQ(no->status, http::status::forbidden);
    EXPECT_TRUE(f.response_headers.empty());

    // Same-origin or non-browser requests (no Origin) get no CORS headers.
    auto plain = request_of("127.0.0.1", nullptr, "Bearer s3cret");
    admission_request n{plain, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    EXPECT_FALSE(chain.run(n));
    EXPECT_TRUE(n.response_headers.empty());
}

// With JWT issuers configured, an API key that happens to hold two dots is still a key, and
// a token that is neither is refused with the JWT's reason.
TEST(AdmissionChain, DottedApiKeyBesideJwtIssuers) {
    origin_guard guard({}, {});
    api_key_auth keys({key_for("ops-bot", "a.b.c")});
    jwt_issuer issuer;
    issuer.issuer = "https://idp.example.com";
    issuer.audiences = {"https://mcp.example.com/mcp"};
    issuer.algorithms = {"RS256"};
    const std::vector<jwt_issuer> issuers{issuer};
    auto chain = make_admission_chain(guard, keys, issuers);
    auto keyed = request_of("127.0.0.1", nullptr, "Bearer a.b.c");
    admission_request k{keyed, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    EXPECT_FALSE(chain.run(k));
    EXPECT_EQ(k.auth_method, "api_key");
    EXPECT_EQ(k.principal.value_or(""), "ops-bot");
    auto other = request_of("127.0.0.1", nullptr, "Bearer x.y.z");
    admission_request o{other, "/mcp", "127.0.0.1", "1.1", {}, {}, {}, {}};
    auto reply = chain.run(o);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, http::status::unauthorized);
    EXPECT_NE(reply->headers.at(0).second.find("invalid_token"), std::string::npos);
}

// A policy that answers ends the walk: later policies never see the request.
TEST(AdmissionChain, TheFirstReplyEndsTheWalk) {
    struct counting final : admission_policy {
        int* seen;
        bool refuse;
        counting(int* s, bool r) : seen(s), refuse(r) {}
        std::string_view name() const override { return "counting"; }
        std::optional<local_reply> admit(admission_request&) const override {
            ++*seen;
            if (refuse) {
                return local_reply{http::status::too_many_requests, "limited", "slow down", {}};
            }
            return std::nullopt;
        }
    };
    int first = 0, second = 0, third = 0;
    admission_chain chain;
    chain.add(std::make_unique<counting>(&first, false));
    chain.add(std::make_unique<counting>(&second, true));
    chain.add(std::make_unique<counting>(&third, false));
    auto req = request_of("127.0.0.1", nullptr, nullptr);
    admission_request r{req, "/mcp", "", "", {}, {}, {}, {}};
    auto reply = chain.run(r);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->code, "limited");
    EXPECT_EQ(first, 1);
    EXPECT_EQ(second, 1);
    EXPECT_EQ(third, 0);
}

}  // namespace
}  // namespace mcpgw::server::policy

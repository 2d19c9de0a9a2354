// JWT bearer tokens over real HTTP (auth.jwt): a token from the configured issuer calls tools
// on every transport's endpoint; refused tokens get 401 with an invalid_token challenge, the
// log says why and never holds the token; API keys keep working beside it.
#include "support/suite.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <fstream>

namespace mcpgw::itest {
namespace {

std::string b64url(std::string_view in) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : in) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(alphabet[(buffer >> bits) & 0x3f]);
        }
    }
    if (bits > 0) {
        out.push_back(alphabet[(buffer << (6 - bits)) & 0x3f]);
    }
    return out;
}

/// An Ed25519 issuer: its JWKS file and tokens it signs.
class issuer_key {
public:
    issuer_key() : key_(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free) {}
    std::string jwks() const {
        unsigned char raw[32];
        size_t len = sizeof raw;
        EVP_PKEY_get_raw_public_key(key_.get(), raw, &len);
        return json{{"keys",
                     {{{"kty", "OKP"},
                       {"crv", "Ed25519"},
                       {"kid", "k1"},
                       {"alg", "EdDSA"},
                       {"x", b64url(std::string(reinterpret_cast<char*>(raw), len))}}}}}
            .dump();
    }
    std::string token(const json& claims) const {
        auto input =
            b64url(json{{"alg", "EdDSA"}, {"kid", "k1"}}.dump()) + "." + b64url(claims.dump());
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key_.get());
        unsigned char sig[64];
        size_t len = sizeof sig;
        EVP_DigestSign(
            ctx,
            sig,
            &len,
            reinterpret_cast<const unsigned char*>(input.data()),
            input.size()
        );
        EVP_MD_CTX_free(ctx);
        return input + "." + b64url(std::string(reinterpret_cast<char*>(sig), len));
    }

private:
    std::shared_ptr<EVP_PKEY> key_;
};

json claims_for(const std::string& sub, std::int64_t exp_in) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch()
    )
                   .count();
    return {
        {"iss", "https://idp.test"},
        {"aud", "https://mcp.test/mcp"},
        {"sub", sub},
        {"iat", now},
        {"exp", now + exp_in},
        {"groups", {"reader"}}};
}

TEST(AuthJwt, TokensFromTheIssuerAreAcceptedOthersGet401) {
    temp_dir dir;
    issuer_key idp;
    { std::ofstream(dir.path() + "/jwks.json") << idp.jwks(); }
    constexpr const char* api_key_sha256 =
        "24867171ed8d783a85ff979597f06060ab3d577feef5d8d8c8cac5e469bfb4e2";  // itest-secret-key-7f3a9c
    auto gw = start_gateway(conformance_yaml(
        "auth:\n"
        "  api_keys: [{name: ops-bot, sha256: \"" +
        std::string(api_key_sha256) +
        "\"}]\n"
        "  jwt:\n"
        "    - issuer: https://idp.test\n"
        "      audiences: [https://mcp.test/mcp]\n"
        "      algorithms: [EdDSA]\n"
        "      jwks_file: " +
        dir.path() +
        "/jwks.json\n"
        "      roles_claim: groups\n"
        "log_level: debug\n"
    ));
    ASSERT_TRUE(gw->started());
    const auto port = gw->port();
    const std::string good = idp.token(claims_for("alice", 600));
    const header_list with_good{{"Authorization", "Bearer " + good}};

    auto rest =
        http_request(port, "POST", "/tools/call", with_good, R"({"name":"test_simple_text"})");
    EXPECT_EQ(rest.status, 200) << rest.body;
    mcp_client c(port);
    ASSERT_EQ(c.initialize("2025-06-18", json::object(), with_good).status, 200);
    EXPECT_TRUE(c.call("tools/call", {{"name", "test_simple_text"}, {"arguments", json::object()}})
                    .contains("result"));
    // The API key still works beside the issuer.
    auto keyed = http_request(
        port,
        "GET",
        "/tools/list",
        {{"Authorization", "Bearer itest-secret-key-7f3a9c"}}
    );
    EXPECT_EQ(keyed.status, 200);

    issuer_key stranger;
    const std::string expired = idp.token(claims_for("alice", -3600));
    auto other_aud = claims_for("alice", 600);
    other_aud["aud"] = "https://other.test/mcp";
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"expired", expired},
        {"another key", stranger.token(claims_for("mallory", 600))},
        {"another audience", idp.token(other_aud)},
        {"garbage with dots", "a.b.c"},
    };
    for (const auto& [what, token] : refused) {
        auto r = http_request(
            port,
            "POST",
            "/tools/call",
            {{"Authorization", "Bearer " + token}},
            R"({"name":"test_simple_text"})"
        );
        EXPECT_EQ(r.status, 401) << what;
        EXPECT_NE(r.header("WWW-Authenticate").find("invalid_token"), std::string::npos) << what;
    }
    auto logs = gw->stderr_text();
    EXPECT_NE(logs.find("JWT refused: expired"), std::string::npos) << logs;
    EXPECT_NE(logs.find("JWT refused: bad signature"), std::string::npos) << logs;
    EXPECT_NE(logs.find("JWT refused: audience is not this gateway"), std::string::npos) << logs;
    for (const auto& t : {good, expired}) {
        EXPECT_EQ(logs.find(t.substr(t.rfind('.') + 1)), std::string::npos) << "a token in the log";
    }
    EXPECT_NE(logs.find("\"principal\":\"alice\""), std::string::npos) << "the debug call line";
    stop_gateway(gw);
}

TEST(AuthJwt, ConfigurationErrorsNameTheKey) {
    temp_dir dir;
    {
        std::ofstream(dir.path() + "/bad.json")
            << R"({"keys": [{"kty": "RSA", "n": "AQ", "e": "AQAB"}]})";
    }
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"algorithms: [none]", "unknown algorithm 'none'"},
        {"algorithms: [EdDSA], jwks_file: " + dir.path() + "/missing.json", "cannot read"},
        {"algorithms: [RS256], jwks_file: " + dir.path() + "/bad.json", "a malformed RSA key"},
        {"algorithms: [HS256], hs256_secret: short", "at least 32 bytes"},
        {"algorithms: [EdDSA], jwks_url: https://idp.test/jwks", "use jwks_file"},
    };
    for (const auto& [keys, expected] : cases) {
        gateway_process gw(conformance_yaml(
            "auth:\n  jwt:\n    - {issuer: https://idp.test, audiences: [https://mcp.test/mcp], " +
            keys + "}\n"
        ));
        EXPECT_FALSE(gw.started()) << keys;
        EXPECT_NE(gw.stderr_text().find(expected), std::string::npos) << keys << "\n"
                                                                      << gw.stderr_text();
        EXPECT_NE(gw.stderr_text().find("auth.jwt[0]"), std::string::npos) << gw.stderr_text();
    }
}

}  // namespace
}  // namespace mcpgw::itest

// JWT verification: every algorithm accepted with its own key type, and the attacks of issue
// 11 refused. Keys are generated and tokens signed here with OpenSSL.
#include <server/auth/jwt.hpp>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <map>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

using json = nlohmann::json;
using clock_t_ = std::chrono::system_clock;

struct key_pair {
    std::shared_ptr<EVP_PKEY> key;
    std::string alg;  // what it signs
    std::string kid;
};

std::shared_ptr<EVP_PKEY> make_key(const std::string& alg) {
    EVP_PKEY* k = nullptr;
    if (alg.starts_with("RS") || alg == "PS256") {
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
    } else if (alg == "ES256") {
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    } else if (alg == "ES384") {
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
    } else if (alg == "EdDSA") {
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    }
    return std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free);
}

std::string bn_bytes(EVP_PKEY* k, const char* name) {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(k, name, &bn);
    std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(bn);
    return out;
}

/// The public JWK of a key pair.
json public_jwk(const key_pair& p, bool with_alg = true) {
    EVP_PKEY* k = p.key.get();
    json j{{"kid", p.kid}, {"use", "sig"}};
    if (with_alg) {
        j["alg"] = p.alg;
    }
    if (p.alg.starts_with("RS") || p.alg == "PS256") {
        j["kty"] = "RSA";
        j["n"] = base64url_encode(bn_bytes(k, OSSL_PKEY_PARAM_RSA_N));
        j["e"] = base64url_encode(bn_bytes(k, OSSL_PKEY_PARAM_RSA_E));
    } else if (p.alg.starts_with("ES")) {
        unsigned char point[256];
        size_t len = 0;
        EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len);
        const std::size_t half = (len - 1) / 2;
        std::string raw(reinterpret_cast<char*>(point) + 1, len - 1);
        j["kty"] = "EC";
        j["crv"] = p.alg == "ES256" ? "P-256" : "P-384";
        j["x"] = base64url_encode(raw.substr(0, half));
        j["y"] = base64url_encode(raw.substr(half));
    } else {
        unsigned char raw[32];
        size_t len = sizeof raw;
        EVP_PKEY_get_raw_public_key(k, raw, &len);
        j["kty"] = "OKP";
        j["crv"] = "Ed25519";
        j["x"] = base64url_encode(std::string(reinterpret_cast<char*>(raw), len));
    }
    return j;
}

std::string sign(const key_pair& p, const std::string& input) {
    const EVP_MD* md = p.alg == "EdDSA"         ? nullptr
                       : p.alg.ends_with("384") ? EVP_sha384()
                       : p.alg.ends_with("512") ? EVP_sha512()
                                                : EVP_sha256();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    EVP_DigestSignInit(ctx, &pctx, md, nullptr, p.key.get());
    if (p.alg == "PS256") {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t len = 0;
    EVP_DigestSign(
        ctx,
        nullptr,
        &len,
        reinterpret_cast<const unsigned char*>(input.data()),
        input.size()
    );
    std::string sig(len, '\0');
    EVP_DigestSign(
        ctx,
        reinterpret_cast<unsigned char*>(sig.data()),
        &len,
        reinterpret_cast<const unsigned char*>(input.data()),
        input.size()
    );
    sig.resize(len);
    EVP_MD_CTX_free(ctx);
    if (p.alg.starts_with("ES")) {  // DER -> JOSE R||S
        const std::size_t half = p.alg == "ES256" ? 32 : 48;
        const unsigned char* d = reinterpret_cast<const unsigned char*>(sig.data());
        ECDSA_SIG* s = d2i_ECDSA_SIG(nullptr, &d, static_cast<long>(sig.size()));
        std::string out(2 * half, '\0');
        BN_bn2binpad(
            ECDSA_SIG_get0_r(s),
            reinterpret_cast<unsigned char*>(out.data()),
            static_cast<int>(half)
        );
        BN_bn2binpad(
            ECDSA_SIG_get0_s(s),
            reinterpret_cast<unsigned char*>(out.data()) + half,
            static_cast<int>(half)
        );
        ECDSA_SIG_free(s);
        return out;
    }
    return sig;
}

std::string hmac(const std::string& secret, const std::string& input) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(
        EVP_sha256(),
        secret.data(),
        static_cast<int>(secret.size()),
        reinterpret_cast<const unsigned char*>(input.data()),
        input.size(),
        mac,
        &len
    );
    return std::string(reinterpret_cast<char*>(mac), len);
}

const auto now = clock_t_::time_point(std::chrono::seconds(1'800'000'000));
const std::int64_t t = 1'800'000'000;

json claims(std::int64_t exp_in = 600) {
    return {
        {"iss", "https://idp.example.com"},
        {"aud", "https://mcp.example.com/mcp"},
        {"sub", "alice"},
        {"exp", t + exp_in},
        {"iat", t - 10},
        {"groups", {"reader", "pg-only"}}};
}

std::string token_with(const json& header, const json& payload, const key_pair& p) {
    auto input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
    return input + "." + base64url_encode(sign(p, input));
}

class Jwt : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        for (const char* alg : {"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"}) {
            keys_[alg] = key_pair{make_key(alg), alg, std::string("k-") + alg};
        }
        other_rsa_ = key_pair{make_key("RS256"), "RS256", "k-RS256"};  // same kid, other key
        json set{{"keys", json::array()}};
        for (const auto& [alg, p] : keys_) {
            set["keys"].push_back(public_jwk(p));
        }
        auto parsed = jwk_set::parse(set.dump());
        ASSERT_TRUE(std::holds_alternative<jwk_set>(parsed)) << std::get<std::string>(parsed);
        jwks_ = std::make_shared<jwk_set>(std::get<jwk_set>(std::move(parsed)));
    }
    static void TearDownTestSuite() {
        keys_.clear();
        other_rsa_ = {};
        jwks_.reset();
    }

    static std::vector<jwt_issuer> issuers(std::vector<std::string> algs) {
        jwt_issuer i;
        i.issuer = "https://idp.example.com";
        i.audiences = {"https://mcp.example.com/mcp"};
        i.algorithms = std::move(algs);
        i.keys = jwks_;
        i.hs256_secret = "a-shared-secret-of-enough-length!";
        i.roles_claim = "groups";
        return {i};
    }
    static std::string token(const std::string& alg, const json& payload = claims()) {
        const auto& p = keys_.at(alg);
        return token_with({{"alg", alg}, {"typ", "JWT"}, {"kid", p.kid}}, payload, p);
    }
    static std::string refusal(const std::string& tok, std::vector<std::string> algs = {"RS256"}) {
        auto r = verify_jwt(tok, issuers(std::move(algs)), now);
        return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "accepted";
    }

    static inline std::map<std::string, key_pair> keys_;
    static inline key_pair other_rsa_;
    static inline std::shared_ptr<jwk_set> jwks_;
};

TEST_F(Jwt, EveryAlgorithmWithItsOwnKey) {
    for (const char* alg : {"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"}) {
        auto r = verify_jwt(token(alg), issuers({alg}), now);
        ASSERT_TRUE(std::holds_alternative<jwt_identity>(r))
            << alg << ": " << std::get<std::string>(r);
        const auto& id = std::get<jwt_identity>(r);
        EXPECT_EQ(id.principal, "alice") << alg;
        EXPECT_EQ(id.roles, (std::vector<std::string>{"reader", "pg-only"})) << alg;
    }
    auto input =
        base64url_encode(json{{"alg", "HS256"}}.dump()) + "." + base64url_encode(claims().dump());
    auto hs = input + "." + base64url_encode(hmac("a-shared-secret-of-enough-length!", input));
    EXPECT_EQ(refusal(hs, {"HS256"}), "accepted");
}

TEST_F(Jwt, AttacksAreRefused) {
    const auto& rsa = keys_.at("RS256");
    auto good = token("RS256");
    ASSERT_EQ(refusal(good), "accepted");
    const auto parts = [](const std::string& tok) {
        auto a = tok.find('.');
        auto b = tok.find('.', a + 1);
        return std::array<std::string, 3>{
            tok.substr(0, a),
            tok.substr(a + 1, b - a - 1),
            tok.substr(b + 1)};
    };
    auto p = parts(good);

    // alg: none, with and without a signature.
    auto none_header = base64url_encode(json{{"alg", "none"}, {"typ", "JWT"}}.dump());
    EXPECT_NE(refusal(none_header + "." + p[1] + "."), "accepted");
    EXPECT_NE(refusal(none_header + "." + p[1] + "." + p[2]), "accepted");
    // HS256 keyed with the RSA public key (the HS/RS confusion), even when HS256 is allowed.
    unsigned char* der = nullptr;
    int der_len = i2d_PUBKEY(rsa.key.get(), &der);
    std::string public_der(reinterpret_cast<char*>(der), static_cast<std::size_t>(der_len));
    OPENSSL_free(der);
    auto hs_input = base64url_encode(json{{"alg", "HS256"}, {"kid", rsa.kid}}.dump()) + "." + p[1];
    auto confused = hs_input + "." + base64url_encode(hmac(public_der, hs_input));
    EXPECT_EQ(refusal(confused), "algorithm 'HS256' not allowed for this issuer");
    EXPECT_EQ(refusal(confused, {"RS256", "HS256"}), "bad signature");
    // Time claims.
    EXPECT_EQ(refusal(token("RS256", claims(-3600))), "expired");
    EXPECT_EQ(refusal(token("RS256", claims(-30))), "accepted") << "within the 60 s leeway";
    // Absurd times are clamped, not converted out of range (undefined behaviour).
    auto far = claims();
    far["exp"] = 1e300;
    EXPECT_EQ(refusal(token("RS256", far)), "accepted");
    far["exp"] = -1e300;
    EXPECT_EQ(refusal(token("RS256", far)), "expired");
    far["exp"] = t + 600;
    far["nbf"] = 1e300;
    EXPECT_EQ(refusal(token("RS256", far)), "not valid yet (nbf)");
    auto future = claims();
    future["nbf"] = t + 3600;
    EXPECT_EQ(refusal(token("RS256", future)), "not valid yet (nbf)");
    auto no_exp = claims();
    no_exp.erase("exp");
    EXPECT_EQ(refusal(token("RS256", no_exp)), "no exp claim");
    // Audience (RFC 8707: a token for another resource) and issuer.
    auto other_aud = claims();
    other_aud["aud"] = json::array({"https://other.example.com/mcp"});
    EXPECT_EQ(refusal(token("RS256", other_aud)), "audience is not this gateway");
    auto other_iss = claims();
    other_iss["iss"] = "https://evil.example.com";
    EXPECT_EQ(refusal(token("RS256", other_iss)), "unknown issuer");
    // Keys: an unknown kid; a known kid signed by another key; a key of another algorithm.
    EXPECT_EQ(
        refusal(token_with({{"alg", "RS256"}, {"kid", "nope"}}, claims(), rsa)),
        "unknown kid 'nope'"
    );
    EXPECT_EQ(
        refusal(token_with({{"alg", "RS256"}, {"kid", rsa.kid}}, claims(), other_rsa_)),
        "bad signature"
    );
    EXPECT_EQ(
        refusal(
            token_with({{"alg", "RS256"}, {"kid", "k-PS256"}}, claims(), keys_.at("PS256")),
            {"RS256", "PS256"}
        ),
        "unknown kid 'k-PS256'"
    ) << "the PS256 key says alg PS256: never used for RS256";
    EXPECT_EQ(
        refusal(
            token_with({{"alg", "ES256"}, {"kid", rsa.kid}}, claims(), keys_.at("ES256")),
            {"ES256"}
        ),
        "unknown kid 'k-RS256'"
    ) << "an RSA key is never an EC key";
    // Tampering.
    auto tampered = claims();
    tampered["sub"] = "root";
    EXPECT_EQ(
        refusal(p[0] + "." + base64url_encode(tampered.dump()) + "." + p[2]),
        "bad signature"
    );
    auto sig = base64url_decode(p[2]).value();
    sig[10] = static_cast<char>(sig[10] ^ 1);
    EXPECT_EQ(refusal(p[0] + "." + p[1] + "." + base64url_encode(sig)), "bad signature");
    // Size and shape.
    auto big = claims();
    big["pad"] = std::string(10 * 1024, 'x');
    EXPECT_EQ(refusal(token("RS256", big)), "token larger than 8 KiB");
    EXPECT_EQ(
        refusal(token_with({{"alg", "RS256"}, {"kid", rsa.kid}, {"crit", {"exp"}}}, claims(), rsa)),
        "a crit header (no JWS extension is understood)"
    );
    EXPECT_NE(refusal("a.b"), "accepted");
    EXPECT_NE(refusal(good + ".x"), "accepted");
    EXPECT_NE(refusal(p[0] + "." + p[1] + "." + p[2] + "="), "accepted")
        << "padding is not base64url";
}

TEST_F(Jwt, RolesFromAScopeString) {
    auto iss = issuers({"RS256"});
    iss[0].roles_claim = "scope";
    auto c = claims();
    c["scope"] = "mcp:read  mcp:write";
    auto r = verify_jwt(token("RS256", c), iss, now);
    ASSERT_TRUE(std::holds_alternative<jwt_identity>(r));
    EXPECT_EQ(std::get<jwt_identity>(r).roles, (std::vector<std::string>{"mcp:read", "mcp:write"}));
}

TEST(JwkSet, MalformedKeysAreErrorsEncryptionKeysAreSkipped) {
    EXPECT_TRUE(std::holds_alternative<std::string>(jwk_set::parse("[]")));
    EXPECT_TRUE(
        std::holds_alternative<std::string>(jwk_set::parse(R"({"keys":[{"kty":"RSA","n":"AQ"}]})"))
    );
    auto skipped = jwk_set::parse(
        R"({"keys":[{"kty":"RSA","use":"enc","n":"x","e":"AQAB"},{"kty":"oct","k":"c2VjcmV0"}]})"
    );
    ASSERT_TRUE(std::holds_alternative<jwk_set>(skipped));
    EXPECT_TRUE(std::get<jwk_set>(skipped).keys.empty()) << "no symmetric key from a key set";
}

TEST(Base64Url, RoundTripAndStrictness) {
    const std::vector<std::string>
        samples{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)};
    for (const auto& s : samples) {
        EXPECT_EQ(base64url_decode(base64url_encode(s)), s);
    }
    EXPECT_FALSE(base64url_decode("Zm9v+"));
    EXPECT_FALSE(base64url_decode("Zg=="));
    EXPECT_FALSE(base64url_decode("Z"));
    EXPECT_FALSE(base64url_decode("Zh")) << "non-zero leftover bits";
}

}  // namespace
}  // namespace mcpgw::server

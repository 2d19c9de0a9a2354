#include "jwt.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>

namespace mcpgw::server {

using json = nlohmann::json;

namespace {

struct pkey_deleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct md_ctx_deleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct pkey_ctx_deleter {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct bld_deleter {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct params_deleter {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct bn_deleter {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
struct sig_deleter {
    void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '-') {
        return 62;
    }
    if (c == '_') {
        return 63;
    }
    return -1;
}

const unsigned char* bytes(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

/// A base64url member of a JWK, decoded; "" when missing or malformed.
std::string b64_member(const json& k, const char* name) {
    auto it = k.find(name);
    if (it == k.end() || !it->is_string()) {
        return {};
    }
    return base64url_decode(it->get_ref<const std::string&>()).value_or(std::string());
}

std::shared_ptr<EVP_PKEY> from_params(const char* type, OSSL_PARAM_BLD* bld) {
    std::unique_ptr<OSSL_PARAM, params_deleter> params(OSSL_PARAM_BLD_to_param(bld));
    std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_deleter> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr)
    );
    EVP_PKEY* out = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &out, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
        return nullptr;
    }
    return std::shared_ptr<EVP_PKEY>(out, pkey_deleter{});
}

std::shared_ptr<EVP_PKEY> rsa_key(const std::string& n, const std::string& e) {
    // RFC 7518 3.3: RSA keys of 2048 bits or more. A short or missing modulus is a malformed key.
    if (n.size() < 256 || e.empty() || e.size() > 8) {
        return nullptr;
    }
    std::unique_ptr<BIGNUM, bn_deleter> bn_n(
        BN_bin2bn(bytes(n), static_cast<int>(n.size()), nullptr)
    );
    std::unique_ptr<BIGNUM, bn_deleter> bn_e(
        BN_bin2bn(bytes(e), static_cast<int>(e.size()), nullptr)
    );
    std::unique_ptr<OSSL_PARAM_BLD, bld_deleter> bld(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !bld ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
        return nullptr;
    }
    return from_params("RSA", bld.get());
}

std::shared_ptr<EVP_PKEY>
ec_key(const std::string& crv, const std::string& x, const std::string& y) {
    const char* group = crv == "P-256" ? "prime256v1" : crv == "P-384" ? "secp384r1" : nullptr;
    const std::size_t size = crv == "P-256" ? 32 : 48;
    if (group == nullptr || x.size() != size || y.size() != size) {
        return nullptr;
    }
    std::string point = "\x04" + x + y;  // uncompressed
    std::unique_ptr<OSSL_PARAM_BLD, bld_deleter> bld(OSSL_PARAM_BLD_new());
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(
            bld.get(),
            OSSL_PKEY_PARAM_PUB_KEY,
            point.data(),
            point.size()
        )) {
        return nullptr;
    }
    return from_params("EC", bld.get());
}

std::shared_ptr<EVP_PKEY> ed25519_key(const std::string& x) {
    if (x.size() != 32) {
        return nullptr;
    }
    EVP_PKEY* k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(x), x.size());
    return k ? std::shared_ptr<EVP_PKEY>(k, pkey_deleter{}) : nullptr;
}

struct alg_info {
    std::string_view name;
    const char* kty;  // "RSA", "EC", "OKP", "oct"
    const char* crv;  // required curve, or nullptr
    const EVP_MD* (*md)();
    bool pss;
};

const EVP_MD* no_md() {
    return nullptr;
}

constexpr std::array<alg_info, 8> algorithms{{
    {"RS256", "RSA", nullptr, EVP_sha256, false},
    {"RS384", "RSA", nullptr, EVP_sha384, false},
    {"RS512", "RSA", nullptr, EVP_sha512, false},
    {"PS256", "RSA", nullptr, EVP_sha256, true},
    {"ES256", "EC", "P-256", EVP_sha256, false},
    {"ES384", "EC", "P-384", EVP_sha384, false},
    {"EdDSA", "OKP", "Ed25519", no_md, false},
    {"HS256", "oct", nullptr, EVP_sha256, false},
}};

const alg_info* find_alg(std::string_view name) {
    for (const auto& a : algorithms) {
        if (a.name == name) {
            return &a;
        }
    }
    return nullptr;
}

/// JOSE R||S to the DER an EVP verifier of ECDSA takes.
std::optional<std::string> ecdsa_der(const std::string& sig, std::size_t half) {
    if (sig.size() != 2 * half) {
        return std::nullopt;
    }
    std::unique_ptr<ECDSA_SIG, sig_deleter> s(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(bytes(sig), static_cast<int>(half), nullptr);
    BIGNUM* v = BN_bin2bn(bytes(sig) + half, static_cast<int>(half), nullptr);
    if (!s || !r || !v || ECDSA_SIG_set0(s.get(), r, v) != 1) {
        BN_free(r);
        BN_free(v);
        return std::nullopt;
    }
    unsigned char* der = nullptr;
    int len = i2d_ECDSA_SIG(s.get(), &der);
    if (len <= 0) {
        return std::nullopt;
    }
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

bool verify_signature(
    const alg_info& alg,
    EVP_PKEY* key,
    const std::string& signing_input,
    const std::string& signature
) {
    std::string sig = signature;
    if (std::string_view(alg.kty) == "EC") {
        auto der = ecdsa_der(signature, std::string_view(alg.crv) == "P-256" ? 32 : 48);
        if (!der) {
            return false;
        }
        sig = std::move(*der);
    }
    std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, alg.md(), nullptr, key) != 1) {
        return false;
    }
    if (alg.pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
        return false;
    }
    return EVP_DigestVerify(
               ctx.get(),
               bytes(sig),
               sig.size(),
               bytes(signing_input),
               signing_input.size()
           ) == 1;
}

bool hmac_ok(const std::string& secret, const std::string& input, const std::string& signature) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(
            EVP_sha256(),
            secret.data(),
            static_cast<int>(secret.size()),
            bytes(input),
            input.size(),
            mac,
            &len
        ) == nullptr) {
        return false;
    }
    return signature.size() == len && CRYPTO_memcmp(mac, signature.data(), len) == 0;
}

std::optional<json> json_part(std::string_view b64) {
    auto raw = base64url_decode(b64);
    if (!raw) {
        return std::nullopt;
    }
    auto j = json::parse(*raw, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return std::nullopt;
    }
    return j;
}

/// A NumericDate claim, when present and a number.
std::optional<std::int64_t> time_claim(const json& p, const char* name) {
    auto it = p.find(name);
    if (it == p.end() || !it->is_number()) {
        return std::nullopt;
    }
    // Clamped before the conversion (a double past int64 is undefined behaviour) and far from
    // int64's ends, so adding the leeway cannot overflow: +-2^40 s is beyond year 36,000.
    constexpr double limit = 1099511627776.0;
    return static_cast<std::int64_t>(std::clamp(it->get<double>(), -limit, limit));
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view in) {
    if (in.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(in.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : in) {
        int v = b64_value(c);
        if (v < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    // Leftover bits must be zero (a canonical encoding): otherwise two texts decode alike.
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) {
        return std::nullopt;
    }
    return out;
}

std::string base64url_encode(std::string_view in) {
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

std::variant<jwk_set, std::string> jwk_set::parse(std::string_view json_text) {
    auto doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") ||
        !doc["keys"].is_array()) {
        return std::string("not a JWKS: expected {\"keys\": [...]}");
    }
    jwk_set set;
    std::size_t index = 0;
    for (const auto& k : doc["keys"]) {
        const std::string where = "keys[" + std::to_string(index++) + "]";
        if (!k.is_object() || !k.contains("kty") || !k["kty"].is_string()) {
            return where + ": expected an object with \"kty\"";
        }
        if (k.value("use", "sig") != "sig") {
            continue;  // an encryption key
        }
        jwk key;
        key.kty = k["kty"].get<std::string>();
        key.kid = k.value("kid", "");
        key.alg = k.value("alg", "");
        key.crv = k.value("crv", "");
        if (key.kty == "RSA") {
            key.key = rsa_key(b64_member(k, "n"), b64_member(k, "e"));
        } else if (key.kty == "EC") {
            key.key = ec_key(key.crv, b64_member(k, "x"), b64_member(k, "y"));
        } else if (key.kty == "OKP" && key.crv == "Ed25519") {
            key.key = ed25519_key(b64_member(k, "x"));
        } else {
            continue;  // "oct" (never from a key set) and types we do not verify
        }
        if (!key.key) {
            return where + ": a malformed " + key.kty + " key" +
                   (key.kid.empty() ? std::string() : " (kid " + key.kid + ")");
        }
        set.keys.push_back(std::move(key));
    }
    return set;
}

std::variant<jwt_identity, std::string> verify_jwt(
    std::string_view token,
    const std::vector<jwt_issuer>& issuers,
    std::chrono::system_clock::time_point now
) {
    if (token.size() > max_jwt_bytes) {
        return std::string("token larger than 8 KiB");
    }
    auto dot1 = token.find('.');
    auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return std::string("not a JWS compact token (three parts)");
    }
    auto header = json_part(token.substr(0, dot1));
    auto payload = json_part(token.substr(dot1 + 1, dot2 - dot1 - 1));
    auto signature = base64url_decode(token.substr(dot2 + 1));
    if (!header || !payload || !signature) {
        return std::string("malformed header, payload or signature");
    }
    if (header->contains("crit")) {
        return std::string("a crit header (no JWS extension is understood)");
    }
    const std::string alg = header->value("alg", "");
    const std::string iss = payload->contains("iss") && (*payload)["iss"].is_string()
                                ? (*payload)["iss"].get<std::string>()
                                : std::string();
    const jwt_issuer* issuer = nullptr;
    for (const auto& i : issuers) {
        if (i.issuer == iss) {
            issuer = &i;
        }
    }
    if (issuer == nullptr) {
        return std::string("unknown issuer");
    }
    const alg_info* info = find_alg(alg);
    if (info == nullptr || std::find(issuer->algorithms.begin(), issuer->algorithms.end(), alg) ==
                               issuer->algorithms.end()) {
        return "algorithm '" + alg.substr(0, 16) + "' not allowed for this issuer";
    }
    const std::string signing_input(token.substr(0, dot2));
    if (info->name == "HS256") {
        if (issuer->hs256_secret.empty() ||
            !hmac_ok(issuer->hs256_secret, signing_input, *signature)) {
            return std::string("bad signature");
        }
    } else {
        if (!issuer->keys) {
            return std::string("no key set for this issuer");
        }
        const std::string kid = header->value("kid", "");
        std::vector<const jwk*> candidates;
        for (const auto& k : issuer->keys->keys) {
            if (k.kty != info->kty || (info->crv && k.crv != info->crv) ||
                (!k.alg.empty() && k.alg != alg)) {
                continue;  // never a key of another type or algorithm
            }
            if (kid.empty() || k.kid == kid) {
                candidates.push_back(&k);
            }
        }
        if (candidates.empty()) {
            return kid.empty() ? std::string("no key of this algorithm")
                               : "unknown kid '" + kid.substr(0, 64) + "'";
        }
        if (kid.empty() && candidates.size() > 1) {
            return std::string("no kid, and several keys could match");
        }
        if (!verify_signature(*info, candidates.front()->key.get(), signing_input, *signature)) {
            return std::string("bad signature");
        }
    }
    // Claims, once the signature holds.
    const auto t = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const auto leeway = issuer->leeway.count();
    auto exp = time_claim(*payload, "exp");
    if (!exp) {
        return std::string("no exp claim");
    }
    if (t > *exp + leeway) {
        return std::string("expired");
    }
    if (auto nbf = time_claim(*payload, "nbf"); nbf && t + leeway < *nbf) {
        return std::string("not valid yet (nbf)");
    }
    if (auto iat = time_claim(*payload, "iat"); iat && t + leeway < *iat) {
        return std::string("issued in the future (iat)");
    }
    bool audience_ok = false;
    if (auto aud = payload->find("aud"); aud != payload->end()) {
        const auto matches = [&](const json& a) {
            return a.is_string() && std::find(
                                        issuer->audiences.begin(),
                                        issuer->audiences.end(),
                                        a.get<std::string>()
                                    ) != issuer->audiences.end();
        };
        if (aud->is_array()) {
            audience_ok = std::any_of(aud->begin(), aud->end(), matches);
        } else {
            audience_ok = matches(*aud);
        }
    }
    if (!audience_ok) {
        return std::string("audience is not this gateway");
    }
    jwt_identity id;
    id.issuer = issuer->issuer;
    auto who = payload->find(issuer->principal_claim);
    if (who == payload->end() || !who->is_string() || who->get_ref<const std::string&>().empty()) {
        return "no " + issuer->principal_claim + " claim";
    }
    id.principal = who->get<std::string>();
    if (!issuer->roles_claim.empty()) {
        if (auto r = payload->find(issuer->roles_claim); r != payload->end()) {
            if (r->is_array()) {
                for (const auto& v : *r) {
                    if (v.is_string()) {
                        id.roles.push_back(v.get<std::string>());
                    }
                }
            } else if (r->is_string()) {  // "scope": space-separated
                std::string_view s = r->get_ref<const std::string&>();
                while (!s.empty()) {
                    auto sp = s.find(' ');
                    if (sp != 0) {
                        id.roles.emplace_back(s.substr(0, sp));
                    }
                    if (sp == std::string_view::npos) {
                        break;
                    }
                    s.remove_prefix(sp + 1);
                }
            }
        }
    }
    return id;
}

}  // namespace mcpgw::server

#include "json_schema_ref.hpp"

#include "json_schema_values.hpp"

namespace mcpgw::protocol::schema_detail {
namespace {

using json = nlohmann::json;

bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size()) {
            return false;
        }
        int hi = hex_digit(in[i + 1]);
        int lo = hex_digit(in[i + 2]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return true;
}

// One pointer step: an object member, or an array index without leading zeros.
bool step(const json*& at, const std::string& token) {
    if (at->is_object()) {
        auto it = at->find(token);
        if (it == at->end()) {
            return false;
        }
        at = &*it;
        return true;
    }
    if (!at->is_array() || token.empty() || token.size() > 9 ||
        (token.size() > 1 && token.front() == '0') ||
        token.find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    std::size_t index = std::stoul(token);
    if (index >= at->size()) {
        return false;
    }
    at = &(*at)[index];
    return true;
}

}  // namespace

std::optional<ref_target>
resolve_local_ref(const json& root, std::string_view ref, std::string& error) {
    std::string quoted = "$ref '" + std::string(ref) + "'";
    if (ref.empty() || ref.front() != '#') {
        error = quoted + " is not local (only \"#...\" refs are supported)";
        return std::nullopt;
    }
    std::string fragment;
    if (!percent_decode(ref.substr(1), fragment)) {
        error = quoted + " has a bad percent escape";
        return std::nullopt;
    }
    if (!fragment.empty() && fragment.front() != '/') {
        error = quoted + " uses an anchor; only JSON pointers are supported";
        return std::nullopt;
    }
    ref_target out{&root, ""};
    std::string token;
    std::size_t pos = 0;
    while (pos < fragment.size()) {
        std::size_t next = fragment.find('/', pos + 1);
        std::size_t end = next == std::string::npos ? fragment.size() : next;
        std::string_view raw = std::string_view(fragment).substr(pos + 1, end - pos - 1);
        if (!unescape_pointer_token(raw, token) || !step(out.schema, token)) {
            error = quoted + " cannot be resolved";
            return std::nullopt;
        }
        append_pointer_token(out.pointer, token);
        pos = end;
    }
    return out;
}

}  // namespace mcpgw::protocol::schema_detail

#include "pagination.hpp"

#include <charconv>

namespace mcpgw::server {

std::variant<page, protocol::rpc_error>
paginate(const nlohmann::json& params, std::size_t total, std::size_t page_size) {
    std::size_t begin = 0;
    if (params.is_object()) {
        if (auto c = params.find("cursor"); c != params.end() && !c->is_null()) {
            const std::string* text = c->is_string() ? c->get_ptr<const std::string*>() : nullptr;
            std::size_t value = 0;
            bool ok = text != nullptr && text->size() > 2 && text->starts_with("p:");
            if (ok) {
                auto [ptr, ec] =
                    std::from_chars(text->data() + 2, text->data() + text->size(), value);
                ok = ec == std::errc() && ptr == text->data() + text->size() && value <= total;
            }
            if (!ok) {
                return protocol::rpc_error::make(
                    protocol::rpc_code::invalid_params,
                    "Invalid params: cursor is not one this server issued"
                );
            }
            begin = value;
        }
    }
    page p;
    p.begin = begin;
    p.end = std::min(total, begin + page_size);
    if (p.end < total) {
        p.next_cursor = "p:" + std::to_string(p.end);
    }
    return p;
}

}  // namespace mcpgw::server

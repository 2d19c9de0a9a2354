#include "mcp_client.hpp"

#include <sstream>

namespace mcpgw::itest {

json rpc_request(const json& id, const std::string& method, const json& params) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

json rpc_notification(const std::string& method, const json& params) {
    return {{"jsonrpc", "2.0"}, {"method", method}, {"params", params}};
}

std::vector<json> messages_of(const http_result& r) {
    std::vector<json> out;
    if (r.header("Content-Type").find("text/event-stream") != std::string::npos) {
        std::istringstream in(r.body);
        std::string line;
        std::string data;
        auto flush = [&] {
            if (!data.empty()) {
                auto j = json::parse(data, nullptr, false);
                if (!j.is_discarded()) {
                    out.push_back(std::move(j));
                }
            }
            data.clear();
        };
        while (std::getline(in, line)) {
            if (line.empty()) {
                flush();
            } else if (line.rfind("data:", 0) == 0) {
                std::string value = line.substr(5);
                if (!value.empty() && value.front() == ' ') {
                    value.erase(0, 1);
                }
                data += (data.empty() ? "" : "\n") + value;
            }
        }
        flush();
        return out;
    }
    auto j = r.body_json();
    if (j.is_array()) {
        for (auto& m : j) {
            out.push_back(m);
        }
    } else if (!j.is_discarded()) {
        out.push_back(std::move(j));
    }
    return out;
}

mcp_client::mcp_client(std::uint16_t port, std::string path)
    : port_(port), path_(std::move(path)) {}

http_result mcp_client::initialize(
    const std::string& version,
    const json& capabilities,
    const header_list& extra
) {
    json params{
        {"protocolVersion", version},
        {"capabilities", capabilities},
        {"clientInfo", {{"name", "mcpgw-integration"}, {"version", "1.0"}}}};
    always_ = extra;  // e.g. Authorization: every later request of the session carries it
    header_list h{{"Content-Type", "application/json"}, {"Accept", accept_both}};
    h.insert(h.end(), extra.begin(), extra.end());
    auto r =
        http_request(port_, "POST", path_, h, rpc_request(next_id(), "initialize", params).dump());
    if (r.status == 200) {
        session_id_ = r.header("Mcp-Session-Id");
        auto msgs = messages_of(r);
        if (!msgs.empty() && msgs.front().contains("result")) {
            init_result_ = msgs.front()["result"];
            version_ = init_result_.value("protocolVersion", "");
        }
        notify("notifications/initialized");
    }
    return r;
}

header_list mcp_client::headers(const std::string& accept) const {
    header_list h{{"Content-Type", "application/json"}, {"Accept", accept}};
    if (!session_id_.empty()) {
        h.emplace_back("Mcp-Session-Id", session_id_);
    }
    if (!version_.empty()) {
        h.emplace_back("MCP-Protocol-Version", version_);
    }
    h.insert(h.end(), always_.begin(), always_.end());
    return h;
}

http_result
mcp_client::post(const std::string& body, const header_list& extra, const std::string& accept) {
    auto h = headers(accept);
    h.insert(h.end(), extra.begin(), extra.end());
    return http_request(port_, "POST", path_, h, body);
}

json mcp_client::call(const std::string& method, const json& params) {
    json id = next_id();
    auto r = post(rpc_request(id, method, params).dump());
    for (auto& m : messages_of(r)) {
        if (m.contains("id") && m["id"] == id && (m.contains("result") || m.contains("error"))) {
            return m;
        }
    }
    return json(json::value_t::discarded);
}

json mcp_client::call_tool(const std::string& name, const json& arguments) {
    return call("tools/call", {{"name", name}, {"arguments", arguments}});
}

int mcp_client::notify(const std::string& method, const json& params) {
    return post(rpc_notification(method, params).dump()).status;
}

}  // namespace mcpgw::itest

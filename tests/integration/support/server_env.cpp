#include "server_env.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace mcpgw::itest {

const std::string& server_env::get(const std::string& key) const {
    auto it = values.find(key);
    if (it == values.end()) {
        throw std::runtime_error("server env has no " + key);
    }
    return it->second;
}

std::string servers_dir() {
    if (const char* dir = std::getenv("MCPGW_SERVERS_DIR"); dir != nullptr && *dir != '\0') {
        return dir;
    }
    return MCPGW_SERVERS_DIR;
}

std::optional<server_env> load_server_env(const std::string& kind) {
    std::ifstream in(servers_dir() + "/" + kind + ".env");
    if (!in) {
        return std::nullopt;
    }
    server_env env;
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos || line.empty() || line[0] == '#') {
            continue;
        }
        env.values[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return env;
}

}  // namespace mcpgw::itest

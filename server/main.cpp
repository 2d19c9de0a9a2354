// mcpgw command line:
//   mcpgw [serve] (--config FILE | --demo) [--listen HOST:PORT]   serve HTTP (default)
//   mcpgw --stdio --config FILE                                   one client on stdin/stdout
//   mcpgw check --config FILE                                     validate and list tools
//   mcpgw version
#include <backends/core/log.hpp>
#include <server/app/demo.hpp>
#include <server/app/serve.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

constexpr const char* usage =
    "usage:\n"
    "  mcpgw [serve] (--config FILE | --demo) [--listen HOST:PORT]\n"
    "  mcpgw --stdio (--config FILE | --demo)\n"
    "  mcpgw check --config FILE\n"
    "  mcpgw version\n";

struct options {
    std::string command = "serve";
    std::optional<std::string> config;
    std::optional<std::string> listen;
    bool demo = false;
    bool stdio = false;
};

/// Parses argv; returns nullopt (after printing why) on a usage error.
std::optional<options> parse(int argc, char** argv) {
    options o;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const char* flag) -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                std::cerr << "mcpgw: " << flag << " needs a value\n" << usage;
                return std::nullopt;
            }
            return args[++i];
        };
        if (a == "serve" || a == "check" || a == "version") {
            o.command = a;
        } else if (a == "--version" || a == "-V") {
            o.command = "version";
        } else if (a == "--help" || a == "-h" || a == "help") {
            o.command = "help";
        } else if (a == "--config" || a == "-c") {
            if (!(o.config = value("--config"))) {
                return std::nullopt;
            }
        } else if (a.starts_with("--config=")) {
            o.config = a.substr(9);
        } else if (a == "--listen") {
            if (!(o.listen = value("--listen"))) {
                return std::nullopt;
            }
        } else if (a.starts_with("--listen=")) {
            o.listen = a.substr(9);
        } else if (a == "--demo") {
            o.demo = true;
        } else if (a == "--stdio") {
            o.stdio = true;
        } else {
            std::cerr << "mcpgw: unknown argument '" << a << "'\n" << usage;
            return std::nullopt;
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    auto opts = parse(argc, argv);
    if (!opts) {
        return 2;
    }
    if (opts->command == "help") {
        std::cout << usage;
        return 0;
    }
    if (opts->command == "version") {
        std::cout << "mcpgw " << MCPGW_VERSION << "\n";
        return 0;
    }
    if (!opts->config && !opts->demo) {
        std::cerr << "mcpgw: --config FILE or --demo is required\n" << usage;
        return 2;
    }
    try {
        auto config = opts->demo ? mcpgw::server::load_demo_config()
                                 : mcpgw::server::load_config(*opts->config);
        if (opts->listen) {
            mcpgw::server::apply_listen_override(config.listen, *opts->listen);
        }
        if (opts->command == "check") {
            return mcpgw::server::check_config(config);
        }
        if (opts->stdio) {
            return mcpgw::server::serve_stdio_mode(config);
        }
        return mcpgw::server::serve_http(config);
    } catch (const mcpgw::backends::config_error& e) {
        mcpgw::log::error("configuration error", {{"error", e.what()}});
        std::cerr << "mcpgw: configuration error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        mcpgw::log::error("fatal error", {{"error", e.what()}});
        return 1;
    }
}

// mcpgw command line: see `usage` below (mcpgw --help prints it).
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
    "  mcpgw [serve] --stdio (--config FILE | --demo)\n"
    "  mcpgw check (--config FILE | --demo) [--listen HOST:PORT]\n"
    "  mcpgw demo-db\n"
    "  mcpgw version | help\n"
    "\n"
    "commands:\n"
    "  serve        serve HTTP (the default command); SIGTERM/SIGINT drain and stop it\n"
    "  check        validate the configuration as serve would, list servers and tools, exit\n"
    "  demo-db      build the demo database if missing and print its path\n"
    "               ($MCPGW_DEMO_DB, default /tmp/mcpgw-demo.db)\n"
    "  version      print the version (also --version, -V)\n"
    "  help         print this text (also --help, -h)\n"
    "\n"
    "options:\n"
    "  -c, --config FILE     the configuration (docs/config.md)\n"
    "  --demo                the embedded demo configuration: one read-only SQLite server\n"
    "  --listen HOST:PORT    override listen.address and listen.port (port 0: pick a free one)\n"
    "  --stdio               one client on stdin/stdout (newline-delimited JSON-RPC)\n";

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
        if (a == "serve" || a == "check" || a == "version" || a == "demo-db") {
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
    if (opts->command == "demo-db") {
        try {
            auto path = mcpgw::server::demo_database_path();
            bool built = mcpgw::server::ensure_demo_database(path);
            std::cout << path << (built ? " (built)" : " (already there)") << "\n";
            return 0;
        } catch (const std::exception& e) {
            std::cerr << "mcpgw: " << e.what() << "\n";
            return 1;
        }
    }
    if (!opts->config && !opts->demo) {
        std::cerr << "mcpgw: --config FILE or --demo is required\n" << usage;
        return 2;
    }
    if (opts->config && opts->demo) {
        std::cerr << "mcpgw: --config and --demo exclude each other\n" << usage;
        return 2;
    }
    const bool checking = opts->command == "check";
    try {
        // check never writes: the demo database is built by serve (or demo-db).
        auto config = opts->demo ? mcpgw::server::load_demo_config(!checking)
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
        // Once: plain text for a person running check, a JSON log line for a running server
        // (its other lines are JSON too, and log collectors read them).
        if (checking) {
            std::cerr << "mcpgw: configuration error: " << e.what() << "\n";
        } else {
            mcpgw::log::error("configuration error", {{"error", e.what()}});
        }
        return 2;
    } catch (const std::exception& e) {
        mcpgw::log::error("fatal error", {{"error", e.what()}});
        return 1;
    }
}

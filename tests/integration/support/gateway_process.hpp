#pragma once
// Starts the real mcpgw binary as a child process: HTTP mode (waits for the "listening" log
// line and reads the port) or stdio mode (pipes on stdin/stdout). Stderr goes to a file so
// tests can assert on the logs. Every wait is bounded.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace mcpgw::itest {

using namespace std::chrono_literals;

/// A temporary directory removed (recursively) on destruction.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::string& path() const { return path_; }
    /// Writes `content` to path()/name and returns the full path.
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::string path_;
};

/// The mcpgw binary under test (env MCPGW_BINARY, else the compile-time path).
std::string mcpgw_binary();

/// Reads a whole file ("" when missing).
std::string read_file(const std::string& path);

/// A child process with stderr captured to a file.
class child_process {
public:
    child_process() = default;
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /// Spawns argv[0] with args; stdin/stdout are pipes when `pipes`, else /dev/null / a file.
    void spawn(const std::vector<std::string>& argv, const std::string& log_dir, bool pipes);

    pid_t pid() const { return pid_; }
    bool running();
    void send_signal(int signo);
    /// Waits for the exit; returns the exit code (128 + signal when killed), nullopt on timeout.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);
    /// SIGKILL and reap (for cleanup).
    void kill_now();
    std::string stderr_text() const { return read_file(stderr_path_); }
    std::string stdout_text() const { return read_file(stdout_path_); }

    // Pipes (stdio mode).
    bool write_stdin(const std::string& data);
    void close_stdin();
    /// One line from stdout without the newline; nullopt on timeout or EOF.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    /// True when stdout reached EOF within the timeout with no further data.
    bool stdout_eof(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    bool stdout_closed_ = false;
    std::string stdout_buffer_;
    std::string stderr_path_;
    std::string stdout_path_;
};

/// mcpgw serve --config F --listen ADDR on a temp config.
class gateway_process {
public:
    /// Starts the gateway and waits (10 s) for the "listening" line. On failure started()
    /// is false and stderr_text() says why.
    explicit gateway_process(
        const std::string& yaml,
        const std::string& listen = "127.0.0.1:0",
        bool wait_for_listening = true
    );
    ~gateway_process();
    gateway_process(const gateway_process&) = delete;
    gateway_process& operator=(const gateway_process&) = delete;

    bool started() const { return port_ != 0; }
    std::uint16_t port() const { return port_; }
    const temp_dir& dir() const { return dir_; }
    child_process& process() { return proc_; }
    std::string stderr_text() const { return proc_.stderr_text(); }

    /// SIGTERM, then the exit code within `timeout` (SIGKILL and nullopt when it hangs).
    std::optional<int> stop(std::chrono::milliseconds timeout = 10s);

private:
    temp_dir dir_;
    child_process proc_;
    std::uint16_t port_ = 0;
};

/// mcpgw --stdio --config F with pipes.
class stdio_process {
public:
    explicit stdio_process(const std::string& yaml);
    child_process& process() { return proc_; }
    const temp_dir& dir() const { return dir_; }

private:
    temp_dir dir_;
    child_process proc_;
};

/// Finds the first JSON log line on stderr whose "msg" equals `msg` (nullopt when none).
std::optional<std::string> find_log_line(const std::string& stderr_text, const std::string& msg);

}  // namespace mcpgw::itest

#include "gateway_process.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mcpgw::itest {

namespace {

std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds d) {
    return std::chrono::steady_clock::now() + d;
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()
    );
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// A child that exits while we write to its stdin must not kill the test binary.
const bool sigpipe_ignored = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
}();

}  // namespace

temp_dir::temp_dir() {
    std::string templ = (std::filesystem::temp_directory_path() / "mcpgw-itest-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = templ;
}

temp_dir::~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string temp_dir::write(const std::string& name, const std::string& content) const {
    std::string full = path_ + "/" + name;
    std::ofstream out(full, std::ios::binary);
    out << content;
    return full;
}

std::string mcpgw_binary() {
    if (const char* env = std::getenv("MCPGW_BINARY"); env != nullptr && *env != '\0') {
        return env;
    }
#ifdef MCPGW_BINARY_PATH
    return MCPGW_BINARY_PATH;
#else
    return "mcpgw";
#endif
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

child_process::~child_process() {
    if (stdin_fd_ >= 0) {
        ::close(stdin_fd_);
    }
    if (stdout_fd_ >= 0) {
        ::close(stdout_fd_);
    }
    if (pid_ > 0 && !exit_code_) {
        kill_now();
    }
}

void child_process::spawn(
    const std::vector<std::string>& argv,
    const std::string& log_dir,
    bool pipes
) {
    stderr_path_ = log_dir + "/stderr.log";
    stdout_path_ = log_dir + "/stdout.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int in_pipe[2] = {-1, -1};
    int out_pipe[2] = {-1, -1};
    if (pipes) {
        if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe failed");
        }
        posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(
            &actions,
            STDOUT_FILENO,
            stdout_path_.c_str(),
            O_WRONLY | O_CREAT | O_TRUNC,
            0644
        );
    }
    posix_spawn_file_actions_addopen(
        &actions,
        STDERR_FILENO,
        stderr_path_.c_str(),
        O_WRONLY | O_CREAT | O_TRUNC,
        0644
    );
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));  // NOLINT: posix_spawn's signature
    }
    args.push_back(nullptr);
    int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (pipes) {
        ::close(in_pipe[0]);
        ::close(out_pipe[1]);
        stdin_fd_ = in_pipe[1];
        stdout_fd_ = out_pipe[0];
    }
    if (rc != 0) {
        pid_ = -1;
        throw std::runtime_error("posix_spawn " + argv[0] + " failed: " + std::to_string(rc));
    }
}

bool child_process::running() {
    if (pid_ <= 0 || exit_code_) {
        return false;
    }
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

void child_process::send_signal(int signo) {
    if (running()) {
        ::kill(pid_, signo);
    }
}

std::optional<int> child_process::wait_exit(std::chrono::milliseconds timeout) {
    auto deadline = deadline_after(timeout);
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_for(10ms);
    }
    return exit_code_;
}

void child_process::kill_now() {
    if (running()) {
        ::kill(pid_, SIGKILL);
        (void)wait_exit(5s);
    }
}

bool child_process::write_stdin(const std::string& data) {
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        ssize_t n = ::write(stdin_fd_, p, left);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

void child_process::close_stdin() {
    if (stdin_fd_ >= 0) {
        ::close(stdin_fd_);
        stdin_fd_ = -1;
    }
}

std::optional<std::string> child_process::read_line(std::chrono::milliseconds timeout) {
    auto deadline = deadline_after(timeout);
    while (true) {
        if (auto nl = stdout_buffer_.find('\n'); nl != std::string::npos) {
            std::string line = stdout_buffer_.substr(0, nl);
            stdout_buffer_.erase(0, nl + 1);
            return line;
        }
        if (stdout_closed_) {
            return std::nullopt;
        }
        pollfd pfd{stdout_fd_, POLLIN, 0};
        int r = ::poll(&pfd, 1, remaining_ms(deadline));
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return std::nullopt;
        }
        char buf[4096];
        ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
        if (n <= 0) {
            stdout_closed_ = true;
            continue;
        }
        stdout_buffer_.append(buf, static_cast<std::size_t>(n));
    }
}

bool child_process::stdout_eof(std::chrono::milliseconds timeout) {
    auto deadline = deadline_after(timeout);
    while (!stdout_closed_) {
        pollfd pfd{stdout_fd_, POLLIN, 0};
        int r = ::poll(&pfd, 1, remaining_ms(deadline));
        if (r <= 0) {
            return false;
        }
        char buf[4096];
        ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
        if (n <= 0) {
            stdout_closed_ = true;
        } else {
            stdout_buffer_.append(buf, static_cast<std::size_t>(n));
        }
    }
    return stdout_buffer_.empty();
}

std::optional<std::string> find_log_line(const std::string& stderr_text, const std::string& msg) {
    std::istringstream in(stderr_text);
    std::string line;
    while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.value("msg", "") == msg) {
            return line;
        }
    }
    return std::nullopt;
}

gateway_process::gateway_process(
    const std::string& yaml,
    const std::string& listen,
    bool wait_for_listening
) {
    auto config = dir_.write("gateway.yaml", yaml);
    proc_.spawn(
        {mcpgw_binary(), "serve", "--config", config, "--listen", listen},
        dir_.path(),
        false
    );
    if (!wait_for_listening) {
        return;
    }
    auto deadline = deadline_after(10s);
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto line = find_log_line(proc_.stderr_text(), "listening")) {
            auto j = nlohmann::json::parse(*line);
            port_ = j.at("port").get<std::uint16_t>();
            return;
        }
        if (!proc_.running()) {
            return;
        }
        std::this_thread::sleep_for(2ms);
    }
}

gateway_process::~gateway_process() {
    if (proc_.running()) {
        (void)stop(5s);
    }
}

std::optional<int> gateway_process::stop(std::chrono::milliseconds timeout) {
    proc_.send_signal(SIGTERM);
    auto code = proc_.wait_exit(timeout);
    if (!code) {
        proc_.kill_now();
    }
    return code;
}

stdio_process::stdio_process(const std::string& yaml) {
    auto config = dir_.write("gateway.yaml", yaml);
    proc_.spawn({mcpgw_binary(), "--stdio", "--config", config}, dir_.path(), true);
}

}  // namespace mcpgw::itest

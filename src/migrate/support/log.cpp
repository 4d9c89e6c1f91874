// The logger: stderr, plain text or one JSON object per line.
#include "migrate/support/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "migrate/support/text.hpp"

namespace migrate {

namespace {

std::shared_ptr<spdlog::logger>& instance() {
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = std::make_shared<spdlog::logger>(
            "migrate", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
        l->set_level(spdlog::level::info);
        return l;
    }();
    return logger;
}

// %* in the JSON pattern: the message as a JSON string body. Messages hold what users wrote
// (revision messages, paths, SQL), so quotes, backslashes, newlines and bytes that are no
// UTF-8 all occur; each line must still parse.
class JsonMessage final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        std::string_view s(msg.payload.data(), msg.payload.size());
        static const char* hex = "0123456789abcdef";
        for (std::size_t i = 0; i < s.size();) {
            char c = s[i];
            auto put = [&](std::string_view text) {
                dest.append(text.data(), text.data() + text.size());
            };
            if (c == '"') {
                put("\\\"");
            } else if (c == '\\') {
                put("\\\\");
            } else if (c == '\n') {
                put("\\n");
            } else if (c == '\r') {
                put("\\r");
            } else if (c == '\t') {
                put("\\t");
            } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                const char u[] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xf], hex[c & 0xf]};
                put(std::string_view(u, sizeof u));
            } else if (std::size_t n = text::utf8_length(s, i); n > 0) {
                put(s.substr(i, n));
                i += n;
                continue;
            } else {
                put("\\ufffd");  // a byte that is no UTF-8: the replacement character
            }
            ++i;
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonMessage>();
    }
};

}  // namespace

spdlog::logger& log() {
    return *instance();
}

void configure_log(spdlog::level::level_enum level, const std::string& format) {
    auto& l = *instance();
    l.set_level(level);
    if (format == "json") {
        auto formatter =
            std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
        formatter->add_flag<JsonMessage>('*').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","message":"%*"})");
        l.set_formatter(std::move(formatter));
    } else {
        l.set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    }
}

}  // namespace migrate

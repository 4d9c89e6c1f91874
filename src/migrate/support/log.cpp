// The logger: stderr, plain text or one JSON object per line.
#include "migrate/support/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

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
}  // namespace

spdlog::logger& log() { return *instance(); }

void configure_log(spdlog::level::level_enum level, const std::string& format) {
    auto& l = *instance();
    l.set_level(level);
    if (format == "json") {
        // spdlog does not escape %v; log messages are plain one-line text by convention.
        l.set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","message":"%v"})",
                      spdlog::pattern_time_type::utc);
    } else {
        l.set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    }
}

}  // namespace migrate

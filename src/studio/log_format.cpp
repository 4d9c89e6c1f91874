// A spdlog formatter that escapes what a client may have put in a message.
#include "studio/log_format.hpp"

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "migrate/support/log.hpp"
#include "studio/utf8.hpp"

namespace studio {

namespace {

thread_local std::string request_id;

std::string utc_time(const spdlog::log_clock::time_point& t) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return fmt::format("{}.{:03d}Z", buf, ms % 1000);
}

class ServiceFormatter : public spdlog::formatter {
  public:
    explicit ServiceFormatter(bool json) : json_(json) {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        std::string_view payload(msg.payload.data(), msg.payload.size());
        std::string level(spdlog::level::to_string_view(msg.level).data(),
                          spdlog::level::to_string_view(msg.level).size());
        std::string line;
        if (json_) {
            nlohmann::json j = {{"time", utc_time(msg.time)}, {"level", level}};
            if (!request_id.empty()) j["request_id"] = request_id;
            j["message"] = std::string(payload);
            // Bytes that are not UTF-8 become U+FFFD rather than an exception or bad JSON.
            line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        } else {
            line = utc_time(msg.time) + " " + level + " ";
            if (!request_id.empty()) line += "[" + request_id + "] ";
            line += escape_for_log(payload);
        }
        line += '\n';
        dest.append(line.data(), line.data() + line.size());
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<ServiceFormatter>(json_);
    }

  private:
    bool json_;
};

}  // namespace

void configure_service_log(const std::string& format) {
    migrate::log().set_formatter(std::make_unique<ServiceFormatter>(format == "json"));
}

void set_log_request_id(std::string id) {
    request_id = std::move(id);
}

const std::string& log_request_id() {
    return request_id;
}

}  // namespace studio

// The one logger (the only singleton): every layer logs through migrate::log().
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace migrate {

spdlog::logger& log();

// Called once by the command line: level (-v/-q) and format (text or json lines), to stderr.
void configure_log(spdlog::level::level_enum level, const std::string& format);

}  // namespace migrate

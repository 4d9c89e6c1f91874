// The service's log lines: escaped text or JSON objects, each carrying its request's id.
#pragma once

#include <string>

namespace studio {

// Installs the formatter on migrate::log(): "text" writes "TIME LEVEL [request-id] message"
// with control characters escaped (escape_for_log); "json" writes one JSON object per line,
// {"time", "level", "request_id"?, "message"}, valid whatever the message holds.
void configure_service_log(const std::string& format);

// The request this thread is serving, named in every line it logs until cleared ("").
void set_log_request_id(std::string id);
const std::string& log_request_id();

}  // namespace studio

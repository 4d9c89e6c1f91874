// studio::ApiError: a failure the HTTP layer reports as {"error": {code, message, details}}.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace studio {

// Storage throws these for what the client did wrong (or for a state worth retrying, 503);
// anything else is a 500.
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string code, const std::string& message,
             nlohmann::json details = nlohmann::json::object())
        : std::runtime_error(message),
          status_(status),
          code_(std::move(code)),
          details_(std::move(details)) {}

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const nlohmann::json& details() const { return details_; }
    // Response headers that go with the status: Retry-After on 503, Allow on 405.
    const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
    ApiError& with_header(std::string name, std::string value) {
        headers_.emplace_back(std::move(name), std::move(value));
        return *this;
    }

  private:
    int status_;
    std::string code_;
    nlohmann::json details_;
    std::vector<std::pair<std::string, std::string>> headers_;
};

// One invalid field of a request, for the 400 that lists them all.
struct FieldProblem {
    std::string field;
    std::string message;
};

// 400 naming every invalid field: details.errors is [{field, message}], details.field the
// first of them.
inline ApiError invalid_fields(const std::vector<FieldProblem>& problems) {
    nlohmann::json errors = nlohmann::json::array();
    std::string message;
    for (const auto& p : problems) {
        errors.push_back({{"field", p.field}, {"message", p.message}});
        message += (message.empty() ? "" : "; ") + p.field + ": " + p.message;
    }
    nlohmann::json details = {{"errors", errors}};
    if (!problems.empty()) details["field"] = problems.front().field;
    return ApiError(400, "validation_error", message, details);
}

inline ApiError bad_field(const std::string& field, const std::string& message) {
    return invalid_fields({{field, message}});
}

inline ApiError not_found(const std::string& table, const std::string& id) {
    return ApiError(404, "not_found", "no " + table + " row with id " + id,
                    {{"resource", table}, {"id", id}});
}

// 503 with Retry-After: the request may well succeed when sent again.
inline ApiError unavailable(const std::string& message, int retry_after_seconds = 1) {
    return ApiError(503, "unavailable", message)
        .with_header("Retry-After", std::to_string(retry_after_seconds));
}

}  // namespace studio

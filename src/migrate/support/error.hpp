// migrate::Error: the one exception type, with a kind, a message and context lines.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace migrate {

// The kind decides the exit code in cli/; nothing else maps kinds to numbers.
enum class ErrorKind {
    usage,          // bad command line or target (exit 2)
    config,         // settings, URLs, environments (exit 2)
    connection,     // cannot open or reach the database (exit 3)
    migration,      // a revision's SQL failed and was rolled back (exit 4)
    revision_file,  // malformed or inconsistent revision files (exit 5)
    lock_timeout,   // another runner held the lock too long (exit 4)
    interrupted,    // Ctrl-C or SIGTERM; the revision in progress was rolled back (exit 130)
};

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, std::string message);

    ErrorKind kind() const { return kind_; }
    const std::string& message() const { return message_; }
    // Context lines accumulate as the error crosses boundaries: "file x.yaml:12", "sql: ...".
    const std::vector<std::string>& context() const { return context_; }
    // What to do about it; printed after the context.
    const std::vector<std::string>& hints() const { return hints_; }
    const std::string& sqlstate() const { return sqlstate_; }

    Error& add_context(std::string line);
    Error& add_hint(std::string line);
    Error& set_sqlstate(std::string code);

  private:
    ErrorKind kind_;
    std::string message_;
    std::vector<std::string> context_;
    std::vector<std::string> hints_;
    std::string sqlstate_;
};

// Nearest candidate by edit distance, for "did you mean" hints; empty when none is close.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace migrate

// A transaction guard: begun explicitly, committed explicitly, rolled back by its destructor
// when neither happened, so no path through the runner leaves one open.
#pragma once

#include "migrate/dialect/connection.hpp"

namespace migrate::runtime {

class Transaction {
  public:
    // idle: nothing begun (a non-transactional revision runs without one); in_doubt: the
    // commit was cut off, so only the version table can say whether it happened.
    enum class State { idle, active, committed, rolled_back, in_doubt };

    explicit Transaction(dialect::Connection& connection) : connection_(connection) {}
    // Begins at once.
    Transaction(dialect::Connection& connection, bool relax_foreign_keys);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void begin(bool relax_foreign_keys);
    // Throws what the connection throws; a commit that fails on a lost connection leaves
    // the state in_doubt, any other failure rolled_back.
    void commit();
    void rollback() noexcept;
    State state() const { return state_; }
    bool active() const { return state_ == State::active; }

  private:
    dialect::Connection& connection_;
    State state_ = State::idle;
};

}  // namespace migrate::runtime

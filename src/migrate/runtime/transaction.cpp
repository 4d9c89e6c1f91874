// Transaction states: idle -> active -> committed | rolled_back | in_doubt.
#include "migrate/runtime/transaction.hpp"

#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"

namespace migrate::runtime {

Transaction::Transaction(dialect::Connection& connection, bool relax_foreign_keys)
    : connection_(connection) {
    begin(relax_foreign_keys);
}

Transaction::~Transaction() {
    // A destructor never throws: Connection::rollback() is noexcept and logs its own failure.
    if (state_ == State::active) rollback();
}

void Transaction::begin(bool relax_foreign_keys) {
    connection_.begin(relax_foreign_keys);
    state_ = State::active;
}

void Transaction::commit() {
    try {
        connection_.commit();
        state_ = State::committed;
    } catch (const Error& e) {
        // The server may have committed before the connection went; nobody can roll back.
        state_ = e.kind() == ErrorKind::connection ? State::in_doubt : State::rolled_back;
        if (state_ == State::rolled_back && connection_.in_transaction()) connection_.rollback();
        throw;
    } catch (...) {
        state_ = State::rolled_back;
        if (connection_.in_transaction()) connection_.rollback();
        throw;
    }
}

void Transaction::rollback() noexcept {
    if (state_ != State::active) return;
    if (connection_.in_transaction()) connection_.rollback();
    state_ = State::rolled_back;
    log().debug("transaction rolled back");
}

}  // namespace migrate::runtime

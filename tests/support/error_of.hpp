// Catching the migrate::Error a call must throw, and all its text, for tests to inspect.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace testing_support {

// Runs f, which must throw migrate::Error, and returns the error (a failure when it does not).
template <class F>
migrate::Error error_of(F&& f) {
    try {
        f();
    } catch (const migrate::Error& e) {
        return e;
    }
    ADD_FAILURE() << "expected migrate::Error";
    return migrate::Error(migrate::ErrorKind::usage, "none");
}

// The message, context lines and hints as one text.
inline std::string everything(const migrate::Error& e) {
    return e.message() + "\n" + migrate::text::join(e.context(), "\n") + "\n" +
           migrate::text::join(e.hints(), "\n");
}

}  // namespace testing_support

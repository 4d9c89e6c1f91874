// overloaded{lambdas...}: one visitor for std::visit out of a lambda per alternative.
#pragma once

namespace migrate {

template <class... Fs>
struct overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

}  // namespace migrate

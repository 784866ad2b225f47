#include "management/rules.hpp"

namespace norced::management {

const Rules& rules_of(const registry::Resource& r) {
  static const Rules none;
  return r.behavior ? *static_cast<const Rules*>(r.behavior.get()) : none;
}

Rules& rules_for(registry::Resource& r) {
  if (!r.behavior) r.behavior = std::make_shared<Rules>();
  // Created here as a mutable Rules; only this layer ever reads it back.
  return *const_cast<Rules*>(static_cast<const Rules*>(r.behavior.get()));
}

}  // namespace norced::management

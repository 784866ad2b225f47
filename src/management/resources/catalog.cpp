#include "management/resources/resources.hpp"

namespace norced::management::resources {

const registry::Catalog& catalog() {
  static const registry::Catalog c({&category(), &price_list(), &client_currency(), &client_price_list_type()});
  return c;
}

}  // namespace norced::management::resources

// Connect's operations in the served OpenAPI document (management/openapi.hpp assembles it): the imports of
// import_kinds() and the Job service, with the X-StormConnect-Header, both body forms and the job documents, so
// the reference page lists and tries them like the Management API's.
#pragma once

#include <string>

namespace norced::connect {

struct OpenApiPart {
  std::string paths;    // a JSON object: its members go into `paths`
  std::string schemas;  // a JSON object: its members go into components.schemas
};

OpenApiPart openapi_part();

}  // namespace norced::connect
